"""A host filesystem, an engine and `docker compose` / `docker-compose` run against them."""
import shlex
from types import SimpleNamespace

from simulator.cli import main  # noqa: F401  (registers docker and docker-compose)
from simulator.clock import Clock
from simulator.engine.engine import Engine
from simulator.fs import FileSystem
from simulator.ids import IdFactory
from simulator.programs.base import REGISTRY, Proc

START = 1_700_000_000


class Host:
    def __init__(self, files=None, cwd="/root/app"):
        self.fs = FileSystem()
        self.cwd = cwd
        self.fs.mkdir(cwd, parents=True)
        self.engine = Engine(Clock(frozen=START), IdFactory(7), host_fs=self.fs)
        for path, text in (files or {}).items():
            self.write(path, text)

    def write(self, path, text):
        full = path if path.startswith("/") else f"{self.cwd}/{path}"
        self.fs.mkdir(full.rsplit("/", 1)[0], parents=True, exist_ok=True)
        self.fs.write(full, text.encode())

    def run(self, line, env=None, tty=False):
        """(stdout, stderr, exit code) of one command line (no shell: words split by shlex)."""
        argv = shlex.split(line)
        out, err = [], []
        proc = Proc(argv=argv, env=dict(env or {}), cwd=self.cwd, fs=self.fs,
                    machine=SimpleNamespace(engine=self.engine), write_out=out.append,
                    write_err=err.append, tty=tty)
        code = REGISTRY[argv[0]](proc)
        return "".join(out), "".join(err), code

    def names(self, all_states=True):
        return sorted(c.name for c in self.engine.containers.all() if all_states or c.running)
