"""Every bound on what one command may cost. Student input is hostile; these keep a session
responsive and its state small whatever is typed."""
import contextlib
import contextvars
import time

MAX_LINE = 64 * 1024            # characters in one input line / script
MAX_OUTPUT = 256 * 1024         # characters one command may print; the rest is cut with a notice
MAX_STEPS = 50_000              # shell steps (commands, loop iterations, expansions) per command
MAIN_STEPS = 20_000             # steps a container's main process is simulated ahead before it just runs on
MAIN_HORIZON = 600              # simulated seconds a container's main process is simulated ahead
MAX_SUBST_DEPTH = 16            # nesting of $(...), eval-like re-entry, and sh -c
MAX_WORD = 1024 * 1024          # characters in one expanded word or variable
MAX_FILE = 16 * 1024 * 1024     # bytes in one simulated file (stored data)
MAX_FS = 64 * 1024 * 1024       # bytes of stored data in one writable layer
MAX_HISTORY = 1000              # shell history entries kept
MAX_HISTORY_CHARS = 1024 * 1024 # characters of shell history kept, all entries together
MAX_CONTAINERS = 500            # containers in one engine
MAX_VOLUMES = 500               # volumes in one engine
MAX_TAGS = 1000                 # image tags in one engine
MAX_ARGV = 4096                 # arguments after expansion
MAX_TERMINAL_SIZE = 1000        # columns or rows a resize may set
MAX_SECONDS = 3                 # wall-clock seconds one command may work
MAX_SESSION_BYTES = 32 * 1024 * 1024    # characters of a saved session (its JSON) that file writes may fill


def history_overflow(entries):
    """How many of the oldest history entries to drop to keep within MAX_HISTORY and MAX_HISTORY_CHARS."""
    drop, total = max(0, len(entries) - MAX_HISTORY), sum(map(len, entries))
    total -= sum(map(len, entries[:drop]))
    while total > MAX_HISTORY_CHARS:
        total -= len(entries[drop])
        drop += 1
    return drop


class LimitExceeded(Exception):
    """A bound was hit; the message is shown to the student in the shell's voice."""


class Blocked(Exception):
    """A foreground program would wait forever (`sleep infinity`, `logs -f`, an attached server),
    or Ctrl-C reached a running command. Whatever it printed stays; the terminal then ends it as
    Ctrl-C does (`^C`, status 130)."""


# The running command's Ctrl-C flag (a threading.Event set from another thread), for every
# Budget made while it runs: the host shell's, a container's process, a build step.
INTERRUPT = contextvars.ContextVar("interrupt", default=None)
# The running command's time limit (a time.monotonic() value) and its session's Space.
DEADLINE = contextvars.ContextVar("deadline", default=None)
SPACE = contextvars.ContextVar("space", default=None)


class Space:
    """What a session's saved state takes, counted on while a command writes files, so that a
    write taking it past MAX_SESSION_BYTES fails (ENOSPC) and the session never outgrows it."""

    def __init__(self, used, limit=None):
        self.used, self.limit = used, MAX_SESSION_BYTES if limit is None else limit

    def take(self, n):
        """Counts n more characters (fewer when negative); False, counting nothing, if they do not fit."""
        if n > 0 and self.used + n > self.limit:
            return False
        self.used += n
        return True


@contextlib.contextmanager
def bounded(space):
    """The bounds of one command: its deadline and its session's space, for every Budget and
    filesystem write made while it runs."""
    deadline, room = DEADLINE.set(time.monotonic() + MAX_SECONDS), SPACE.set(space)
    try:
        yield
    finally:
        SPACE.reset(room)
        DEADLINE.reset(deadline)


class Budget:
    """Counts work done by one command; raises LimitExceeded past MAX_STEPS or its deadline, and
    Blocked at the next step once Ctrl-C has been pressed."""

    def __init__(self, steps=MAX_STEPS):
        self.left = steps
        self.interrupt = INTERRUPT.get()
        self.deadline = DEADLINE.get()

    @property
    def exhausted(self):
        """No step is left: the count is spent or the deadline has passed."""
        return self.left < 0 or (self.deadline is not None and time.monotonic() > self.deadline)

    def step(self, n=1):
        self.left -= n
        if self.left < 0:
            raise LimitExceeded("command stopped: too many steps (possible infinite loop)")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise LimitExceeded(f"command stopped: it ran for more than {MAX_SECONDS} seconds")
        if self.interrupt is not None and self.interrupt.is_set():
            raise Blocked("interrupt")


class AheadBudget(Budget):
    """The budget of a container's main process, simulated ahead of time: when it runs out the
    process is not stopped but runs on unsimulated (a busy loop as PID 1 keeps its container up),
    so the caller sees Blocked, as for a process that waits."""

    def step(self, n=1):
        try:
            super().step(n)
        except LimitExceeded:
            raise Blocked("simulated ahead as far as the budget goes") from None
