"""Helpers shared by the everyday programs: option parsing with each tool's own usage errors,
path handling and the GNU / BusyBox voices."""
import posixpath

from ..fs import FSError
from ..fs.devices import ENDLESS, stream
from .base import program

BUSYBOX_BANNER = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n"


class Exit(Exception):
    """Ends a program early with an exit status (its message already printed)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def tool(*names):
    """Register a program whose body may raise Exit."""
    def register(func):
        def run(proc):
            try:
                return func(proc)
            except Exit as done:
                return done.status
        run.__name__ = func.__name__
        run.__doc__ = func.__doc__
        return program(*names)(run)
    return register


def name_of(proc):
    return posixpath.basename(proc.argv[0]) if proc.argv else "sh"


def is_busybox(proc):
    return getattr(proc.machine, "flavor", "gnu") == "busybox"


def fail(proc, message, status=1):
    proc.err(f"{name_of(proc)}: {message}\n")
    raise Exit(status)


def missing_operand(proc, what="operand"):
    name = name_of(proc)
    fail(proc, f"missing {what}" if is_busybox(proc) else f"missing {what}\nTry '{name} --help' for more information.")


def usage_error(proc, option, usage="", status=1, long=False):
    """The tool's reaction to an unknown option."""
    name = name_of(proc)
    if is_busybox(proc):
        what = f"unrecognized option: {option.lstrip('-')}" if not long else f"unrecognized option '{option}'"
        proc.err(f"{name}: {what}\n{BUSYBOX_BANNER}\nUsage: {name} {usage}\n")
    elif long:
        proc.err(f"{name}: unrecognized option '{option}'\nTry '{name} --help' for more information.\n")
    else:
        proc.err(f"{name}: invalid option -- '{option}'\nTry '{name} --help' for more information.\n")
    raise Exit(status)


def missing_argument(proc, option, status=1):
    name = name_of(proc)
    if is_busybox(proc):
        proc.err(f"{name}: option requires an argument: {option}\n")
    else:
        proc.err(f"{name}: option requires an argument -- '{option}'\n"
                 f"Try '{name} --help' for more information.\n")
    raise Exit(status)


def getopt(proc, flags, valued="", long=None, usage="", status=1, numeric=False, args=None):
    """Parse short options (combined, `-n5` or `-n 5`), long options via `long` (name → letter,
    ending "=" when it takes a value) and `--`. numeric: accept `-5` as `-n 5` (head, tail).
    Returns (options: dict letter → value or True, operands)."""
    argv = proc.argv[1:] if args is None else args
    options, operands = {}, []
    long = long or {}
    i = 0

    def next_value(option):
        nonlocal i
        if i >= len(argv):
            missing_argument(proc, option, status)
        i += 1
        return argv[i - 1]

    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            operands.extend(argv[i:])
            break
        if arg.startswith("--") and long is not None:
            key, eq, value = arg[2:].partition("=")
            target = long.get(key) or long.get(key + "=")
            if target is None:
                usage_error(proc, arg, usage, status, long=True)
            if (key + "=") in long:
                options[target] = value if eq else next_value(key)
            else:
                options[target] = True
            continue
        if not arg.startswith("-") or arg == "-":
            operands.append(arg)
            continue
        if numeric and arg[1:].isdigit():
            options["n"] = arg[1:]
            continue
        k = 1
        while k < len(arg):
            letter = arg[k]
            k += 1
            if letter in valued:
                options[letter] = arg[k:] or next_value(letter)
                break
            if letter not in flags:
                usage_error(proc, letter, usage, status)
            options[letter] = True
    return options, operands


def read_input(proc, path, prefix=False):
    """A file's text, or stdin for "-"; raises FSError. Reading an endless device whole is a
    memory hog that the OOM killer ends (status 137, SIGKILL); a reader that takes only a
    `prefix` gets a bounded stream of it."""
    if path == "-":
        return proc.stdin
    if proc.path(path) in ENDLESS:
        if prefix:
            return stream(proc.path(path))
        proc.machine.oom_kills += 1
        raise Exit(137)
    return proc.fs.read(proc.path(path)).decode("utf-8", errors="replace")


def inputs(proc, files, prefix=False):
    """(name, text) for each operand (stdin when none), reporting unreadable files GNU/BusyBox style.
    The status of unreadable files is collected in the returned list's .failed attribute."""
    result = Texts()
    for path in files or ["-"]:
        try:
            result.append((path, read_input(proc, path, prefix)))
        except FSError as err:
            if is_busybox(proc) and err.code == "ENOENT":
                proc.err(f"{name_of(proc)}: can't open '{path}': {err}\n")
            else:
                proc.err(f"{name_of(proc)}: {path}: {err}\n")
            result.failed = True
    return result


def member_groups(fs, user):
    """(gid, name) of every group in the filesystem's /etc/group that lists the user: the
    supplementary groups runc gives a container's process."""
    try:
        lines = fs.read_text("/etc/group").splitlines()
    except FSError:
        return []
    fields = (line.split(":") for line in lines)
    return [(int(f[2]), f[0]) for f in fields if len(f) == 4 and f[2].isdigit() and user.name in f[3].split(",")]


class Texts(list):
    failed = False


def lines_of(text):
    """Lines without their newlines; a missing final newline still ends a line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines
