"""The session's terminal: a stack of frames. An interactive command (a shell inside a
container, a `[y/N]` question) pushes a frame; the next lines typed go to the top frame until
it finishes. Frames are plain data so a session can be saved in the middle of one."""
import posixpath

from .limits import Budget
from .programs.base import INTERRUPTED, Proc

PROMPT_ACTIONS: dict = {}     # name -> action(engine, out, err, **args) run when a question gets "y"


def prompt_action(name):
    """Register what a `[y/N]` question does when answered yes (`@prompt_action("container prune")`)."""
    def register(func):
        PROMPT_ACTIONS[name] = func
        return func
    return register


class Terminal:
    def __init__(self, tty=False, width=80, height=24):
        self.frames = []
        self.tty, self.width, self.height = tty, width, height

    def push(self, frame):
        self.frames.append(frame)

    @property
    def top(self):
        return self.frames[-1] if self.frames else None

    def pop(self):
        return self.frames.pop()

    def to_dict(self):
        return [frame.to_dict() for frame in self.frames]

    def load(self, data):
        self.frames = [FRAME_KINDS[item["kind"]].from_dict(item) for item in data]


class FrameIO:
    """What a frame gets for one line: the engine, the session's terminal and output writers."""

    def __init__(self, engine, terminal, out, err, tty):
        self.engine, self.terminal, self.out, self.err, self.tty = engine, terminal, out, err, tty


class InputFrame:
    """A frame that waits for one answer after printing its own question (`[y/N] `, `Password: `).
    Every frame has prompt(engine) -> str, feed(line, io) -> True when finished, interrupt(io)
    -> the same, alive(engine) -> False once what it talks to is gone, `status` (the exit status
    of its last line) and to_dict(); kinds register in FRAME_KINDS so sessions can be loaded."""
    status = 0

    def prompt(self, engine):
        return ""

    def alive(self, engine):
        return True

    def interrupt(self, io):
        """Ctrl-C cancels the question."""
        self.status = 0
        return True


class Question(InputFrame):
    """`Are you sure you want to continue? [y/N] `: the answer decides, then the frame ends."""
    kind = "question"

    def __init__(self, action, args=None):
        self.action, self.args = action, dict(args or {})

    def feed(self, line, io):
        self.status = 0
        if line.strip().lower() in ("y", "yes"):
            self.status = PROMPT_ACTIONS[self.action](io.engine, io.out, io.err, **self.args) or 0
        return True

    def to_dict(self):
        return {"kind": self.kind, "action": self.action, "args": self.args}

    @classmethod
    def from_dict(cls, data):
        return cls(data["action"], data["args"])


class ContainerFrame:
    """A frame talking to a container: it lasts while the container runs."""

    def alive(self, engine):
        c = engine.containers.get(self.container_id)
        return c is not None and c.state.status in ("running", "paused")


