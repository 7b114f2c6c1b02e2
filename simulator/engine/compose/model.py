"""The normalised Compose project: every short syntax expanded, every name resolved.

Built from the merged document the way compose-go normalises it: `<project>_<key>` names for
volumes and networks, a `default` network, `depends_on` as conditions, ports and mounts in long
form, strings split into argv with shell rules, relative paths made absolute.
"""
import hashlib
import json
import posixpath
import shlex
from dataclasses import asdict, dataclass, field
from typing import Optional

from ...limits import MAX_CONTAINERS
from .errors import ComposeError
from .interpolate import parse_dotenv
from . import durations

INVALID = "invalid compose project"


@dataclass
class Port:
    target: int
    published: Optional[str] = None
    host_ip: str = ""
    protocol: str = "tcp"
    mode: str = "ingress"


@dataclass
class Mount:
    type: str                       # volume | bind | tmpfs
    target: str
    source: str = ""                # volume key (project-level), host path, or "" (anonymous)
    read_only: bool = False


@dataclass
class Healthcheck:
    """Unset fields are None (Docker's defaults apply: 30s, 30s, 3 retries, 0s)."""
    test: list
    interval: Optional[float] = None
    timeout: Optional[float] = None
    retries: Optional[int] = None
    start_period: Optional[float] = None


@dataclass
class Build:
    context: str
    dockerfile: str = "Dockerfile"
    args: dict = field(default_factory=dict)
    target: str = ""


@dataclass
class Dependency:
    condition: str = "service_started"
    required: bool = True
    restart: bool = False


@dataclass
class Service:
    name: str
    image: str = ""                                   # "" with build: <project>-<service>
    build: Optional[Build] = None
    command: Optional[list] = None
    entrypoint: Optional[list] = None
    environment: dict = field(default_factory=dict)
    ports: list = field(default_factory=list)
    volumes: list = field(default_factory=list)
    networks: dict = field(default_factory=dict)      # key -> list of aliases
    depends_on: dict = field(default_factory=dict)    # service -> Dependency
    restart: str = ""
    container_name: str = ""
    working_dir: str = ""
    user: str = ""
    labels: dict = field(default_factory=dict)
    healthcheck: Optional[Healthcheck] = None
    expose: list = field(default_factory=list)
    hostname: str = ""
    scale: int = 1
    stdin_open: bool = False
    tty: bool = False
    stop_signal: str = ""
    stop_grace_period: Optional[float] = None
    profiles: list = field(default_factory=list)

    def config_hash(self):
        """What compose stores as com.docker.compose.config-hash: changes mean recreate."""
        data = asdict(self)
        for ignored in ("build", "scale", "depends_on", "profiles"):
            data.pop(ignored)
        encoded = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass
class Resource:
    """A top-level volume or network."""
    key: str
    name: str
    driver: str = ""
    external: bool = False
    labels: dict = field(default_factory=dict)
    driver_opts: dict = field(default_factory=dict)


@dataclass
class Project:
    name: str
    working_dir: str
    files: list
    services: dict            # name -> Service, sorted by name
    networks: dict            # key -> Resource
    volumes: dict             # key -> Resource
    environment: dict = field(default_factory=dict)

    def dependency_order(self, names=None):
        """Service names, dependencies first (for up); reversed for down."""
        order, visiting = [], []

        def visit(name):
            if name in order:
                return
            if name in visiting:
                cycle = visiting[visiting.index(name):] + [name]
                raise ComposeError(f"dependency cycle detected: {' -> '.join(cycle)}")
            visiting.append(name)
            for dep in self.services[name].depends_on:
                if dep in self.services:
                    visit(dep)
            visiting.pop()
            order.append(name)

        for name in (names or self.services):
            visit(name)
        return order


# --- building -----------------------------------------------------------------------------------

def _split(value):
    if value is None:
        return None
    if isinstance(value, list):
        return [str(item) for item in value]
    try:
        return shlex.split(value)
    except ValueError as err:
        raise ComposeError(f"invalid command line string: {err}") from None


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _mapping(value):
    if isinstance(value, list):
        pairs = (str(item).partition("=") for item in value)
        return {key: (val if sep else None) for key, sep, val in pairs}
    return {str(key): (None if val is None else _scalar(val)) for key, val in (value or {}).items()}


