"""echo, printf, true, false, test / [ : the tiny programs the shell also has as builtins."""
import re

from ..limits import MAX_FILE, LimitExceeded
from .base import program
from .testexpr import TestError, evaluate

ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
           "f": "\f", "r": "\r", "v": "\v"}
ESCAPE = re.compile(r"\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|c|.)", re.S)


def unescape(text, echo_octal=True):
    """Backslash escapes of echo -e and printf %b / format strings."""
    out, pos = [], 0
    for m in ESCAPE.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        code = m.group(1)
        if code == "c":
            out.append(None)
            break
        if code[0] == "x":
            out.append(chr(int(code[1:], 16)))
        elif code[0] == "0" and echo_octal:
            out.append(chr(int(code[1:] or "0", 8) & 255))
        elif code[0].isdigit() and not echo_octal:
            out.append(chr(int(code, 8) & 255))
        elif code in ESCAPES:
            out.append(ESCAPES[code])
        else:
            out.append("\\" + code)
    else:
        out.append(text[pos:])
    if None in out:
        return "".join(out[:out.index(None)]), True
    return "".join(out), False


@program("echo")
def echo(proc):
    args = proc.argv[1:]
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for flag in args[0][1:]:
            if flag == "n":
                newline = False
            else:
                escapes = flag == "e"
        args = args[1:]
    text = " ".join(args)
    stopped = False
    if escapes:
        text, stopped = unescape(text)
    proc.out(text + ("\n" if newline and not stopped else ""))
    return 0


FORMAT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcsbq%])|%")


def number(proc, text, errors):
    text = text.strip()
    if text[:1] in ("'", '"') and len(text) > 1:
        return ord(text[1])
    try:
        return int(text, 0) if text.lower().startswith(("0x", "-0x")) else int(text or "0")
    except ValueError:
        try:
            return float(text)
        except ValueError:
            errors.append(f"printf: {text}: invalid number")
            return 0


@program("printf")
def printf(proc):
    args = proc.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        proc.err("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    fmt, values = args[0], args[1:]
    out, errors = [], []
    while True:
        used, stop = render(proc, fmt, values, out, errors)
        values = values[used:]
        if stop or not used or not values:
            break
    proc.out("".join(out))
    for message in errors:
        proc.err(message + "\n")
    return 1 if errors else 0


def render(proc, fmt, values, out, errors):
    """One pass of the format; returns (values used, stopped by \\c)."""
    used, pos = 0, 0

    def take():
        nonlocal used
        used += 1
        return values[used - 1] if used <= len(values) else None

    for m in FORMAT.finditer(fmt):
        text, stop = unescape(fmt[pos:m.start()], echo_octal=False)
        out.append(text)
        if stop:
            return used, True
        pos = m.end()
        if m.group(0) == "%" or m.group(4) == "%":
            out.append("%")
            continue
        flags, width, precision, conv = m.groups()
        if width == "*":
            width = str(int(number(proc, take() or "0", errors)))
        if precision == "*":
            precision = str(int(number(proc, take() or "0", errors)))
        if max(abs(int(width or 0)), int(precision or 0)) > MAX_FILE:    # padding beyond any output kept
            raise LimitExceeded("command stopped: output too large")
        value = take()
        spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
        if conv in "sq":
            out.append((spec + "s") % ("" if value is None else value))
        elif conv == "b":
            text, stop = unescape(value or "")
            out.append((spec + "s") % text)
            if stop:
                return used, True
        elif conv == "c":
            out.append((spec + "s") % (value or "")[:1])
        elif conv in "diouxX":
            n = number(proc, value or "0", errors)
            out.append((spec + ("d" if conv in "iu" else conv)) % int(n))
        else:
            out.append((spec + conv) % float(number(proc, value or "0", errors)))
    text, stop = unescape(fmt[pos:], echo_octal=False)
    out.append(text)
    return used, stop


@program("true", ":")
def true(proc):
    return 0


@program("false")
def false(proc):
    return 1


@program("test", "[")
def test(proc):
    args = proc.argv[1:]
    name = proc.argv[0].rsplit("/", 1)[-1]
    if name == "[":
        if not args or args[-1] != "]":
            proc.err("[: missing `]'\n" if proc.machine.flavor != "busybox" else "[: missing ]\n")
            return 2
        args = args[:-1]
    try:
        return 0 if evaluate(args, proc.fs, proc.path) else 1
    except TestError as err:
        proc.err(f"{name}: {err}\n")
        return 2
