"""`docker run` / `docker create` flags turned into the API's create request (Config,
HostConfig, NetworkingConfig), with the CLI's own validation (cli/command/container/opts.go)."""
import re

from ...engine import reference
from ...engine.ports import PortSpecError, parse_expose, parse_publish
from .. import messages as msg
from ..spec import CliError

SIZE = re.compile(r"^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[bB]?$")
UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3, "t": 1024 ** 4, "p": 1024 ** 5}


def ram_in_bytes(text):
    """go-units RAMInBytes: `512m`, `1g`, `100k`, `1024`; None when invalid."""
    match = SIZE.match(text.strip())
    if not match:
        return None
    return int(float(match.group(1)) * UNITS[(match.group(2) or "").lower()])


DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def duration_seconds(text):
    """Go's time.ParseDuration ("1m30s", "500ms"); None when it is not one."""
    if text == "0":
        return 0.0
    parts = DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * UNIT_SECONDS[u] for n, u in parts)


def healthcheck(ctx, opts):
    """Config.Healthcheck from --health-* flags (durations in nanoseconds), or None."""
    if opts.no_healthcheck:
        return {"Test": ["NONE"]}
    check = {"Test": ["CMD-SHELL", opts.health_cmd]} if opts.health_cmd else {}
    for flag, key in (("health-interval", "Interval"), ("health-timeout", "Timeout"),
                      ("health-start-period", "StartPeriod"), ("health-start-interval", "StartInterval")):
        if opts.changed(flag):
            value = getattr(opts, flag.replace("-", "_"))
            seconds = duration_seconds(value)
            if seconds is None:
                raise flag_error(ctx, "--" + flag, value, f'time: invalid duration "{value}"')
            check[key] = int(seconds * 1_000_000_000)
    if opts.changed("health-retries"):
        check["Retries"] = opts.health_retries
    return check or None


def flag_error(ctx, label, value, reason):
    error = msg.INVALID_ARGUMENT.format(value=f'"{value}"', flag=f'"{label}"', reason=reason)
    return CliError(msg.FLAG_ERROR.format(error=error, use_line=ctx.command.use_line(ctx.path), path=ctx.path),
                    125)


def read_lines(ctx, path):
    """KEY=VALUE lines of an --env-file / --label-file (comments and blank lines skipped)."""
    try:
        text = ctx.proc.fs.read_text(ctx.proc.path(path))
    except Exception:  # noqa: BLE001 - any filesystem failure reads as a missing file
        raise ctx.with_help(f"open {path}: no such file or directory") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def environment(ctx, opts):
    entries = []
    for path in opts.env_file:
        entries += read_lines(ctx, path)
    entries += opts.env
    out = []
    for entry in entries:
        if "=" in entry:
            out.append(entry)
        elif entry in ctx.proc.env:
            out.append(f"{entry}={ctx.proc.env[entry]}")
    return out


def labels(ctx, opts):
    found = {}
    for entry in [line for path in opts.label_file for line in read_lines(ctx, path)] + opts.label:
        key, _, value = entry.partition("=")
        found[key] = value
    return found


def restart_policy(ctx, text):
    name, _, count = text.partition(":")
    if count and not count.lstrip("-").isdigit():
        raise ctx.with_help("invalid restart policy format: maximum retry count must be an integer")
    return {"Name": name, "MaximumRetryCount": int(count) if count else 0}


def bind_source(ctx, spec):
    """-v ./site:/x names the host path relative to the working directory."""
    source, sep, rest = spec.partition(":")
    if sep and (source.startswith(".") or source.startswith("~")):
        home = ctx.proc.env.get("HOME", "/root")
        source = home + source[1:] if source.startswith("~") else ctx.proc.path(source)
        return f"{source}:{rest}"
    return spec


