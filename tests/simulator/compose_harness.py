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

# the compose file of the acceptance transcript (notes: "Docker Compose"), corrected
ACCEPTANCE = """\
services:
  web:
    image: nginx
    ports:
      - "8080:80"
  db:
    image: mysql:latest
    restart: always
    environment:
      MYSQL_ROOT_PASSWORD: somepass
      MYSQL_DATABASE: somedatabase
    volumes:
      - my_vol:/var/lib/mysql
volumes:
  my_vol:
    name: my-vol
"""


def write(fs, cwd, path, text):
    full = path if path.startswith("/") else f"{cwd}/{path}"
    fs.mkdir(full.rsplit("/", 1)[0], parents=True, exist_ok=True)
    fs.write(full, text.encode())


def host_fs(files, cwd="/root/app"):
    """A host filesystem holding `files` ({path relative to cwd or absolute: text})."""
    fs = FileSystem()
    fs.mkdir(cwd, parents=True)
    for path, text in files.items():
        write(fs, cwd, path, text)
    return fs


class Host:
    def __init__(self, files=None, cwd="/root/app"):
        self.fs = host_fs(files or {}, cwd)
        self.cwd = cwd
        self.engine = Engine(Clock(frozen=START), IdFactory(7), host_fs=self.fs)

    def write(self, path, text):
        write(self.fs, self.cwd, path, text)

    def run(self, line, env=None, tty=False, out=None, err=None):
        """(stdout, stderr, exit code) of one command line (no shell: words split by shlex).
        Pass lists as `out` and `err` to keep what a command printed before it raised."""
        argv = shlex.split(line)
        out, err = ([] if out is None else out), ([] if err is None else err)
        proc = Proc(argv=argv, env=dict(env or {}), cwd=self.cwd, fs=self.fs,
                    machine=SimpleNamespace(engine=self.engine), write_out=out.append,
                    write_err=err.append, tty=tty)
        code = REGISTRY[argv[0]](proc)
        return "".join(out), "".join(err), code

    def names(self, all_states=True):
        return sorted(c.name for c in self.engine.containers.all() if all_states or c.running)
