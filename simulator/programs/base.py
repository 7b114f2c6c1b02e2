"""What every simulated program sees: a Proc, and the Machine it runs on.

A program is a function `prog(proc) -> exit code`. It reads `proc.argv`, `proc.env`,
`proc.stdin`, works on `proc.fs` relative to `proc.cwd`, and writes with `proc.out()` /
`proc.err()`. It never touches the host computer: everything it can reach is simulated.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..limits import Blocked, Budget  # noqa: F401  (Blocked is part of the program contract)

REGISTRY: dict = {}


def program(*names):
    """Register a program under one or more names: @program("ls")."""
    def register(func):
        for name in names:
            REGISTRY[name] = func
        return func
    return register


class NetError(Exception):
    """A network failure seen by a client: kind is unknown-host, refused, unreachable or timeout."""

    def __init__(self, kind, host="", port=None):
        super().__init__(kind)
        self.kind, self.host, self.port = kind, host, port


INTERRUPTED = 130   # 128 + SIGINT: the status of a foreground command ended by Ctrl-C


@dataclass
class HttpResponse:
    status: int
    reason: str = "OK"
    headers: dict = field(default_factory=dict)
    body: bytes = b""


@dataclass
class User:
    name: str = "root"
    uid: int = 0
    gid: int = 0
    home: str = "/root"


class Output:
    """The terminal's view of one command: stdout and stderr chunks in the order written."""

    def __init__(self, limit, on_chunk: Optional[Callable[[str], None]] = None):
        self.chunks: list = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.on_chunk = on_chunk

    def write(self, text, stream="out"):
        if not text or self.truncated:
            return
        if self.size + len(text) > self.limit:
            text = text[: max(0, self.limit - self.size)]
            self.truncated = True
        self.size += len(text)
        self.chunks.append((stream, text))
        if self.on_chunk:
            self.on_chunk(text)

    def text(self):
        return "".join(chunk for _, chunk in self.chunks)


@dataclass
class Proc:
    argv: list
    env: dict
    cwd: str
    fs: object                       # simulator.fs.FileSystem
    machine: object                  # the Machine this runs on (host or container)
    stdin: str = ""
    write_out: Callable[[str], None] = None
    write_err: Callable[[str], None] = None
    terminal: object = None          # the session's terminal (frames, tty, width); None in batch
    budget: Budget = field(default_factory=Budget)
    tty: bool = False
    depth: int = 0                   # nesting of shells (sh -c inside $(...) inside ...)
    main: bool = False               # a container's main process (PID 1): may return Running

    def out(self, text):
        self.write_out(text)

    def err(self, text):
        self.write_err(text)

    def path(self, name):
        """Absolute, normalised path of `name` relative to the working directory."""
        import posixpath
        return posixpath.normpath(posixpath.join(self.cwd, name)).replace("//", "/")


# --- Long-running processes -------------------------------------------------------------------
# A program that keeps running (a server, `sleep 1000` as a container's PID 1) returns a Running
# instead of an exit code. The runtime stores it with the container (it must be JSON-able: plain
# values only) and ends it when its time comes, when it is signalled, or never.

SIGNALS = {"SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGKILL": 9, "SIGUSR1": 10, "SIGUSR2": 12,
           "SIGTERM": 15, "SIGSTOP": 19, "SIGWINCH": 28}


def signal_name(value):
    """SIGTERM for "TERM", "SIGTERM", "15"; None when unknown."""
    text = str(value).upper()
    if text.isdigit():
        return next((name for name, num in SIGNALS.items() if num == int(text)), None)
    name = text if text.startswith("SIG") else "SIG" + text
    return name if name in SIGNALS else None


@dataclass
class Running:
    until: Optional[float] = None        # simulated time at which it exits by itself; None = never
    exit_code: int = 0                   # its exit code when it does
    service: Optional[str] = None        # name in SERVICES of what answers its ports, if any
    config: dict = field(default_factory=dict)   # JSON-able settings for the service
    ports: list = field(default_factory=list)    # ports it listens on, e.g. [80]
    ignores: list = field(default_factory=list)  # signal names it ignores (sleep as PID 1: SIGTERM, SIGINT)
    stop_logs: str = ""                  # what it prints when it stops on a signal
    protocol: str = "http"               # how clients talk to it: http, mysql, redis, postgres
    traps: dict = field(default_factory=dict)    # a main shell's `trap` table: signal name → commands

    def to_dict(self):
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


SERVICES: dict = {}


def service(name):
    """Register what answers a running program's ports: @service("nginx") on a class with
    `http(ctx, method, path, headers, body) -> HttpResponse` and/or `query(ctx, request) -> reply`,
    where ctx gives the container (its fs, env) and the Running.config."""
    def register(cls):
        SERVICES[name] = cls
        return cls
    return register
