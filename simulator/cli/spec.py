"""Declarative docker commands: a Command names its path, usage, arity and flags; parsing,
help and errors come from one place (cli/main.py, cli/help.py).

    @command("container rm", aliases=("container remove", "rm"), args=Args.min(1),
             usage="docker container rm [OPTIONS] CONTAINER [CONTAINER...]", short="...",
             flags=[Flag("force", "f", bool, "...")])
    def rm(ctx, opts, args): ...          # returns the exit code (None means 0)

or, for a command already described in cli/catalog.py, only the handler:

    @handler("container rm")
    def rm(ctx, opts, args): ...
"""
from . import messages as msg
from .flags import Flag  # noqa: F401  (re-exported: verb modules import Flag from here)

COMMANDS: dict = {}     # canonical path ("container rm") -> Command
HANDLERS: dict = {}     # canonical path -> handler(ctx, opts, args)
GROUPS: dict = {}       # management command ("container") -> short description


class CliError(Exception):
    """Ends a command: `message` goes to stderr as it is (none if empty), `status` is the exit code."""

    def __init__(self, message="", status=1):
        super().__init__(message)
        self.message, self.status = message, status


class Args:
    """Arity rules of cli/required.go."""

    def __init__(self, lo=0, hi=None, template=None):
        self.lo, self.hi, self.template = lo, hi, template

    @classmethod
    def none(cls):
        return cls(0, 0, msg.REQUIRES_NO_ARGS)

    @classmethod
    def exact(cls, n):
        return cls(n, n, msg.REQUIRES_EXACT)

    @classmethod
    def min(cls, n):
        return cls(n, None, msg.REQUIRES_MIN)

    @classmethod
    def max(cls, n):
        return cls(0, n, msg.REQUIRES_MAX)

    @classmethod
    def range(cls, lo, hi):
        return cls(lo, hi, msg.REQUIRES_RANGE)

    @classmethod
    def any(cls):
        return cls()

    def error(self, count, path, use_line):
        """The arity error for `count` arguments, or None when the count is fine."""
        if count >= self.lo and (self.hi is None or count <= self.hi):
            return None
        n = self.lo if self.template is msg.REQUIRES_MIN else self.hi
        noun = "argument" if n == 1 else "arguments"
        return self.template.format(path=path, use_line=use_line, n=n, lo=self.lo, hi=self.hi,
                                    noun=noun)


class Command:
    """One docker command. `usage` may be written whole ("docker container rm [OPTIONS] ...")
    or as its tail after the path. `aliases` are other paths reaching it ("container remove",
    "rm"). `top` orders it under "Common Commands" in `docker --help`. A `plugin` (compose)
    receives its arguments unparsed. `long` replaces `short` in its --help."""

    def __init__(self, name, usage="", short="", args=None, flags=(), aliases=(),
                 interspersed=True, top=0, plugin=False, long=""):
        self.name, self.short, self.aliases = name, short, tuple(aliases)
        self.long = long or short   # what --help shows under the usage line
        self.args = args or Args.any()
        self.flags = list(flags)
        self.interspersed, self.top, self.plugin = interspersed, top, plugin
        prefix = f"docker {name}"
        self.use = usage[len(prefix):].strip() if usage.startswith(prefix) else usage.strip()

    def use_line(self, path):
        return f"{path} {self.use}".rstrip()


def register(cmd, replace=True):
    if replace or cmd.name not in COMMANDS:
        COMMANDS[cmd.name] = cmd


def group(name, short):
    GROUPS[name] = short


def command(name, **spec):
    """Declare a command and its handler together."""
    def decorate(func):
        register(Command(name, **spec))
        HANDLERS[name] = func
        return func
    return decorate


def handler(name):
    """Attach a handler to a command declared in cli/catalog.py."""
    def decorate(func):
        HANDLERS[name] = func
        return func
    return decorate


def routes():
    """Every path a student may type -> (Command, the path docker shows in its messages).
    A group alias (`container list`) shows the canonical path; a top-level alias (`ps`) its own."""
    table = {}
    for cmd in COMMANDS.values():
        table[cmd.name] = (cmd, f"docker {cmd.name}")
        for alias in cmd.aliases:
            shown = alias if " " not in alias else cmd.name
            table[alias] = (cmd, f"docker {shown}")
    return table


class Context:
    """What a handler sees: the engine, the calling process and its terminal."""

    def __init__(self, proc, path, command):
        self.proc, self.path, self.command = proc, path, command
        self.engine = getattr(proc.machine, "engine", None)
        self.terminal, self.tty = proc.terminal, proc.tty

    def out(self, text):
        self.proc.out(text)

    def err(self, text):
        self.proc.err(text)

    def with_help(self, error, status=125):
        """A run/create failure: `docker: <error>` and the pointer to --help (cli run.go withHelp)."""
        return CliError(msg.WITH_HELP.format(error=error, path=self.path), status)
