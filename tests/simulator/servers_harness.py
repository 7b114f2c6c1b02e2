"""A container made from catalog layers, a clock and a fake network, to run the image programs
without the engine."""
from simulator.catalog import lookup
from simulator.clock import Clock
from simulator.fs import FileSystem
from simulator.fs.nodes import Layer
from simulator.programs.base import NetError, Proc, Running, SERVICES
from simulator.programs.servers.common import ServiceContext
from simulator.runtime.simulated import program_argv

T0 = 1764312600.0          # 2025-11-28 06:50:00 UTC


class FakeNet:
    """Names to services; connect() raises NetError like the engine's network would."""

    def __init__(self):
        self.hosts = {}        # name -> (ip, {port: service})

    def add(self, name, ip, port, service):
        self.hosts.setdefault(name, (ip, {}))[1][port] = service

    def resolve(self, name):
        if name in ("localhost", "127.0.0.1") and name not in self.hosts:
            return "127.0.0.1"
        if name not in self.hosts:
            raise NetError("unknown-host", name)
        return self.hosts[name][0]

    def connect(self, host, port):
        self.resolve(host)
        service = self.hosts.get(host, ("", {}))[1].get(port)
        if service is None:
            raise NetError("refused", host, port)
        return service


class Machine:
    def __init__(self, fs, env, net=None, hostname="0123456789ab"):
        self.fs, self.env, self.hostname = fs, env, hostname
        self.clock = Clock(frozen=T0)
        self.net = net or FakeNet()
        self.kind = "container"
        self.engine = None


class Container:
    """One container: its fs over the image layers, its env, its logs and its process."""

    def __init__(self, ref, env=None, net=None, cmd=None, volume=None):
        repo, _, tag = ref.partition(":")
        self.image = lookup(repo, tag or None)
        self.fs = FileSystem([layer.build() for layer in self.image.layers], Layer(committed=False))
        config = self.image.config
        self.env = dict(e.split("=", 1) for e in config.get("Env", []))
        self.env.update(env or {})
        self.machine = Machine(self.fs, self.env, net)
        self.argv = (config.get("Entrypoint") or []) + (cmd or config.get("Cmd") or [])
        self.logs = []
        self.running = None

    def run(self, argv=None, main=True, stdin=""):
        """Run argv (default: the image's entrypoint + cmd); stdout+stderr text and the result."""
        out = []
        argv = argv or self.argv
        cwd = self.image.config.get("WorkingDir") or "/"
        func, argv = program_argv(self.fs, argv, self.env, cwd)
        proc = Proc(argv=list(argv), env=dict(self.env), cwd=cwd,
                    fs=self.fs, machine=self.machine, stdin=stdin, write_out=out.append,
                    write_err=out.append, main=main)
        result = func(proc)
        if isinstance(result, Running):
            self.running = result
        return "".join(out), result

    def context(self, client_ip="172.17.0.1"):
        return ServiceContext(fs=self.fs, env=self.env, config=self.running.config,
                              now=self.machine.clock.now, log=lambda text, stream="stdout": self.logs.append(text),
                              client_ip=client_ip, net=self.machine.net, hostname=self.machine.hostname)

    def service(self):
        return SERVICES[self.running.service]

    def endpoint(self, client_ip="172.17.0.3"):
        """What a client's net.connect() returns for this container's running server."""
        return Endpoint(self, client_ip)

    def http(self, path, method="GET", headers=None, client_ip="172.17.0.1"):
        headers = {"Host": "localhost:8080", "User-Agent": "curl/7.88.1", **(headers or {})}
        return self.service().http(self.context(client_ip), method, path, headers, b"")



class Endpoint:
    """service.query(protocol, request) / service.http(...) as machine.net hands them out."""

    def __init__(self, container, client_ip):
        self.container, self.client_ip = container, client_ip

    def query(self, protocol, request):
        return self.container.service().query(self.container.context(self.client_ip), request)

    def http(self, method, path, headers=None, body=b""):
        return self.container.service().http(self.container.context(self.client_ip), method, path,
                                             headers or {}, body)