def ram_in_bytes(text):
    """go-units RAMInBytes: 64m, 1.5g, 512k, 100 (bytes); binary multiples; None when malformed."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?) ?([kmgtp])?i?b?", text.strip().lower())
    if not match:
        return None
    return int(float(match.group(1)) * 1024 ** " kmgtp".index(match.group(2) or " "))


def octal(text):
    return int(text, 8) if re.fullmatch("[0-7]+", text) else None


def mount_spec(ctx, text):
    spec = {"Type": "volume"}
    for field in text.split(","):
        key, sep, value = field.partition("=")
        key = key.strip().lower()
        if key == "type":
            spec["Type"] = value
        elif key in ("source", "src"):
            spec["Source"] = value
        elif key in ("target", "destination", "dst"):
            spec["Target"] = value
        elif key in ("readonly", "ro"):
            spec["ReadOnly"] = value.lower() not in ("false", "0") if sep else True
        elif key in ("tmpfs-size", "tmpfs-mode"):
            number = ram_in_bytes(value) if key == "tmpfs-size" else octal(value)
            if number is None:
                raise flag_error(ctx, "--mount", text, f"invalid value for {key}: {value}")
            spec.setdefault("TmpfsOptions", {})["SizeBytes" if key == "tmpfs-size" else "Mode"] = number
        elif key not in ("volume-driver", "volume-opt", "bind-propagation",
                         "consistency", "volume-nocopy", "volume-subpath", "bind-recursive"):
            raise flag_error(ctx, "--mount", text, f"unexpected key '{key}' in '{field}'")
    if "Target" not in spec:
        raise flag_error(ctx, "--mount", text, "target is required")
    if spec["Type"] == "bind" and spec.get("Source", "").startswith("."):
        spec["Source"] = ctx.proc.path(spec["Source"])
    return spec


def check_image_name(ctx, image):
    try:
        reference.parse_normalized_named(image)
    except ValueError as error:
        if re.fullmatch(r"[0-9a-f]{64}", image):
            return
        raise ctx.with_help(str(error)) from None


def build(ctx, opts, args, detach=False):
    """(config, host_config, networking_config, name) for `docker run/create` arguments."""
    image, command = args[0], list(args[1:])
    check_image_name(ctx, image)
    exposed, bindings = {}, {}
    try:
        for raw in opts.publish:
            for port, binding in parse_publish(raw):
                exposed[port] = {}
                bindings.setdefault(port, []).append(binding)
        for raw in opts.expose:
            for port in parse_expose(raw):
                exposed[port] = {}
    except PortSpecError as error:
        raise ctx.with_help(str(error)) from None
    memory = 0
    if opts.memory:
        memory = ram_in_bytes(opts.memory)
        if memory is None:
            raise flag_error(ctx, "-m, --memory", opts.memory, f"invalid size: '{opts.memory}'")
    interactive = opts.interactive
    config = {
        "Hostname": opts.hostname, "Domainname": opts.domainname, "User": opts.user,
        "AttachStdin": interactive and not detach, "AttachStdout": not detach, "AttachStderr": not detach,
        "ExposedPorts": dict(sorted(exposed.items())), "Tty": opts.tty, "OpenStdin": interactive,
        "StdinOnce": interactive and not detach, "Env": environment(ctx, opts), "Cmd": command or None,
        "Image": image, "WorkingDir": opts.workdir, "Labels": labels(ctx, opts),
    }
    if opts.changed("entrypoint"):
        config["Entrypoint"] = [opts.entrypoint]
    if healthcheck(ctx, opts):
        config["Healthcheck"] = healthcheck(ctx, opts)
    if opts.stop_signal:
        config["StopSignal"] = opts.stop_signal
    if opts.changed("stop-timeout"):
        config["StopTimeout"] = opts.stop_timeout
    network = opts.network or "default"
    binds = [bind_source(ctx, v) for v in opts.volume]
    anonymous = {v: {} for v in binds if ":" not in v}     # `-v /data`: a new anonymous volume
    if anonymous:
        config["Volumes"] = anonymous
    host = {
        "Binds": [v for v in binds if v not in anonymous] or None,
        "NetworkMode": network, "PortBindings": bindings,
        "RestartPolicy": restart_policy(ctx, opts.restart or "no"),
        "AutoRemove": bool(getattr(opts, "rm", False)), "VolumesFrom": opts.volumes_from or None,
        "CapAdd": opts.cap_add or None, "CapDrop": opts.cap_drop or None, "Dns": opts.dns,
        "DnsOptions": opts.dns_option, "DnsSearch": opts.dns_search, "ExtraHosts": opts.add_host or None,
        "Links": opts.link or None, "Privileged": opts.privileged, "PublishAllPorts": opts.publish_all,
        "ReadonlyRootfs": opts.read_only, "Memory": memory, "NanoCpus": int(round(opts.cpus * 1e9)),
        "PidsLimit": opts.pids_limit if opts.changed("pids-limit") else None,
        "Mounts": [mount_spec(ctx, m) for m in opts.mount] or None,
        "Tmpfs": {t.split(":", 1)[0]: (t.split(":", 1)[1] if ":" in t else "") for t in opts.tmpfs} or None,
        "Runtime": opts.runtime or "runc", "Init": True if opts.init else None,
        "ShmSize": ram_in_bytes(opts.shm_size) if opts.shm_size else 67108864,
    }
    if opts.runtime and opts.runtime not in ("runc", "io.containerd.runc.v2", "linux", "simulated"):
        raise ctx.with_help(f"Error response from daemon: unknown or invalid runtime name: {opts.runtime}")
    if network == "host" and opts.hostname:
        raise ctx.with_help("Error response from daemon: conflicting options: hostname and the network mode")
    endpoint = {}
    if opts.network_alias:
        endpoint["Aliases"] = opts.network_alias
    if opts.ip:
        endpoint["IPAMConfig"] = {"IPv4Address": opts.ip}
    networking = {"EndpointsConfig": {("bridge" if network == "default" else network): endpoint}} if endpoint else {}
    if opts.platform and opts.platform not in ("linux/amd64", "linux", "amd64"):
        raise ctx.with_help(f"Error response from daemon: image with reference {image} was found but does not "
                            f"provide the specified platform ({opts.platform})")
    return config, host, networking, opts.name
