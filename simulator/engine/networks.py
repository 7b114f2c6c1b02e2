"""Networks: the default bridge/host/none, endpoints with addresses (lowest free IP, MAC
02:42 + the IP), the files Docker writes into a container's /etc, and each machine's view of
the network (machine.net): name resolution, connections to services, ping."""
import ipaddress

from ..programs.base import SERVICES, NetError, Running
from ..programs.servers.common import ServiceContext
from .errors import InvalidParameter, NotFound
from .state import Endpoint, Network, dump, load

BRIDGE_OPTIONS = {
    "com.docker.network.bridge.default_bridge": "true",
    "com.docker.network.bridge.enable_icc": "true",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
    "com.docker.network.bridge.name": "docker0",
    "com.docker.network.driver.mtu": "1500",
}
HOSTS_BASE = ("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
              "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n")
HOST_NAMESERVERS = ["1.1.1.1"]
LOOPBACK = ("127.0.0.1", "::1")


def mac_for(ip):
    return "02:42:" + ":".join(f"{int(part):02x}" for part in ip.split("."))


class Networks:
    def __init__(self, engine):
        self.engine = engine
        self.by_id = {}

    def create_defaults(self):
        now = self.engine.clock.now()
        for name, driver, subnet, gateway, options in (
                ("bridge", "bridge", "172.17.0.0/16", "172.17.0.1", BRIDGE_OPTIONS),
                ("host", "host", "", "", {}), ("none", "null", "", "", {})):
            net = Network(id=self.engine.ids.hex64("network"), name=name, driver=driver, created=now,
                          subnet=subnet, gateway=gateway, options=dict(options), user_defined=False)
            self.by_id[net.id] = net

    # --- lookup ----------------------------------------------------------------------------
    def get(self, name):
        for net in self.by_id.values():
            if net.name == name or net.id == name:
                return net
        found = [n for n in self.by_id.values() if name and n.id.startswith(name)]
        return found[0] if len(found) == 1 else None

    def find(self, name):
        net = self.get(name)
        if net is None:
            raise NotFound(f"network {name} not found")
        return net

    # --- endpoints -------------------------------------------------------------------------
    def prepare(self, c, networking):
        """Record which networks a new container joins (addresses come at start)."""
        mode = c.host_config.get("NetworkMode") or "bridge"
        if mode.startswith("container:"):
            self.engine.containers.find(mode.split(":", 1)[1])
            return
        net = self.find(mode)
        settings = (networking.get("EndpointsConfig") or {}).get(mode) or {}
        aliases = settings.get("Aliases") or []
        ip = (settings.get("IPAMConfig") or {}).get("IPv4Address")
        if not net.user_defined and aliases:
            raise InvalidParameter("network-scoped alias is supported only for containers in user defined networks")
        if not net.user_defined and ip:
            raise InvalidParameter("user specified IP address is supported on user defined networks only")
        c.networks = {net.name: Endpoint(network_id=net.id, endpoint_id="", aliases=list(aliases))}
        if ip:
            c.networks[net.name].ip = ip

    def members(self, net):
        """Running containers with an address on `net`."""
        return [c for c in self.engine.containers.all()
                if c.state.status in ("running", "paused") and net.name in c.networks
                and c.networks[net.name].endpoint_id]

    def connect_all(self, c):
        for name, endpoint in c.networks.items():
            net = self.get(name)
            if net is None or endpoint.endpoint_id:
                continue
            endpoint.endpoint_id = self.engine.ids.hex64("endpoint")
            if net.driver == "bridge":
                endpoint.ip = endpoint.ip or self._free_ip(net)
                endpoint.mac = mac_for(endpoint.ip)
        if not c.sandbox_id:
            c.sandbox_id = self.engine.ids.hex64("sandbox")

    def disconnect_all(self, c):
        for endpoint in c.networks.values():
            endpoint.endpoint_id, endpoint.mac, endpoint.ip = "", "", ""

    def _free_ip(self, net):
        used = {m.networks[net.name].ip for m in self.members(net)}
        subnet = ipaddress.ip_network(net.subnet)
        for host in subnet.hosts():
            text = str(host)
            if text != net.gateway and text not in used:
                return text
        raise InvalidParameter(f"no available IPv4 addresses on this network's address pools: {net.name} ({net.id})")

    def address(self, c):
        """The container's first IP address, or ""."""
        return next((e.ip for e in c.networks.values() if e.ip), "")

    # --- /etc files ------------------------------------------------------------------------
    def hosts_file(self, c):
        if c.host_config.get("NetworkMode") == "host":
            return HOSTS_BASE
        text = HOSTS_BASE
        for entry in c.host_config.get("ExtraHosts") or []:
            name, _, ip = entry.partition(":")
            text += f"{ip}\t{name}\n"
        ip = self.address(c)
        if ip:
            text += f"{ip}\t{c.config['Hostname']}\n"
        return text

    def resolv_conf(self, c):
        servers = c.host_config.get("Dns") or HOST_NAMESERVERS
        return "".join(f"nameserver {server}\n" for server in servers)

    # --- the view from a machine -----------------------------------------------------------
    def view(self, c=None):
        return NetView(self.engine, c)

    def to_dict(self):
        return dump(self.by_id)

    def load(self, data):
        self.by_id = load(Network, data)


