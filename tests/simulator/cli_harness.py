"""Run the docker program on its own, without a session: stdout and stderr kept apart."""
from types import SimpleNamespace

from simulator.cli import main  # noqa: F401  (registers the docker program)
from simulator.programs.base import REGISTRY, Proc


def docker(*argv, engine=None):
    """Returns (stdout, stderr, exit code) of `docker ARGV...`."""
    out, err = [], []
    proc = Proc(argv=["docker", *argv], env={}, cwd="/", fs=None,
                machine=SimpleNamespace(engine=engine), write_out=out.append, write_err=err.append)
    code = REGISTRY["docker"](proc)
    return "".join(out), "".join(err), code