class ContainerShell(ContainerFrame):
    """An interactive shell in a container: its main process (`docker run -it alpine sh`) or an
    exec (`docker exec -it web bash`). `exit` ends it; as a main process it ends the container."""
    kind = "container-shell"

    def __init__(self, container_id, shell, main=True, user="", tty=True):
        self.container_id, self.shell, self.main, self.user = container_id, shell, main, user
        self.tty = tty                 # without a terminal (`docker run -i`) the shell prompts not
        self.status = 0

    def _machine(self, engine):
        c = engine.containers.get(self.container_id)
        if c is None:
            return None, None
        machine = engine.containers.machine(c)
        if self.user:
            machine.user = engine.containers.user(c, machine.fs, self.user)
        return c, machine

    def prompt(self, engine):
        c, machine = self._machine(engine)
        if machine is None or not self.tty:
            return ""
        cwd = self.shell.cwd
        home = self.shell.vars.get("HOME", machine.user.home)
        shown = "~" + cwd[len(home):] if home != "/" and (cwd == home or cwd.startswith(home + "/")) else cwd
        sign = "#" if machine.user.uid == 0 else "$"
        if self.shell.name == "bash":
            return f"{machine.user.name}@{machine.hostname}:{shown}{sign} "
        if machine.flavor == "busybox":
            return f"{shown} {sign} "
        return f"{sign} "

    def feed(self, line, io):
        c, machine = self._machine(io.engine)
        self.status = 0
        if c is None or c.state.status not in ("running", "paused"):
            return True
        proc = Proc(argv=[self.shell.name], env=dict(self.shell.vars), cwd=self.shell.cwd, fs=machine.fs,
                    machine=machine, write_out=io.out, write_err=io.err, terminal=io.terminal,
                    budget=Budget(), tty=self.tty)
        self.status = self.shell.execute(line, proc)
        if not self.shell.exited:
            return False
        if self.main:
            io.engine.containers.finish_interactive(c, self.status)
        return True

    def interrupt(self, io):
        """Ctrl-C at a shell prompt: a fresh line, the shell stays."""
        io.out("^C\n")
        self.status = self.shell.status = INTERRUPTED
        return False

    def to_dict(self):
        return {"kind": self.kind, "container": self.container_id, "shell": self.shell.to_dict(),
                "main": self.main, "user": self.user, "tty": self.tty}

    @classmethod
    def from_dict(cls, data):
        from .shell import Shell
        return cls(data["container"], Shell.from_dict(data["shell"]), data["main"], data.get("user", ""),
                   data.get("tty", True))


class RealShell(ContainerFrame, InputFrame):
    """A container's shell running for real (the Linux runtime): its main process or one exec'd
    (`name`). Each line goes to it and what it writes comes back; the text after its last
    newline is its own prompt (`/ # `)."""
    kind = "real-shell"

    def __init__(self, container_id, shown=0, prompt="", name=""):
        self.container_id, self.shown, self.shell_prompt, self.name = container_id, shown, prompt, name

    def prompt(self, engine):
        return self.shell_prompt

    def feed(self, line, io):
        return self._talk(io, line)

    def _talk(self, io, line, interrupt=False):
        c = io.engine.containers.get(self.container_id)
        self.status = INTERRUPTED if interrupt else 0
        if c is None or c.state.status not in ("running", "paused"):
            return True
        runtime = io.engine.runtime_for(c)
        text, self.shown = runtime.converse(c.id, line, self.shown, interrupt, self.name)
        if self.name:
            code = runtime.ended(c.id, self.name)
        else:
            io.engine.containers.refresh()      # the shell may have exited
            code = None if self.alive(io.engine) else c.state.exit_code
        if code is not None:
            io.out(text)
            self.status = code
            return True
        if text or line is not None:            # Ctrl-C alone leaves the prompt as it was
            before, newline, self.shell_prompt = text.rpartition("\n")
            io.out(before + newline)
        return False

    def interrupt(self, io):
        """Ctrl-C: what the shell runs gets SIGINT (a fresh line at its prompt)."""
        io.out("^C\n")
        return self._talk(io, None, interrupt=True)

    def to_dict(self):
        return {"kind": self.kind, "container": self.container_id, "shown": self.shown, "prompt": self.shell_prompt,
                "name": self.name}

    @classmethod
    def from_dict(cls, data):
        return cls(data["container"], data["shown"], data["prompt"], data["name"])


def host_prompt(shell, machine):
    """bash's `\\u@\\h:\\w\\$ ` on the host."""
    cwd = shell.cwd
    home = machine.user.home
    if cwd == home or cwd.startswith(home + "/"):
        cwd = "~" + cwd[len(home):]
    return f"{machine.user.name}@{machine.hostname}:{posixpath.normpath(cwd) if cwd[0] == '/' else cwd}# "


FRAME_KINDS = {Question.kind: Question, ContainerShell.kind: ContainerShell, RealShell.kind: RealShell}