def _absolute(base, path):
    if path.startswith("~"):
        path = "/root" + path[1:]
    return posixpath.normpath(posixpath.join(base, path))


def _bool(value):
    return value is True or str(value).lower() == "true"


def parse_ports(entry):
    """One `ports:` entry as Port objects (a range gives several)."""
    if isinstance(entry, dict):
        published = entry.get("published")
        return [Port(int(entry.get("target", 0)), None if published is None else str(published),
                     entry.get("host_ip", ""), entry.get("protocol", "tcp"),
                     entry.get("mode", "ingress"))]
    text = str(entry)
    text, _, protocol = text.partition("/")
    parts = text.rsplit(":", 2)
    container = parts[-1]
    published = parts[-2] if len(parts) > 1 else None
    host_ip = parts[0] if len(parts) == 3 else ""
    try:
        targets = _port_range(container)
        hosts = _port_range(published) if published else [None] * len(targets)
    except ValueError:
        raise ComposeError(f"invalid containerPort: {container}") from None
    if len(hosts) == 1 and len(targets) > 1 or not hosts:
        hosts = [None] * len(targets)
    if len(hosts) != len(targets):
        raise ComposeError(f"invalid ranges specified for container and host Ports: "
                           f"{container} and {published}")
    return [Port(target, None if host is None else str(host), host_ip, protocol or "tcp")
            for target, host in zip(targets, hosts)]


def _port_range(text):
    low, _, high = text.partition("-")
    low, high = int(low), int(high or low)
    if not 0 < low <= high <= 65535 or high - low > 1000:
        raise ValueError(text)
    return list(range(low, high + 1))


def parse_expose(entry):
    """One `expose:` entry as port keys ("3000/tcp"; a range gives several)."""
    text = str(entry)
    ports, _, protocol = text.partition("/")
    try:
        return [f"{port}/{protocol or 'tcp'}" for port in _port_range(ports)]
    except ValueError:
        raise ComposeError(f"invalid containerPort: {ports}") from None


def parse_mount(entry, working_dir):
    if isinstance(entry, dict):
        kind = entry["type"]
        source = entry.get("source", "")
        if kind == "bind":
            source = _absolute(working_dir, source)
        return Mount(kind, entry.get("target", ""), source, _bool(entry.get("read_only", False)))
    parts = str(entry).split(":")
    if len(parts) == 1:
        return Mount("volume", parts[0])
    source, target = parts[0], parts[1]
    read_only = len(parts) > 2 and "ro" in parts[2].split(",")
    if source.startswith((".", "/", "~")):
        return Mount("bind", target, _absolute(working_dir, source), read_only)
    return Mount("volume", target, source, read_only)


def parse_healthcheck(value):
    if not value or _bool(value.get("disable", False)):
        return None
    test = value.get("test")
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    if not test or test == ["NONE"]:
        return None
    def duration(key):
        return None if value.get(key) is None else durations.parse(value[key])

    return Healthcheck(
        test=[str(t) for t in test], interval=duration("interval"), timeout=duration("timeout"),
        retries=None if value.get("retries") is None else int(value["retries"]),
        start_period=duration("start_period"))


def _environment(raw, working_dir, environment, fs):
    values = {}
    env_files = raw.get("env_file") or []
    for entry in [env_files] if isinstance(env_files, str) else env_files:
        entry = {"path": entry} if isinstance(entry, str) else entry
        absolute = _absolute(working_dir, entry["path"])
        if not fs.is_file(absolute):
            if not entry.get("required", True):
                continue
            raise ComposeError(f"env file {absolute} not found: stat {absolute}: "
                               "no such file or directory")
        values.update(parse_dotenv(fs.read_text(absolute), absolute, environment.get))
    for key, value in _mapping(raw.get("environment")).items():
        value = environment.get(key) if value is None else value
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return values


def _dependencies(value):
    if isinstance(value, list):
        return {name: Dependency() for name in value}
    return {name: Dependency(spec.get("condition", "service_started"),
                             _bool(spec.get("required", True)), _bool(spec.get("restart", False)))
            for name, spec in (value or {}).items()}


def _networks(value):
    if not value:
        return {"default": []}
    if isinstance(value, list):
        return {name: [] for name in value}
    return {name: list((spec or {}).get("aliases") or []) for name, spec in value.items()}


