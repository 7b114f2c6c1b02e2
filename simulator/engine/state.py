"""The daemon's objects as plain, JSON-serialisable dataclasses.

Containers keep their inspect `Config` and `HostConfig` as Docker's own key-ordered dicts, so
`docker inspect` is a projection and nothing is translated twice. Filesystems are kept as the
fs module's dicts (upper layers only; image layers by id)."""
import functools
from dataclasses import dataclass, field, fields
from typing import Optional

ZERO_TIME = "0001-01-01T00:00:00Z"


class Record:
    """to_dict/from_dict for the dataclasses below. to_dict does not copy (dataclasses.asdict
    deep-copies, too slow for every save): its result is for serialising at once."""

    def to_dict(self):
        return {name: getattr(self, name) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls, data):
        names = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


@functools.cache
def _field_names(cls):
    """A record class's field names, in order (dataclasses.fields is slow for every save)."""
    return dict.fromkeys(f.name for f in fields(cls))


@dataclass
class Image(Record):
    id: str                                   # "sha256:<64 hex>" of the config
    config: dict                              # OCI/Docker image config (Env, Cmd, Entrypoint, ...)
    layers: list                              # fs layer ids, bottom first
    created: str                              # RFC3339
    size: int
    history: list = field(default_factory=list)  # {created, created_by, empty_layer, comment}
    repo_tags: list = field(default_factory=list)
    repo_digests: list = field(default_factory=list)
    parent: str = ""
    comment: str = ""
    author: str = ""
    os: str = "linux"
    architecture: str = "amd64"
    last_tag_time: str = ZERO_TIME
    pulled_at: float = 0.0                    # when it arrived locally (sorting ties)


@dataclass
class LayerRecord(Record):
    """A layer known to the daemon: shared between images, removed with its last user."""
    id: str                                   # the fs Layer id
    size: int
    refs: int = 0
    digest: str = ""                          # registry (compressed) digest, for pulls
    source: dict = field(default_factory=dict)  # {"catalog": digest} or {"data": fs layer dict}


@dataclass
class ContainerState(Record):
    status: str = "created"                   # created running paused restarting removing exited dead
    pid: int = 0
    exit_code: int = 0
    error: str = ""
    oom_killed: bool = False
    started_at: Optional[float] = None
    finished_at: Optional[float] = None
    restart_at: Optional[float] = None        # when a restarting container comes back
    backoff: float = 0.0                      # the restart manager's current delay (seconds)
    stopped_by_user: bool = False             # `docker stop` (unless-stopped/always rules)


@dataclass
class Endpoint(Record):
    network_id: str
    endpoint_id: str
    ip: str = ""
    mac: str = ""
    aliases: list = field(default_factory=list)
    ipam_ip: str = ""                         # the address asked for with --ip (kept across restarts)
    links: list = field(default_factory=list)


@dataclass
class Container(Record):
    id: str
    name: str                                 # without the leading "/"
    created: float
    image_id: str
    config: dict                              # inspect "Config", key order as Docker's
    host_config: dict                         # inspect "HostConfig"
    path: str = ""
    args: list = field(default_factory=list)
    state: ContainerState = field(default_factory=ContainerState)
    restart_count: int = 0
    fs: dict = field(default_factory=dict)    # the container FileSystem's to_dict (upper layer, mounts)
    mounts: list = field(default_factory=list)  # inspect "Mounts" entries
    networks: dict = field(default_factory=dict)  # network name -> Endpoint
    ports: dict = field(default_factory=dict)   # "80/tcp" -> [{"HostIp", "HostPort"}] actually bound
    logs: list = field(default_factory=list)    # [time, "stdout"|"stderr", text]
    process: Optional[dict] = None              # the main process's Running (to_dict) while it runs
    exec_ids: list = field(default_factory=list)
    sandbox_id: str = ""
    platform: str = "linux"

    def to_dict(self):
        data = super().to_dict()
        data["state"] = self.state.to_dict()
        data["networks"] = {name: endpoint.to_dict() for name, endpoint in self.networks.items()}
        return data

    @classmethod
    def from_dict(cls, data):
        obj = super().from_dict(data)
        obj.state = ContainerState.from_dict(data["state"])
        obj.networks = {k: Endpoint.from_dict(v) for k, v in data["networks"].items()}
        return obj

    @property
    def short_id(self):
        return self.id[:12]

    @property
    def running(self):
        return self.state.status in ("running", "paused", "restarting")


@dataclass
class Network(Record):
    id: str
    name: str
    driver: str
    created: float
    subnet: str = ""
    gateway: str = ""
    ip_range: str = ""                        # where container addresses come from (--ip-range)
    user_subnet: bool = False                 # the subnet was given (--subnet), so --ip is allowed
    scope: str = "local"
    internal: bool = False
    attachable: bool = False
    enable_ipv6: bool = False
    labels: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    user_defined: bool = True


@dataclass
class Volume(Record):
    name: str
    created: float
    driver: str = "local"
    labels: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    anonymous: bool = False
    fs: dict = field(default_factory=dict)    # the volume's FileSystem to_dict


def dump(objects):
    return {key: obj.to_dict() for key, obj in objects.items()}


def load(cls, data):
    return {key: cls.from_dict(value) for key, value in data.items()}


def timestamp(seconds, nano=True):
    """Go's RFC3339Nano (trailing zeros trimmed) or RFC3339 of a Unix time; None is Go's zero time."""
    import datetime
    if seconds is None:
        return ZERO_TIME
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if nano:
        fraction = f"{moment.microsecond:06d}".rstrip("0")
        if fraction:
            text += "." + fraction
    return text + "Z"


def parse_timestamp(text):
    """Unix time of an RFC3339 string (catalog creation dates)."""
    import datetime
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = rest[:len(rest) - 6] if rest[-6] in "+-" else rest
        text = head + "." + (digits + "000000")[:6] + rest[len(digits):]
    return datetime.datetime.fromisoformat(text).timestamp()
