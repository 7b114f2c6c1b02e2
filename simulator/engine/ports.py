"""Published ports: `-p` specs parsed as go-connections/nat does, host ports allocated as
libnetwork's port allocator does (the first dynamic port is the start of the kernel's range,
32768, then upward), and which container answers a host port."""
import ipaddress

from .errors import DockerError

DYNAMIC_START, DYNAMIC_END = 32768, 60999
PROTOCOLS = ("tcp", "udp", "sctp")


class PortSpecError(ValueError):
    """A `-p` value the CLI rejects; the text is go-connections'."""


def _range(text):
    start, sep, end = text.partition("-")
    try:
        low = int(start, 10)
        high = int(end, 10) if sep else low
    except ValueError:
        raise PortSpecError(text) from None
    if not (0 <= low <= 65535 and 0 <= high <= 65535) or high < low or not start.isdigit():
        raise PortSpecError(text)
    return low, high


def parse_publish(raw):
    """`[ip:][hostPort:]containerPort[/proto]` -> [("80/tcp", {"HostIp", "HostPort"})]."""
    parts = raw.split(":")
    if len(parts) == 1:
        ip, host, container = "", "", parts[0]
    elif len(parts) == 2:
        ip, host, container = "", parts[0], parts[1]
    else:
        ip, host, container = ":".join(parts[:-2]), parts[-2], parts[-1]
    container, _, proto = container.partition("/")
    proto = proto or ("tcp" if container else "")
    if ip.startswith("[") and ip.endswith("]"):
        ip = ip[1:-1]
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise PortSpecError(f"invalid IP address: {ip}") from None
    if not container:
        raise PortSpecError(f"no port specified: {raw}<empty>")
    try:
        low, high = _range(container)
    except PortSpecError:
        raise PortSpecError(f"invalid containerPort: {container}") from None
    host_low = host_high = 0
    if host:
        try:
            host_low, host_high = _range(host)
        except PortSpecError:
            raise PortSpecError(f"invalid hostPort: {host}") from None
        if high - low != host_high - host_low and high != low:
            raise PortSpecError(f"invalid ranges specified for container and host Ports: {container} and {host}")
    proto = proto.lower()
    if proto not in PROTOCOLS:
        raise PortSpecError(f"invalid proto: {proto}")
    out = []
    for offset in range(high - low + 1):
        if not host:
            host_port = ""
        elif high == low and host_high != host_low:
            host_port = f"{host_low}-{host_high}"
        else:
            host_port = str(host_low + offset)
        out.append((f"{low + offset}/{proto}", {"HostIp": ip, "HostPort": host_port}))
    return out


def parse_expose(raw):
    """`--expose 80[-90][/proto]` -> ["80/tcp", ...]."""
    port, _, proto = raw.partition("/")
    if ":" in raw:
        raise PortSpecError(f"invalid port format for --expose: {raw}")
    try:
        low, high = _range(port)
    except PortSpecError:
        raise PortSpecError(f"invalid range format for --expose: {raw}, error: {port}") from None
    return [f"{p}/{(proto or 'tcp').lower()}" for p in range(low, high + 1)]


class Ports:
    def __init__(self, engine):
        self.engine = engine
        self.last_dynamic = DYNAMIC_END   # the allocator starts at the range start, then climbs

    def bound(self, exclude=None):
        """(host port, proto) -> container, over every running container's bindings."""
        taken = {}
        for c in self.engine.containers.all():
            if c is exclude:
                continue
            for key, bindings in (c.ports or {}).items():
                proto = key.split("/")[1]
                for binding in bindings or []:
                    taken[(int(binding["HostPort"]), proto)] = c
        return taken

    def _dynamic(self, proto, taken, low=DYNAMIC_START, high=DYNAMIC_END):
        span = high - low + 1
        start = self.last_dynamic if low == DYNAMIC_START else low - 1
        for step in range(1, span + 1):
            port = low + (start - low + step) % span
            if (port, proto) not in taken:
                if low == DYNAMIC_START:
                    self.last_dynamic = port
                return port
        raise DockerError("no available ports")

    def publish(self, c):
        """Bind the container's published ports; raises Docker's error when one is taken."""
        host_config = c.host_config
        mode = host_config.get("NetworkMode", "bridge")
        ports = {key: None for key in (c.config.get("ExposedPorts") or {})}
        if mode in ("host", "none") or mode.startswith("container:"):
            c.ports = {} if mode != "none" else {}
            return
        bindings = dict(host_config.get("PortBindings") or {})
        if host_config.get("PublishAllPorts"):
            for key in ports:
                bindings.setdefault(key, [{"HostIp": "", "HostPort": ""}])
        taken = self.bound(exclude=c)
        endpoint = next(iter(c.networks.values()), None)
        for key in sorted(bindings, key=_port_order):
            proto = key.split("/")[1]
            ports[key] = []
            for binding in bindings[key]:
                host_port = binding.get("HostPort") or ""
                if "-" in host_port:
                    low, high = _range(host_port)
                    port = self._dynamic(proto, taken, low, high)
                elif host_port:
                    port = int(host_port)
                else:
                    port = self._dynamic(proto, taken)
                ip = binding.get("HostIp") or ""
                if (port, proto) in taken:
                    self.unpublish(c)
                    endpoint_id = endpoint.endpoint_id if endpoint else self.engine.ids.hex64("endpoint")
                    raise DockerError(f"driver failed programming external connectivity on endpoint {c.name} "
                                      f"({endpoint_id}): Bind for {ip or '0.0.0.0'}:{port} failed: port is "
                                      "already allocated")
                taken[(port, proto)] = c
                hosts = [ip] if ip else ["0.0.0.0", "::"]
                ports[key] += [{"HostIp": h, "HostPort": str(port)} for h in hosts]
        c.ports = dict(sorted(ports.items(), key=lambda item: _port_order(item[0])))

    def unpublish(self, c):
        c.ports = {}

    def container_for(self, host_port, proto="tcp"):
        """(container, container port) answering on a host port: a published port, or a
        process of a `--network host` container listening there itself; None otherwise."""
        running = [c for c in self.engine.containers.all() if c.state.status == "running"]
        for c in running:
            for key, bindings in (c.ports or {}).items():
                port, _, p = key.partition("/")
                if p == proto and any(int(b["HostPort"]) == host_port for b in bindings or []):
                    return c, int(port)
        for c in running:
            if c.host_config.get("NetworkMode") == "host" and host_port in (c.process or {}).get("ports", []):
                return c, host_port
        return None

    def to_dict(self):
        return {"last_dynamic": self.last_dynamic}

    def load(self, data):
        self.last_dynamic = data.get("last_dynamic", DYNAMIC_END)


def _port_order(key):
    port, _, proto = key.partition("/")
    return int(port), proto
