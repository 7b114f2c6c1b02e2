"""Session: one student's simulated computer. A Debian host with a bash shell and the docker
CLI, a Docker engine, and a terminal. run() feeds one typed line to whatever has the terminal
(the host shell, a shell inside a container, a y/N question) and returns what the terminal
shows; the whole session serialises to JSON and continues exactly where it was."""
import json
import logging
import threading
from dataclasses import dataclass

from . import programs  # noqa: F401  (registers every simulated program)
from .cli import main as docker_cli  # noqa: F401  (registers the `docker` program)
from . import completion
from .clock import Clock
from .engine.engine import Engine
from .fs import FileSystem
from .host import host_layer, make_host_machine
from .ids import IdFactory
from .limits import (INTERRUPT, MAX_OUTPUT, MAX_TERMINAL_SIZE, Budget, LimitExceeded, Space, bounded,
                     history_overflow)
from .programs.base import INTERRUPTED, Blocked, Output, Proc
from .shell import Shell, continuation
from .terminal import FrameIO, Terminal, host_prompt

log = logging.getLogger(__name__)
STATE_VERSION = 1
TRUNCATED = "\n[output truncated: more than {} characters]\n"


@dataclass
class Result:
    output: str
    exit_code: int


class Session:
    def __init__(self, seed=None, runtime="simulated", clock=None, tty=False, linux_network=False):
        self.clock = clock or Clock()
        self.ids = IdFactory(seed)
        self.runtime, self.tty = runtime, tty
        self.linux_network = linux_network      # real containers get a private bridge network
        self.host = make_host_machine(self.clock)
        self.engine = Engine(self.clock, self.ids, runtime, host_fs=self.host.fs, linux_network=linux_network)
        self._wire()
        self.shell = Shell(self.host.base_env(), self.host.user.home, name="bash")
        self.terminal = Terminal(tty=tty)
        self.history = []
        self._ready_for_interrupts()
        self._saved_size = None     # characters of the last to_json(), counted on by file writes since

    def _ready_for_interrupts(self):
        self._interrupt = threading.Event()     # Ctrl-C for the command run() is working on
        self._running = False
        self._guard = threading.Lock()          # orders interrupt_running() against run()'s start and end

    def _wire(self):
        self.host.engine = self.engine
        self.host.net = self.engine.networks.view()
        self.engine.host_fs = self.host.fs

    # --- the terminal ----------------------------------------------------------------------
    @property
    def prompt(self):
        frame = self._frame()
        if frame is not None:
            return frame.prompt(self.engine)
        return host_prompt(self.shell, self.host)

    def _frame(self):
        """The frame that has the terminal, once frames whose container has gone are dropped."""
        while self.terminal.frames and not self.terminal.top.alive(self.engine):
            self.terminal.pop()
        return self.terminal.top

    def run(self, text, on_output=None):
        """Run one line; never raises. Returns what the terminal shows and the exit status."""
        with self._guard:
            self._interrupt.clear()
            self._running = True
        token = INTERRUPT.set(self._interrupt)
        space = Space(len(self.to_json()) if self._saved_size is None else self._saved_size)
        try:
            with bounded(space):
                result = self._run(text, on_output)
        finally:
            self._saved_size = space.used
            INTERRUPT.reset(token)
            with self._guard:
                self._running = False
        if self._interrupt.is_set():    # Ctrl-C after the command's last step reaches what it left
            text = self._interrupt_here()
            result = Result(result.output + ("" if text.startswith("^C") else "^C") + text, INTERRUPTED)
        return result

    def _run(self, text, on_output):
        out = Output(MAX_OUTPUT, on_output)
        if text.strip():
            self.history.append(text)
            del self.history[:history_overflow(self.history)]
        try:
            self.engine.refresh()
            frame = self._frame()
            if frame is not None:
                if frame.feed(text, self._io(out)):
                    self.terminal.frames.remove(frame)
                    if self.terminal.top is None:      # back at the host: $? is the command's status
                        self.shell.status = frame.status
                status = frame.status
            else:
                status = self.shell.execute(text, self._host_proc(out))
                self.shell.exited = False        # the lab's host shell outlives `exit`
        except Blocked:
            out.write("^C\n")
            status = INTERRUPTED
            self._interrupt.clear()     # a Ctrl-C pressed meanwhile has had its effect
        except LimitExceeded as error:
            out.write(f"bash: {error}\n", "err")
            status = 1
        except Exception:  # noqa: BLE001 - the student must never see a traceback
            log.exception("internal error running %r", text[:200])
            word = (text.split() or ["bash"])[0][:40]
            out.write(f"bash: {word}: internal error (the lab has logged it)\n", "err")
            status = 1
        if out.truncated:
            out.truncated = False
            out.limit += len(TRUNCATED) + 20
            out.write(TRUNCATED.format(MAX_OUTPUT), "err")
        return Result(out.text(), status)

    def _io(self, out):
        return FrameIO(self.engine, self.terminal, lambda t: out.write(t, "out"), lambda t: out.write(t, "err"),
                       self.tty)

    def _host_proc(self, out):
        return Proc(argv=["bash"], env=dict(self.shell.vars), cwd=self.shell.cwd, fs=self.host.fs,
                    machine=self.host, write_out=lambda t: out.write(t, "out"),
                    write_err=lambda t: out.write(t, "err"), terminal=self.terminal, budget=Budget(),
                    tty=self.tty)

    def interrupt(self):
        """Ctrl-C. While run() works (in another thread) the command stops at its next step and
        ends as Ctrl-C ends it (`^C`, status 130): returns "". Otherwise a pending question is
        cancelled and a shell gets a fresh line: returns what the terminal shows."""
        if self.interrupt_running():
            return ""
        return self._interrupt_here()

    def _interrupt_here(self):
        frame = self.terminal.top
        if frame is None:
            self.shell.status = INTERRUPTED
            return "^C\n"
        out = Output(MAX_OUTPUT)
        if frame.interrupt(self._io(out)):
            self.terminal.frames.remove(frame)
        return out.text() or "\n"

    def interrupt_running(self):
        """Ctrl-C for a command in progress only; safe from any thread. True when one was running."""
        with self._guard:
            if self._running:
                self._interrupt.set()
            return self._running

    def resize(self, cols, rows):
        """The terminal's size, as a window change reports it: output that fits the width (ls
        columns, progress bars, help) follows it, and bash's COLUMNS and LINES show it."""
        self.terminal.width, self.terminal.height = (max(1, min(int(n), MAX_TERMINAL_SIZE)) for n in (cols, rows))
        self.shell.vars["COLUMNS"], self.shell.vars["LINES"] = str(self.terminal.width), str(self.terminal.height)

    # --- completion ------------------------------------------------------------------------
    def complete(self, line):
        """Tab completion candidates for the last word of `line`."""
        return completion.complete(self, line)

    def needs_more(self, text):
        """Whether Enter after `text` continues the entry on a `> ` line, as in bash."""
        return continuation.needs_more(text)

    # --- the picture for the diagram -------------------------------------------------------
    def snapshot(self):
        engine = self.engine
        engine.refresh()
        return {
            "containers": [{"id": c.id[:12], "name": c.name, "image": c.config.get("Image", ""),
                            "status": c.state.status, "ports": c.ports,
                            "networks": sorted(c.networks), "ip": engine.networks.address(c),
                            "mounts": [{"type": m["Type"], "name": m.get("Name") or m["Source"],
                                        "destination": m["Destination"]} for m in c.mounts]}
                           for c in sorted(engine.containers.all(), key=lambda c: c.created)],
            "images": [{"id": i.id[7:19], "tags": list(i.repo_tags), "size": i.size,
                        "layers": [{"id": d[7:19], "size": engine.images.layers[d].size}
                                   for d in i.layers if d in engine.images.layers]}
                       for i in engine.images.list()],
            "volumes": [{"name": v.name, "anonymous": v.anonymous} for v in engine.volumes.by_name.values()],
            "networks": [{"id": n.id[:12], "name": n.name, "driver": n.driver, "subnet": n.subnet}
                         for n in engine.networks.by_id.values()],
        }

    # --- serialisation ---------------------------------------------------------------------
    def to_json(self):
        text = json.dumps(self._state(), separators=(",", ":"))
        self._saved_size = len(text)
        return text

    @classmethod
    def from_json(cls, text):
        session = cls._from_state(json.loads(text))
        session._saved_size = len(text)
        return session

    def fork(self):
        """An independent copy, as Session.from_json(self.to_json()) makes, for less: image
        layers never change, so the copy shares them instead of saving and reading them again.
        It counts its saved size on from the original's."""
        session = self._from_state(json.loads(json.dumps(self._state(layer_data=False))))
        session.engine.images.share_layers(self.engine.images)
        session._saved_size = self._saved_size
        return session

    def _state(self, layer_data=True):
        return {
            "version": STATE_VERSION, "runtime": self.runtime, "linux_network": self.linux_network, "tty": self.tty,
            "clock": self.clock.to_dict(), "ids": self.ids.to_dict(), "host": self.host.fs.to_dict(),
            "shell": self.shell.to_dict(), "engine": self.engine.to_dict(layer_data),
            "terminal": self.terminal.to_dict(), "size": [self.terminal.width, self.terminal.height],
            "history": self.history,
        }

    @classmethod
    def _from_state(cls, data):
        session = cls.__new__(cls)
        session.clock = Clock.from_dict(data["clock"])
        session.ids = IdFactory.from_dict(data["ids"])
        session.runtime, session.tty = data["runtime"], data["tty"]
        session.linux_network = data.get("linux_network", False)
        session.host = make_host_machine(session.clock)
        base = host_layer()
        session.host.fs = FileSystem.from_dict(data["host"], lambda _: base, clock=session.clock)
        session.engine = Engine.from_dict(data["engine"], session.clock, session.ids, session.runtime,
                                          session.host.fs, session.linux_network)
        session._wire()
        session.shell = Shell.from_dict(data["shell"])
        session.terminal = Terminal(session.tty, *data.get("size", (80, 24)))
        session.terminal.load(data["terminal"])
        session.history = data["history"]
        session._ready_for_interrupts()
        return session