class ServiceHandle:
    """A connection to a running process's service (what net.connect returns)."""

    def __init__(self, engine, c, running, client_ip):
        self.engine, self.container, self.running, self.client_ip = engine, c, running, client_ip

    def _call(self, method, *args):
        c, engine = self.container, self.engine
        service = SERVICES[self.running.service]()
        machine = engine.containers.machine(c)
        ctx = ServiceContext(fs=machine.fs, env=engine.containers.process_env(c, machine),
                             config=self.running.config, now=engine.clock.now,
                             log=lambda text, stream="stdout": engine.containers.log(c, stream, text),
                             client_ip=self.client_ip, net=machine.net, hostname=c.config["Hostname"])
        result = getattr(service, method)(ctx, *args)
        c.process = self.running.to_dict()
        return result

    def http(self, method, path, headers=None, body=b""):
        return self._call("http", method, path, headers or {}, body)

    def query(self, protocol, request=None):
        return self._call("query", request if request is not None else protocol)


class NetView:
    """machine.net for the host (c is None) or a container."""

    def __init__(self, engine, c=None):
        self.engine, self.container = engine, c

    def _own_ip(self):
        return self.engine.networks.address(self.container) if self.container else "172.17.0.1"

    def resolve(self, name):
        name = name.strip().lower()
        try:
            return str(ipaddress.ip_address(name))
        except ValueError:
            pass
        if name in ("localhost", "ip6-localhost"):
            return "127.0.0.1"
        c = self.container
        if c is None:
            if name == "slipway":
                return "127.0.1.1"
            raise NetError("unknown-host", name)
        if name == c.config["Hostname"].lower():
            return self._own_ip() or "127.0.0.1"
        for line in self.engine.containers.fs(c).read_text("/etc/hosts").splitlines():
            words = line.split()
            if len(words) > 1 and name in (w.lower() for w in words[1:]):
                return words[0]
        for net_name, endpoint in c.networks.items():
            net = self.engine.networks.get(net_name)
            if net is None or not net.user_defined or not endpoint.endpoint_id:
                continue
            for other in self.engine.networks.members(net):
                mine = other.networks[net_name]
                names = {other.name.lower(), other.id[:12], *(a.lower() for a in mine.aliases)}
                if name in names:
                    return mine.ip
        raise NetError("unknown-host", name)

    def _target(self, ip, port):
        """(container, its Running) answering ip:port, or a NetError."""
        engine = self.engine
        if ip in LOOPBACK or ip == "127.0.1.1":
            if self.container is None:
                found = engine.ports.container_for(port)
                if found is None:
                    raise NetError("refused", ip, port)
                c, port = found
            else:
                c = self.container
        else:
            c = next((o for o in engine.containers.all() if o.state.status in ("running", "paused")
                      and any(e.ip == ip for e in o.networks.values())), None)
            if c is None:
                raise NetError("unreachable" if ip.startswith("172.") else "timeout", ip, port)
            if self.container is not None and not self._shares_network(c):
                raise NetError("timeout", ip, port)
        if c.state.status == "paused":
            raise NetError("timeout", ip, port)
        running = Running.from_dict(c.process) if c.process else None
        if running is None or not running.service or port not in running.ports or \
                running.service not in SERVICES:
            raise NetError("refused", ip, port)
        return c, running

    def _shares_network(self, other):
        mine = {name for name, e in self.container.networks.items() if e.endpoint_id}
        return bool(mine & {name for name, e in other.networks.items() if e.endpoint_id}) or other is self.container

    def connect(self, host, port):
        ip = self.resolve(host)
        c, running = self._target(ip, int(port))
        client = "172.17.0.1" if self.container is None else self._own_ip()
        return ServiceHandle(self.engine, c, running, client)

    def ping(self, host):
        ip = self.resolve(host)
        if ip not in LOOPBACK and ip != self._own_ip() and ip != "127.0.1.1":
            c = next((o for o in self.engine.containers.all() if o.state.status == "running"
                      and any(e.ip == ip for e in o.networks.values())), None)
            if c is None or (self.container is not None and not self._shares_network(c)):
                raise NetError("unreachable", ip)
        return ip, 64, 0.045
