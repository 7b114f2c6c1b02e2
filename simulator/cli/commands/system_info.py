"""`docker version` and `docker info` (cli/command/system/version.go, info.go layouts)."""
import json

from ...engine import system
from ..format.gotemplate import TemplateError
from ..format.units import bytes_size
from ..spec import CliError, handler
from .inspect import template

CLIENT = {
    "Platform": {"Name": "Docker Engine - Community"}, "Version": system.VERSION, "APIVersion": system.API_VERSION,
    "DefaultAPIVersion": system.API_VERSION, "GitCommit": system.CLIENT_COMMIT, "GoVersion": system.GO_VERSION,
    "Os": "linux", "Arch": "amd64", "BuildTime": system.BUILT, "Context": "default",
}
PLUGINS = [
    {"Name": "buildx", "ShortDescription": "Docker Buildx", "Vendor": "Docker Inc.", "Version": "v0.29.1",
     "Path": "/usr/libexec/docker/cli-plugins/docker-buildx"},
    {"Name": "compose", "ShortDescription": "Docker Compose", "Vendor": "Docker Inc.", "Version": "v2.40.3",
     "Path": "/usr/libexec/docker/cli-plugins/docker-compose"},
]


def json_names(fields):
    """Go field names as the API's JSON spells them (APIVersion is "ApiVersion")."""
    return {("ApiVersion" if key == "APIVersion" else key): value for key, value in fields.items()}


def go_names(fields):
    return {("APIVersion" if key == "ApiVersion" else key): value for key, value in fields.items()}


def formatted(ctx, fmt, data):
    if fmt == "json":
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        ctx.out(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n")
        return 0
    try:
        ctx.out(template(fmt).execute(data) + "\n")
    except TemplateError as error:
        raise CliError(str(error)) from None
    return 0


@handler("version")
def version(ctx, opts, args):
    server = ctx.engine.system.version()
    if opts.format == "json":
        return formatted(ctx, "json", {"Client": json_names(CLIENT), "Server": server})
    if opts.format:
        return formatted(ctx, opts.format, {"Client": CLIENT, "Server": go_names(server)})
    lines = ["Client: Docker Engine - Community",
             f" Version:           {CLIENT['Version']}",
             f" API version:       {CLIENT['APIVersion']}",
             f" Go version:        {CLIENT['GoVersion']}",
             f" Git commit:        {CLIENT['GitCommit']}",
             f" Built:             {CLIENT['BuildTime']}",
             " OS/Arch:           linux/amd64",
             " Context:           default",
             "",
             f"Server: {server['Platform']['Name']}"]
    engine, *components = server["Components"]
    details = engine["Details"]
    lines += [" Engine:",
              f"  Version:          {engine['Version']}",
              f"  API version:      {details['ApiVersion']} (minimum version {details['MinAPIVersion']})",
              f"  Go version:       {details['GoVersion']}",
              f"  Git commit:       {details['GitCommit']}",
              f"  Built:            {details['BuildTime']}",
              f"  OS/Arch:          {details['Os']}/{details['Arch']}",
              f"  Experimental:     {details['Experimental']}"]
    for component in components:
        lines += [f" {component['Name']}:",
                  f"  Version:          {component['Version']}",
                  f"  GitCommit:        {component['Details']['GitCommit']}"]
    ctx.out("\n".join(lines) + "\n")
    return 0


def info_lines(info):
    security = []
    for option in info["SecurityOptions"]:
        parts = dict(p.split("=", 1) for p in option.split(","))
        security.append(f"  {parts['name']}")
        security += [f"   {k.title()}: {v}" for k, v in parts.items() if k != "name"]
    return [
        "Server:",
        f" Containers: {info['Containers']}",
        f"  Running: {info['ContainersRunning']}",
        f"  Paused: {info['ContainersPaused']}",
        f"  Stopped: {info['ContainersStopped']}",
        f" Images: {info['Images']}",
        f" Server Version: {info['ServerVersion']}",
        f" Storage Driver: {info['Driver']}",
        *[f"  {k}: {v}" for k, v in info["DriverStatus"]],
        f" Logging Driver: {info['LoggingDriver']}",
        f" Cgroup Driver: {info['CgroupDriver']}",
        f" Cgroup Version: {info['CgroupVersion']}",
        " Plugins:",
        f"  Volume: {' '.join(info['Plugins']['Volume'])}",
        f"  Network: {' '.join(info['Plugins']['Network'])}",
        f"  Log: {' '.join(info['Plugins']['Log'])}",
        " CDI spec directories:",
        "  /etc/cdi",
        "  /var/run/cdi",
        f" Swarm: {info['Swarm']['LocalNodeState']}",
        f" Runtimes: {' '.join(sorted(info['Runtimes']))}",
        f" Default Runtime: {info['DefaultRuntime']}",
        f" Init Binary: {info['InitBinary']}",
        f" containerd version: {info['ContainerdCommit']['ID']}",
        f" runc version: {info['RuncCommit']['ID']}",
        f" init version: {info['InitCommit']['ID']}",
        " Security Options:",
        *security,
        f" Kernel Version: {info['KernelVersion']}",
        f" Operating System: {info['OperatingSystem']}",
        f" OSType: {info['OSType']}",
        f" Architecture: {info['Architecture']}",
        f" CPUs: {info['NCPU']}",
        f" Total Memory: {bytes_size(info['MemTotal'])}",
        f" Name: {info['Name']}",
        f" ID: {info['ID']}",
        f" Docker Root Dir: {info['DockerRootDir']}",
        " Debug Mode: false",
        " Experimental: false",
        " Insecure Registries:",
        "  ::1/128",
        "  127.0.0.0/8",
        " Live Restore Enabled: false",
        " Firewall Backend: iptables",
    ]


@handler("system info")
def info(ctx, opts, args):
    data = ctx.engine.system.info()
    if opts.format:
        return formatted(ctx, opts.format, {**data, "ClientInfo": {"Debug": False, "Context": "default",
                                                                    "Plugins": PLUGINS}})
    lines = ["Client: Docker Engine - Community", f" Version:    {CLIENT['Version']}", " Context:    default",
             " Debug Mode: false", " Plugins:"]
    for plugin in PLUGINS:
        lines += [f"  {plugin['Name']}: {plugin['ShortDescription']} ({plugin['Vendor']})",
                  f"    Version:  {plugin['Version']}", f"    Path:     {plugin['Path']}"]
    ctx.out("\n".join(lines + [""] + info_lines(data) + [""]) + "\n")
    return 0
