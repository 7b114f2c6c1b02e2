"""What each machine can reach (machine.net): the host reaches published ports on localhost and
every container address; a container reaches itself, the containers it shares a network with
(by address, and by name through the embedded DNS on user-defined networks), and nothing else.
`--network none` leaves only loopback; `--network host` is the host's own view."""
import ipaddress

from ..programs.base import SERVICES, NetError, Running
from ..programs.servers.common import ServiceContext
from . import dns

LOOPBACK = ("127.0.0.1", "::1")
HOST_NAME, HOST_NAME_IP = "slipway", "127.0.1.1"      # the host machine (simulator/host.py)
HOST_BRIDGE_IP = "172.17.0.1"
PING = (64, 0.045)            # ttl, milliseconds


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

    def handle_signal(self, sig, sender=None):
        """A signal the service acts on without stopping (nginx reloads on SIGHUP): True when it
        does; `sender` is the PID of a sender inside the container."""
        return bool(self._optional("signal", sig, sender))

    def stop(self, sig):
        """The service's notices as the signal stops it; None when it has no words of its own."""
        return self._optional("stop", sig)

    def _optional(self, method, *args):
        return self._call(method, *args) if hasattr(SERVICES[self.running.service], method) else None

    def http(self, method, path, headers=None, body=b""):
        return self._call("http", method, path, headers or {}, body)

    def query(self, protocol, request=None):
        return self._call("query", request if request is not None else protocol)


class NetView:
    """machine.net for the host (c is None) or a container."""

    def __init__(self, engine, c=None):
        self.engine = engine
        self.container = c
        if c is not None:
            owner = dns.network_owner(engine, c)
            self.container = None if owner.host_config.get("NetworkMode") == "host" else owner

    @property
    def isolated(self):
        return self.container is not None and self.container.host_config.get("NetworkMode") == "none"

    def _own_ip(self):
        return self.engine.networks.address(self.container) if self.container else HOST_BRIDGE_IP

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
            if name == HOST_NAME:
                return HOST_NAME_IP
            raise NetError("unknown-host", name)
        if name == c.config["Hostname"].lower():
            return self._own_ip() or "127.0.0.1"
        for line in dns.hosts_file(self.engine, c).splitlines():
            words = line.split()
            if len(words) > 1 and name in (w.lower() for w in words[1:]):
                return words[0]
        ip = None if self.isolated else dns.lookup(self.engine, c, name)
        if ip is None:
            raise NetError("unknown-host", name)
        return ip

    def _local(self, ip):
        return ip in LOOPBACK or ip == HOST_NAME_IP or (self.container is not None and ip == self._own_ip())

    def _holder(self, ip):
        """The running container with this address that this machine can reach, or a NetError."""
        if self.isolated:
            raise NetError("unreachable", ip)
        engine = self.engine
        c = engine.networks.holder(ip)
        if c is None:
            raise NetError("unreachable" if ip.startswith("172.") else "timeout", ip)
        if self.container is not None and not self._shares_network(c):
            raise NetError("timeout", ip)
        return c

    def _target(self, ip, port):
        """(container, its Running) answering ip:port, or a NetError."""
        if self._local(ip):
            if self.container is None:
                found = self.engine.ports.container_for(port)
                if found is None:
                    raise NetError("refused", ip, port)
                c, port = found
            else:
                c = self.container
        else:
            try:
                c = self._holder(ip)
            except NetError as error:
                raise NetError(error.kind, ip, port) from None
        if c.state.status == "paused":
            raise NetError("timeout", ip, port)
        running = Running.from_dict(c.process) if c.process else None
        if running is None or not running.service or port not in running.ports or \
                running.service not in SERVICES:
            raise NetError("refused", ip, port)
        return c, running

    def _shares_network(self, other):
        mine = {name for name, e in self.container.networks.items() if e.endpoint_id}
        theirs = {name for name, e in other.networks.items() if e.endpoint_id}
        return bool(mine & theirs) or other is self.container

    def connect(self, host, port):
        ip = self.resolve(host)
        c, running = self._target(ip, int(port))
        client = HOST_BRIDGE_IP if self.container is None else self._own_ip()
        return ServiceHandle(self.engine, c, running, client)

    def ping(self, host):
        ip = self.resolve(host)
        if not self._local(ip):
            c = self._holder(ip)
            if c.state.status != "running":
                raise NetError("timeout", ip)
        return (ip, *PING)
