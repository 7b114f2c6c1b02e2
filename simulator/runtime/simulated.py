"""The default runtime: a container's process is a simulated program found in the container's
own filesystem. argv[0] is resolved through the container's PATH, the executable's `program`
tag picks the registered program, a `#!` script runs through its interpreter; what cannot be
found fails with runc's words."""
import posixpath

from ..engine.errors import StartFailed, exec_failure, runc_failure
from ..fs import FSError
from ..limits import MAIN_STEPS, AheadBudget, Budget
from ..programs.base import REGISTRY, Blocked, Proc, Running
from ..programs.shells import run_trap
from .exit_code import ExitCode

SHELLS = {"sh", "ash", "bash", "dash"}


class NotExecutable(Exception):
    """argv[0] cannot be run; `detail` is runc's `exec: ...` text, `code` the exit status."""

    def __init__(self, detail, code):
        super().__init__(detail)
        self.detail, self.code = detail, code


def resolve(fs, name, env, cwd):
    """(path, program tag) of the executable `name`, or NotExecutable."""
    if "/" in name:
        path = posixpath.normpath(posixpath.join(cwd, name))
        try:
            stat = fs.stat(path)
        except FSError:
            raise NotExecutable(f'exec: "{name}": stat {name}: no such file or directory', 127) from None
        if stat.kind != "file" or not stat.mode & 0o111:
            raise NotExecutable(f'exec: "{name}": permission denied', 126)
        return path, stat.program
    for directory in env.get("PATH", "").split(":"):
        path = posixpath.join(directory or ".", name)
        try:
            stat = fs.stat(path)
        except FSError:
            continue
        if stat.kind == "file" and stat.mode & 0o111:
            return path, stat.program
    raise NotExecutable(f'exec: "{name}": executable file not found in $PATH', 127)


def program_argv(fs, argv, env, cwd, depth=0):
    """(program function, argv) for argv, following `#!` interpreters."""
    path, tag = resolve(fs, argv[0], env, cwd)
    if tag is None:
        head = fs.read(path)[:256]
        if head.startswith(b"#!") and depth < 4:
            words = head[2:].split(b"\n", 1)[0].decode(errors="replace").split()
            if words:
                return program_argv(fs, words[:2] + [path] + list(argv[1:]), env, cwd, depth + 1)
        raise NotExecutable(f'exec: "{argv[0]}": exec format error', 126)
    func = REGISTRY.get(tag)
    if func is None:
        raise NotExecutable(f'exec: "{argv[0]}": this program cannot run in the simulator', 126)
    return func, list(argv)


def is_interactive_shell(fs, argv, env, cwd):
    """A shell with no script or -c: what `docker run -it alpine sh` waits in."""
    try:
        path, tag = resolve(fs, argv[0], env, cwd)
    except NotExecutable:
        return False
    name = posixpath.basename(argv[0])
    return (tag in SHELLS or (tag == "busybox" and name in SHELLS)) and len(argv) == 1


class SimulatedRuntime:
    name = "simulated"

    def start(self, machine, argv, env, cwd, write_out, write_err, stdin="", tty=False, terminal=None):
        """Run a container's main process: its exit code, or a Running. Raises StartFailed."""
        result = self._run(runc_failure, machine, argv, env, cwd, write_out, write_err, stdin, tty, terminal,
                           main=True)
        return result if isinstance(result, Running) else ExitCode.of(result or 0, machine.oom_kills > 0)

    def interactive(self, machine, argv, env, cwd, tty=False):
        """A bare shell as the main process, waiting for what is typed: the container's shell
        frame runs each line (simulator/terminal.py)."""
        return Running(config={"interactive": True})

    def exec_interactive(self, machine, argv, env, cwd, tty=False):
        """`docker exec -it c sh`: None, the container's shell frame runs each line."""
        return None

    def exec(self, machine, argv, env, cwd, write_out, write_err, stdin="", tty=False, terminal=None):
        """`docker exec`: the process's exit code. Raises StartFailed."""
        result = self._run(exec_failure, machine, argv, env, cwd, write_out, write_err, stdin, tty, terminal)
        return 0 if isinstance(result, Running) else int(result or 0)

    def trap(self, machine, action, env, cwd, write_out, write_err):
        """The main shell's trap for a signal that arrived: the exit status when it exits, else
        None. A trap that waits forever leaves the shell waiting."""
        proc = Proc(argv=["sh"], env=dict(env), cwd=cwd, fs=machine.fs, machine=machine, write_out=write_out,
                    write_err=write_err, budget=Budget())
        try:
            return run_trap(proc, action)
        except Blocked:
            return None

    @staticmethod
    def _run(failure, machine, argv, env, cwd, write_out, write_err, stdin, tty, terminal, main=False):
        try:
            func, argv = program_argv(machine.fs, argv, env, cwd)
        except NotExecutable as error:
            raise StartFailed(failure(error.detail), error.code) from None
        return func(Proc(argv=argv, env=dict(env), cwd=cwd, fs=machine.fs, machine=machine, stdin=stdin,
                         write_out=write_out, write_err=write_err, terminal=terminal, tty=tty,
                         budget=AheadBudget(MAIN_STEPS) if main else Budget(),
                         main=main))