def _build(value, working_dir):
    if value is None:
        return None
    if isinstance(value, str):
        value = {"context": value}
    return Build(_absolute(working_dir, value.get("context", ".")),
                 value.get("dockerfile", "Dockerfile"),
                 {k: v for k, v in _mapping(value.get("args")).items() if v is not None},
                 value.get("target", ""))


def _service(name, raw, working_dir, environment, fs):
    build = _build(raw.get("build"), working_dir)
    if not raw.get("image") and build is None:
        raise ComposeError(f'service "{name}" has neither an image nor a build context '
                           f"specified: {INVALID}")
    ports = [port for entry in raw.get("ports") or [] for port in parse_ports(entry)]
    return Service(
        name=name,
        image=raw.get("image") or "",
        build=build,
        command=_split(raw.get("command")),
        entrypoint=_split(raw.get("entrypoint")),
        environment=_environment(raw, working_dir, environment, fs),
        ports=ports,
        volumes=[parse_mount(entry, working_dir) for entry in raw.get("volumes") or []],
        networks=_networks(raw.get("networks")),
        depends_on=_dependencies(raw.get("depends_on")),
        restart=raw.get("restart") or "",
        container_name=raw.get("container_name") or "",
        working_dir=raw.get("working_dir") or "",
        user=str(raw.get("user") or ""),
        labels=_mapping(raw.get("labels")),
        healthcheck=parse_healthcheck(raw.get("healthcheck")),
        expose=[str(port) for port in raw.get("expose") or [] if parse_expose(port)],
        hostname=raw.get("hostname") or "",
        scale=int(raw.get("scale", 1)),
        stdin_open=_bool(raw.get("stdin_open", False)),
        tty=_bool(raw.get("tty", False)),
        stop_signal=raw.get("stop_signal") or "",
        stop_grace_period=(None if raw.get("stop_grace_period") is None
                           else durations.parse(raw["stop_grace_period"])),
        profiles=[str(p) for p in raw.get("profiles") or []])


def _resource(key, raw, project_name):
    raw = raw or {}
    external = raw.get("external", False)
    if isinstance(external, dict):              # the old `external: {name: x}` form
        raw = dict(raw, name=raw.get("name") or external.get("name"))
    name = raw.get("name") or (key if external else f"{project_name}_{key}")
    return Resource(key, name, raw.get("driver") or "", bool(external),
                    _mapping(raw.get("labels")),
                    dict(raw.get("driver_opts") or {}))


def check_scale(service, scale):
    if scale > MAX_CONTAINERS:
        raise ComposeError(f"this lab allows at most {MAX_CONTAINERS} containers")
    if service.container_name and scale > 1:
        raise ComposeError(f"services.deploy.replicas: can't set container_name and "
                           f"{service.name} as container name must be unique: {INVALID}")


def _check_references(services, volumes, networks):
    for service in services.values():
        check_scale(service, service.scale)
        for dep in service.depends_on:
            if dep not in services and service.depends_on[dep].required:
                raise ComposeError(f'service "{service.name}" depends on undefined service '
                                   f'"{dep}": {INVALID}')
        for mount in service.volumes:
            if mount.type == "volume" and mount.source and mount.source not in volumes:
                raise ComposeError(f'service "{service.name}" refers to undefined volume '
                                   f"{mount.source}: {INVALID}")
        for network in service.networks:
            if network not in networks:
                raise ComposeError(f'service "{service.name}" refers to undefined network '
                                   f"{network}: {INVALID}")


def build_project(name, working_dir, files, merged, environment, fs):
    services = {key: _service(key, raw or {}, working_dir, environment, fs)
                for key, raw in sorted(merged.get("services", {}).items())}
    networks = {key: _resource(key, raw, name)
                for key, raw in (merged.get("networks") or {}).items()}
    if any("default" in s.networks for s in services.values()) and "default" not in networks:
        networks["default"] = Resource("default", f"{name}_default")
    volumes = {key: _resource(key, raw, name) for key, raw in (merged.get("volumes") or {}).items()}
    _check_references(services, volumes, networks)
    project = Project(name, working_dir, list(files), services, networks, volumes, environment)
    project.dependency_order()
    return project

