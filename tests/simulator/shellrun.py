"""Test harness: a shell over a fresh host (or BusyBox) machine, run line by line."""
import dataclasses

from simulator.clock import Clock
from simulator.fs import Dir, File, FileSystem, Layer, Symlink
from simulator.host import make_host_machine
from simulator.machine import Machine
from simulator.programs.base import HttpResponse, NetError, Output, Proc, User
from simulator.programs.shells import BUSYBOX_APPLETS
from simulator.shell import Shell

NOW = 1_764_312_000.0          # 2025-11-28 06:40:00 UTC


def busybox_machine(clock=None, net=None):
    entries = {"/": Dir(), "/bin": Dir(), "/etc": Dir(), "/tmp": Dir(mode=0o1777), "/root": Dir(mode=0o700),
               "/dev": Dir(), "/dev/null": File(mode=0o666),
               "/bin/busybox": File(mode=0o755, program="busybox", size=1_000_000),
               "/etc/hostname": File(b"3f2a1b4c5d6e\n"),
               "/etc/passwd": File(b"root:x:0:0:root:/root:/bin/sh\n"),
               "/etc/group": File(b"root:x:0:root\n"),
               "/etc/resolv.conf": File(b"nameserver 127.0.0.11\n"),
               "/etc/hosts": File(b"127.0.0.1\tlocalhost\n")}
    for applet in BUSYBOX_APPLETS:
        entries["/bin/" + applet] = Symlink("/bin/busybox")
    clock = clock or Clock(frozen=NOW)
    return Machine(fs=FileSystem([Layer(entries)], clock=clock), hostname="3f2a1b4c5d6e", kind="container",
                   env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root"},
                   clock=clock, net=net, flavor="busybox", shell_name="sh", user=User())


class Term:
    """One shell session: run(line) → (output with stdout and stderr interleaved, status)."""

    def __init__(self, machine=None, net=None, tty=False):
        self.machine = machine or make_host_machine(Clock(frozen=NOW), net=net)
        self.shell = Shell(self.machine.base_env(), "/root" if self.machine.fs.is_dir("/root") else "/")
        self.tty = tty

    def proc(self, out):
        return Proc(argv=[self.machine.shell_name], env={}, cwd=self.shell.cwd, fs=self.machine.fs,
                    machine=self.machine, write_out=lambda t: out.write(t, "out"),
                    write_err=lambda t: out.write(t, "err"), tty=self.tty)

    def run(self, line):
        out = Output(10 ** 7)
        status = self.shell.execute(line, self.proc(out))
        return out.text(), status

    def out(self, line):
        """Output of a line that must succeed."""
        text, status = self.run(line)
        assert status == 0, (line, text, status)
        return text


def sh(line, **kwargs):
    return Term(**kwargs).run(line)


@dataclasses.dataclass
class FakeService:
    responses: dict

    def http(self, method, path, headers, body):
        self.last = (method, path, headers, body)
        if path in self.responses:
            return self.responses[path]
        return HttpResponse(404, "Not Found", {"Content-Type": "text/html"}, b"<h1>404 Not Found</h1>\n")


class FakeNet:
    """Names → IPs, (ip, port) → services, as an engine's network view would give."""

    def __init__(self, names=None, services=None):
        self.names = names or {}
        self.services = services or {}

    def resolve(self, name):
        if name not in self.names:
            raise NetError("unknown-host", name)
        return self.names[name]

    def connect(self, host, port):
        ip = self.names.get(host, host)
        if (ip, port) not in self.services:
            raise NetError("refused", host, port)
        return self.services[(ip, port)]

    def ping(self, host):
        return self.resolve(host) if host in self.names else host, 64, 0.08
