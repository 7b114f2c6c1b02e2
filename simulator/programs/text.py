"""Text tools: cat, head, tail, wc, sort, uniq, grep, sed, tr, cut, tee, seq, yes."""
import re

from ..fs import FSError
from ..limits import MAX_OUTPUT
from .base import Blocked
from .common import Texts, fail, getopt, inputs, is_busybox, lines_of, missing_operand, name_of, tool
from .regex_cost import TooComplex, check, degree

CLASSES = {"[:alpha:]": "a-zA-Z", "[:digit:]": "0-9", "[:alnum:]": "a-zA-Z0-9", "[:upper:]": "A-Z",
           "[:lower:]": "a-z", "[:space:]": " \\t\\n\\r\\f\\v", "[:blank:]": " \\t", "[:punct:]": "!-/:-@\\[-`{-~",
           "[:xdigit:]": "0-9A-Fa-f"}


def glob_regex(pattern, slash=False):
    """A shell glob (find -name) as a compiled regex."""
    from ..shell.expand import pattern_regex
    try:
        return re.compile(pattern_regex([(pattern, False)], slash=False), re.S)
    except re.error:
        return re.compile(re.escape(pattern))


def posix_regex(proc, pattern, extended, icase=False):
    """POSIX BRE/ERE → Python regex. Patterns whose nested repetition could backtrack
    exponentially are refused (student input must stay cheap to match)."""
    out, i = [], 0
    special_ere = set("(){}|+?")
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt in "<>":
                out.append(r"\b")
            elif nxt in special_ere:
                out.append(("\\" + nxt) if extended else nxt)
            elif nxt in "wWsSbB" or nxt.isdigit():
                out.append("\\" + nxt)
            else:
                out.append(re.escape(nxt))
            continue
        if c == "[":
            end = i + 1
            if end < len(pattern) and pattern[end] == "^":
                end += 1
            if end < len(pattern) and pattern[end] == "]":
                end += 1
            while end < len(pattern) and pattern[end] != "]":
                end = pattern.find(":]", end) + 2 if pattern.startswith("[:", end) and ":]" in pattern[end:] else end + 1
            body = pattern[i + 1:end]
            for name, chars in CLASSES.items():
                body = body.replace(name, chars)
            body = body.replace("\\", "\\\\")
            if body.startswith("^"):
                body = "^" + body[1:].replace("[", "\\[")
            else:
                body = body.replace("[", "\\[")
            out.append("[" + body + "]")
            i = end + 1
            continue
        if c in special_ere and not extended:
            out.append(re.escape(c))
        elif c == "*" and (not out or out[-1] in ("^", "(", "|")):
            out.append(re.escape(c))
        elif c in ".^$*" or (extended and c in special_ere):
            out.append(c)
        else:
            out.append(re.escape(c))
        i += 1
    regex = "".join(out)
    try:
        compiled = re.compile(regex, re.I if icase else 0)
        degree(compiled.pattern, compiled.flags)
        return compiled
    except re.error as err:
        message = "Unmatched ( or \\(" if "missing )" in str(err) or "unbalanced" in str(err) else \
            "Unmatched [, [^, [:, [., or [=" if "unterminated character set" in str(err) else "Invalid regular expression"
        fail(proc, message, 2)
    except TooComplex as err:
        fail(proc, str(err), 2)


def cheap(proc, regex, line):
    """`line`, once matching `regex` on it is known to stay cheap; else the program fails."""
    try:
        check(regex, line)
    except TooComplex as err:
        fail(proc, str(err), 2)
    return line


@tool("cat")
def cat(proc):
    opts, files = getopt(proc, "nbAeEsuvT", long={"number": "n"}, usage="[-nbvteA] [FILE]...")
    status, number = 0, 0
    for path in files or ["-"]:
        texts = inputs(proc, [path])
        status = status or (1 if texts.failed else 0)
        text = texts[0][1] if texts else ""
        if opts.get("n") or opts.get("b"):
            out = []
            for line in text.splitlines(keepends=True):
                if opts.get("b") and line == "\n":
                    out.append(line)
                    continue
                number += 1
                out.append(f"{number:6d}\t{line}")
            text = "".join(out)
        if opts.get("A") or opts.get("E") or opts.get("e"):
            text = text.replace("\n", "$\n")
        proc.out(text)
    return status


def count_option(proc, opts, default=10):
    value = opts.get("n", default)
    text = str(value)
    if not re.fullmatch(r"[-+]?\d+", text):
        fail(proc, f"invalid number of lines: '{text}'" if not is_busybox(proc) else f"invalid number '{text}'")
    return text


def with_headers(proc, texts, files, opts):
    """head/tail: `==> name <==` before each of several files."""
    for k, (name, text) in enumerate(texts):
        if len(files) > 1 and not opts.get("q"):
            proc.out(("\n" if k else "") + f"==> {'standard input' if name == '-' else name} <==\n")
        yield name, text


@tool("head")
def head(proc):
    opts, files = getopt(proc, "qv", valued="nc", long={"lines=": "n", "bytes=": "c", "quiet": "q"},
                         numeric=True, usage="[OPTIONS] [FILE]...")
    count = int(count_option(proc, opts))
    texts = inputs(proc, files, prefix=True)
    for name, text in with_headers(proc, texts, files, opts):
        if "c" in opts:
            n = int(opts["c"])
            proc.out(text[:n] if n >= 0 else text[:n])
            continue
        lines = text.splitlines(keepends=True)
        proc.out("".join(lines[:count] if count >= 0 else lines[:count]))
    return 1 if texts.failed else 0


@tool("tail")
def tail(proc):
    opts, files = getopt(proc, "fFqv", valued="nc", long={"lines=": "n", "follow": "f", "bytes=": "c"},
                         numeric=True, usage="[OPTIONS] [FILE]...")
    raw = count_option(proc, opts)
    texts = inputs(proc, files)
    for name, text in with_headers(proc, texts, files, opts):
        if "c" in opts:
            n = int(opts["c"])
            proc.out(text[-n:] if n else "")
            continue
        lines = text.splitlines(keepends=True)
        if raw.startswith("+"):
            proc.out("".join(lines[max(0, int(raw) - 1):]))
        else:
            n = abs(int(raw))
            proc.out("".join(lines[-n:]) if n else "")
    if (opts.get("f") or opts.get("F")) and files:
        raise Blocked("tail -f")
    return 1 if texts.failed else 0


@tool("wc")
def wc(proc):
    opts, files = getopt(proc, "lwcmL", long={"lines": "l", "words": "w", "bytes": "c", "chars": "m"},
                         usage="[-cmlwL] [FILE]...")
    chosen = [k for k in "lwc" if opts.get(k) or (k == "c" and opts.get("m"))] or ["l", "w", "c"]
    texts = inputs(proc, files)
    rows = []
    for name, text in texts:
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode("utf-8"))}
        rows.append(([counts[k] for k in chosen], "" if name == "-" else name))
    if len(rows) > 1:
        rows.append(([sum(r[0][i] for r in rows) for i in range(len(chosen))], "total"))
    if is_busybox(proc):
        width = 0 if len(chosen) == 1 and len(rows) == 1 else 9
        for counts, name in rows:
            cells = " ".join(f"{c:>{width}}" for c in counts).lstrip() if width else " ".join(map(str, counts))
            proc.out((cells + (" " + name if name else "")).rstrip() + "\n" if not width else
                     (" ".join(f"{c:>{width}}" for c in counts)[1:] + (" " + name if name else "")) + "\n")
        return 1 if texts.failed else 0
    stdin_used = any(name == "" for _, name in rows)
    if len(chosen) == 1 and len(rows) == 1:
        width = 1
    else:
        width = 7 if stdin_used else max(len(str(c)) for counts, _ in rows for c in counts)
    for counts, name in rows:
        proc.out(" ".join(f"{c:>{width}}" for c in counts) + (" " + name if name else "") + "\n")
    return 1 if texts.failed else 0


def sort_key(line, opts):
    if "k" in opts:
        spec = opts["k"]
        m = re.fullmatch(r"(\d+)(?:\.\d+)?[a-z]*(?:,(\d+)(?:\.\d+)?[a-z]*)?", spec)
        if m:
            start = int(m.group(1)) - 1
            end = int(m.group(2)) if m.group(2) else None
            sep = opts.get("t")
            fields = line.split(sep) if sep else re.findall(r"\s*\S+", line)
            chosen = fields[start:end]
            line = (sep or "").join(chosen) if sep else "".join(chosen)
    if opts.get("n"):
        m = re.match(r"\s*(-?\d+(?:\.\d+)?)", line)
        return (float(m.group(1)) if m else 0.0, line)
    if opts.get("f"):
        return line.lower()
    return line


@tool("sort")
def sort(proc):
    opts, files = getopt(proc, "rnufbh", valued="kto", long={"reverse": "r", "numeric-sort": "n",
                                                           "unique": "u", "key=": "k", "field-separator=": "t"},
                         usage="[-nrufbs] [-k START[,END]] [-t CHAR] [-o FILE] [FILE]...", status=2)
    texts = inputs(proc, files)
    if texts.failed:
        return 2
    lines = [line for _, text in texts for line in lines_of(text)]
    keyed = sorted(lines, key=lambda line: sort_key(line, opts), reverse=bool(opts.get("r")))
    if opts.get("u"):
        seen, unique = set(), []
        for line in keyed:
            key = sort_key(line, opts)
            if key not in seen:
                seen.add(key)
                unique.append(line)
        keyed = unique
    result = "".join(line + "\n" for line in keyed)
    if "o" in opts:
        proc.fs.write(proc.path(opts["o"]), result)
    else:
        proc.out(result)
    return 0


@tool("uniq")
def uniq(proc):
    opts, files = getopt(proc, "cdui", usage="[-cdui] [INPUT [OUTPUT]]")
    texts = inputs(proc, files[:1])
    groups = []
    for line in lines_of(texts[0][1] if texts else ""):
        same = groups and (groups[-1][0].lower() == line.lower() if opts.get("i") else groups[-1][0] == line)
        if same:
            groups[-1][1] += 1
        else:
            groups.append([line, 1])
    out = []
    for line, count in groups:
        if (opts.get("d") and count < 2) or (opts.get("u") and count > 1):
            continue
        out.append(f"{count:7d} {line}\n" if opts.get("c") else line + "\n")
    proc.out("".join(out))
    return 1 if texts.failed else 0


@tool("grep", "egrep", "fgrep")
def grep(proc):
    opts, args = getopt(proc, "civxqEnrRolLhHFswz", valued="ABCe", long={
        "count": "c", "ignore-case": "i", "invert-match": "v", "line-regexp": "x", "quiet": "q",
        "silent": "q", "extended-regexp": "E", "line-number": "n", "recursive": "r", "only-matching": "o",
        "files-with-matches": "l", "fixed-strings": "F", "word-regexp": "w", "regexp=": "e",
        "after-context=": "A", "before-context=": "B", "context=": "C", "color": "z", "colour": "z",
        "color=": "z", "colour=": "z", "no-messages": "s"},
        usage="[-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...",
        status=2)
    if "e" in opts:
        pattern = opts["e"]
    elif args:
        pattern = args.pop(0)
    else:
        if is_busybox(proc):
            proc.err(BUSYBOX_GREP_USAGE)
        else:
            proc.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
        return 2
    for key in "ABC":
        if key in opts and not str(opts[key]).isdigit():
            fail(proc, f"{opts[key]}: invalid context length argument", 2)
    name = name_of(proc)
    extended = opts.get("E") or name == "egrep"
    if opts.get("F") or name == "fgrep":
        regex_text = re.escape(pattern)
        regex = re.compile(regex_text, re.I if opts.get("i") else 0)
    else:
        regex = posix_regex(proc, pattern, extended, opts.get("i"))
    if opts.get("w"):
        regex = re.compile(r"(?<!\w)(?:" + regex.pattern + r")(?!\w)", regex.flags)
    if opts.get("x"):
        regex = re.compile(r"(?:" + regex.pattern + r")\Z", regex.flags)
        match = regex.match
    else:
        match = regex.search
    recursive = opts.get("r") or opts.get("R")
    sources = list(walk_sources(proc, args, recursive))
    show_names = (len(args) > 1 or recursive) and not opts.get("h") or opts.get("H")
    after = int(opts.get("A", opts.get("C", 0)))
    before = int(opts.get("B", opts.get("C", 0)))
    found, failed = False, False
    out = []
    for label, text in sources:
        if text is None:
            failed = True
            continue
        lines = lines_of(text)
        hits = [bool(match(cheap(proc, regex, line))) != bool(opts.get("v")) for line in lines]
        proc.budget.step(1 + len(lines) // 100)
        count = sum(hits)
        found = found or count > 0
        if opts.get("q"):
            if found:
                return 0
            continue
        prefix = f"{label}:" if show_names else ""
        if opts.get("l"):
            if count:
                out.append(label + "\n")
            continue
        if opts.get("c"):
            out.append(f"{prefix}{count}\n")
            continue
        last_printed = -1
        pending_after = 0
        for k, line in enumerate(lines):
            if hits[k]:
                start = max(k - before, last_printed + 1)
                if (before or after) and last_printed >= 0 and start > last_printed + 1:
                    out.append("--\n")
                for j in range(start, k):
                    out.append(context_line(label, show_names, opts, j, lines[j], "-"))
                if opts.get("o") and not opts.get("v"):
                    for m in regex.finditer(line):
                        if m.group(0):
                            out.append(context_line(label, show_names, opts, k, m.group(0), ":"))
                else:
                    out.append(context_line(label, show_names, opts, k, line, ":"))
                last_printed = k
                pending_after = after
            elif pending_after:
                out.append(context_line(label, show_names, opts, k, line, "-"))
                last_printed = k
                pending_after -= 1
    proc.out("".join(out))
    if failed and not opts.get("q"):
        return 2
    return 0 if found else 1


BUSYBOX_GREP_USAGE = ("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n"
                "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n")


def context_line(label, show_names, opts, k, line, sep):
    prefix = f"{label}{sep}" if show_names else ""
    if opts.get("n"):
        prefix += f"{k + 1}{sep}"
    return prefix + line + "\n"


def walk_sources(proc, args, recursive):
    """(label, text or None) for each file grep reads."""
    implicit = not args
    if implicit and not recursive:
        yield "(standard input)", proc.stdin
        return
    args = args or ["."]
    for arg in args:
        if arg == "-":
            yield "(standard input)", proc.stdin
            continue
        full = proc.path(arg)
        if proc.fs.is_dir(full):
            if not recursive:
                proc.err(f"grep: {arg}: Is a directory\n")
                continue
            for directory, _, files in proc.fs.walk(full):
                for name in files:
                    path = directory.rstrip("/") + "/" + name
                    shown = arg.rstrip("/") + path[len(full.rstrip("/")):]
                    if implicit:
                        shown = shown[2:]
                    try:
                        yield shown, proc.fs.read_text(path)
                    except FSError:
                        continue
            continue
        try:
            yield arg, proc.fs.read_text(full)
        except FSError as err:
            proc.err(f"grep: {arg}: {err}\n")
            yield arg, None


@tool("tr")
def tr(proc):
    opts, args = getopt(proc, "dsc", usage="[-cds] STRING1 [STRING2]")
    if not args or (len(args) < 2 and not opts.get("d") and not opts.get("s")):
        if not args:
            missing_operand(proc)
        fail(proc, f"missing operand after '{args[0]}'\nTry 'tr --help' for more information.")
    first = expand_set(args[0])
    second = expand_set(args[1]) if len(args) > 1 else ""
    text = proc.stdin
    if opts.get("d"):
        text = "".join(c for c in text if (c in first) == bool(opts.get("c")))
        squeeze = second
    elif second:
        if second:
            second = second + second[-1] * max(0, len(first) - len(second))
        table = {ord(a): b for a, b in zip(first, second)}
        text = text.translate(table)
        squeeze = second
    else:
        squeeze = first
    if opts.get("s"):
        text = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", text) if squeeze else text
    proc.out(text)
    return 0


def expand_set(spec):
    for name, chars in {"[:upper:]": "A-Z", "[:lower:]": "a-z", "[:digit:]": "0-9", "[:alpha:]": "a-zA-Z",
                        "[:alnum:]": "a-zA-Z0-9", "[:space:]": " \t\n\r\f\v", "[:blank:]": " \t",
                        "[:punct:]": "!-/:-@[-`{-~"}.items():
        spec = spec.replace(name, chars)
    spec = spec.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def parse_list(proc, spec):
    """cut's LIST: 1,3-5,-2,4- → predicate over 1-based positions."""
    ranges = []
    for part in spec.split(","):
        m = re.fullmatch(r"(\d*)-?(\d*)", part)
        if not part or not m or part == "-":
            fail(proc, f"invalid field value '{part}'" if part else "fields are numbered from 1")
        lo, hi = m.groups()
        if "-" in part:
            ranges.append((int(lo or 1), int(hi) if hi else None))
        else:
            if int(lo) == 0:
                fail(proc, "fields are numbered from 1\nTry 'cut --help' for more information.")
            ranges.append((int(lo), int(lo)))
    return lambda n: any(lo <= n and (hi is None or n <= hi) for lo, hi in ranges)


@tool("cut")
def cut(proc):
    opts, files = getopt(proc, "s", valued="dfcb", long={"delimiter=": "d", "fields=": "f",
                                                      "characters=": "c", "bytes=": "b"},
                         usage="[OPTIONS] [FILE]...")
    if not any(k in opts for k in "fcb"):
        fail(proc, "you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.")
    delim = opts.get("d", "\t")
    if len(delim) != 1:
        fail(proc, "the delimiter must be a single character\nTry 'cut --help' for more information.")
    texts = inputs(proc, files)
    out = []
    for _, text in texts:
        for line in lines_of(text):
            if "f" in opts:
                keep = parse_list(proc, opts["f"])
                if delim not in line:
                    if not opts.get("s"):
                        out.append(line + "\n")
                    continue
                fields = line.split(delim)
                out.append(delim.join(f for n, f in enumerate(fields, 1) if keep(n)) + "\n")
            else:
                keep = parse_list(proc, opts.get("c") or opts.get("b"))
                out.append("".join(c for n, c in enumerate(line, 1) if keep(n)) + "\n")
    proc.out("".join(out))
    return 1 if texts.failed else 0


@tool("tee")
def tee(proc):
    opts, files = getopt(proc, "ai", long={"append": "a"}, usage="[-ai] [FILE]...")
    status = 0
    for path in files:
        try:
            proc.fs.write(proc.path(path), proc.stdin, append=bool(opts.get("a")))
        except FSError as err:
            proc.err(f"tee: {path}: {err}\n")
            status = 1
    proc.out(proc.stdin)
    return status


def seq_number(proc, text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            fail(proc, f"invalid floating point argument: '{text}'\nTry 'seq --help' for more information."
                 if not is_busybox(proc) else f"invalid number '{text}'")


@tool("seq")
def seq(proc):
    args = proc.argv[1:]
    sep, width = "\n", False
    while args and args[0] in ("-s", "-w") or (args and args[0].startswith("-s") and len(args[0]) > 2):
        flag = args.pop(0)
        if flag == "-w":
            width = True
        elif flag == "-s":
            sep = args.pop(0) if args else "\n"
        else:
            sep = flag[2:]
    if not 1 <= len(args) <= 3:
        fail(proc, "missing operand\nTry 'seq --help' for more information." if not args
             else f"extra operand '{args[3]}'\nTry 'seq --help' for more information.")
    nums = [seq_number(proc, a) for a in args]
    first, step, last = (1, 1, nums[0]) if len(nums) == 1 else (nums[0], 1, nums[1]) if len(nums) == 2 else nums
    if step == 0:
        fail(proc, "invalid Zero increment value: '0'\nTry 'seq --help' for more information.")
    values = []
    value = first
    while (value <= last) if step > 0 else (value >= last):
        proc.budget.step()
        values.append(value)
        value += step
    shown = [(f"{v:g}" if isinstance(v, float) else str(v)) for v in values]
    if width and shown:
        w = max(len(s) for s in shown)
        shown = [s.zfill(w) for s in shown]
    proc.out(sep.join(shown) + ("\n" if shown else ""))
    return 0


@tool("yes")
def yes(proc):
    line = (" ".join(proc.argv[1:]) or "y") + "\n"
    proc.out(line * max(1, MAX_OUTPUT // len(line)))
    if proc.tty:
        raise Blocked("yes")
    return 0


class SedError(Exception):
    pass


def sed_commands(proc, script, extended):
    """Parse a sed script into [(address, command, argument)]."""
    commands = []
    i = 0
    text = script
    while i < len(text):
        while i < len(text) and text[i] in " \t\n;":
            i += 1
        if i >= len(text):
            break
        address, i = sed_address(proc, text, i, extended)
        while i < len(text) and text[i] == " ":
            i += 1
        if i >= len(text):
            raise SedError("missing command")
        negate = False
        if text[i] == "!":
            negate = True
            i += 1
        cmd = text[i]
        i += 1
        if cmd == "s":
            if i >= len(text):
                raise SedError("unterminated `s' command")
            delim = text[i]
            parts, i = split_delimited(text, i + 1, delim, 2)
            if parts is None:
                raise SedError("unterminated `s' command")
            m = re.match(r"[gpiI0-9]*", text[i:])
            flags = m.group(0)
            i += len(flags)
            regex = posix_regex(proc, parts[0], extended, "i" in flags or "I" in flags)
            commands.append((address, negate, "s", (regex, parts[1], flags)))
        elif cmd in "pdqP=":
            commands.append((address, negate, cmd, None))
        elif cmd in "aic":
            rest = text[i:].split("\n", 1)
            arg = rest[0].lstrip("\\").lstrip()
            i += len(rest[0])
            commands.append((address, negate, cmd, arg))
        else:
            raise SedError(f"unknown command: `{cmd}'")
    return commands


def split_delimited(text, i, delim, count):
    parts, current = [], []
    while i < len(text) and len(parts) < count:
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            current.append(nxt if nxt == delim else "\\" + nxt)
            i += 2
            continue
        if c == delim:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    return (parts, i) if len(parts) == count else (None, i)


def sed_address(proc, text, i, extended):
    def one(i):
        if i < len(text) and text[i].isdigit():
            m = re.match(r"\d+", text[i:])
            return ("line", int(m.group(0))), i + m.end()
        if i < len(text) and text[i] == "$":
            return ("last", None), i + 1
        if i < len(text) and text[i] == "/":
            parts, j = split_delimited(text, i + 1, "/", 1)
            if parts is None:
                raise SedError("unterminated address regex")
            return ("re", posix_regex(proc, parts[0], extended)), j
        return None, i
    first, i = one(i)
    if first and i < len(text) and text[i] == ",":
        second, i = one(i + 1)
        return (first, second), i
    return ((first, None) if first else None), i


def address_hit(spec, n, line, last):
    kind, value = spec
    if kind == "line":
        return n == value
    if kind == "last":
        return last
    return value.search(line) is not None


def sed_replacement(template, m):
    out, i = [], 0
    while i < len(template):
        c = template[i]
        if c == "\\" and i + 1 < len(template):
            nxt = template[i + 1]
            out.append(m.group(int(nxt)) or "" if nxt.isdigit() else "\n" if nxt == "n" else "\t" if nxt == "t" else nxt)
            i += 2
            continue
        out.append(m.group(0) if c == "&" else c)
        i += 1
    return "".join(out)


def run_sed(proc, commands, text, quiet):
    lines = lines_of(text)
    out = []
    active = {}
    addressed = [value for address, *_ in commands for kind, value in filter(None, address or ()) if kind == "re"]
    for n, line in enumerate(lines, 1):
        proc.budget.step()
        for regex in addressed:
            cheap(proc, regex, line)
        last = n == len(lines)
        deleted = False
        append = []
        for k, (address, negate, cmd, arg) in enumerate(commands):
            hit = True
            if address:
                first, second = address
                if second is None:
                    hit = address_hit(first, n, line, last)
                elif active.get(k):
                    hit = True
                    if address_hit(second, n, line, last) or (second[0] == "line" and n >= second[1]):
                        active[k] = False
                else:
                    hit = address_hit(first, n, line, last)
                    if hit:
                        active[k] = not (second[0] == "line" and n >= second[1])
            if hit == negate:
                continue
            if cmd == "s":
                regex, template, flags = arg
                cheap(proc, regex, line)
                count = 0 if "g" in flags else 1
                nth = int(re.sub(r"\D", "", flags) or 0)
                if nth:
                    matches = list(regex.finditer(line))
                    if len(matches) >= nth:
                        m = matches[nth - 1]
                        line = line[:m.start()] + sed_replacement(template, m) + line[m.end():]
                        if "p" in flags:
                            out.append(line + "\n")
                    continue
                new, made = regex.subn(lambda m: sed_replacement(template, m), line, count=count)
                line = new
                if made and "p" in flags:
                    out.append(line + "\n")
            elif cmd == "p":
                out.append(line + "\n")
            elif cmd == "d":
                deleted = True
                break
            elif cmd == "=":
                out.append(f"{n}\n")
            elif cmd == "q":
                if not quiet:
                    out.append(line + "\n")
                return "".join(out)
            elif cmd == "a":
                append.append(arg + "\n")
            elif cmd == "i":
                out.append(arg + "\n")
            elif cmd == "c":
                out.append(arg + "\n")
                deleted = True
                break
        if not deleted and not quiet:
            out.append(line + "\n")
        out.extend(append)
    return "".join(out)


@tool("sed")
def sed(proc):
    opts, args = getopt(proc, "nErsi", valued="e", long={"quiet": "n", "silent": "n", "regexp-extended": "E",
                                                       "expression=": "e", "in-place": "i"},
                        usage="[-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...")
    in_place = bool(opts.get("i"))
    if "e" in opts:
        script = opts["e"]
    elif args:
        script = args.pop(0)
    else:
        proc.err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n")
        return 1
    try:
        commands = sed_commands(proc, script, opts.get("E") or opts.get("r"))
    except SedError as err:
        fail(proc, f"-e expression #1, char {len(script)}: {err}")
    quiet = bool(opts.get("n"))
    if in_place:
        status = 0
        for path in args:
            try:
                text = proc.fs.read_text(proc.path(path))
                proc.fs.write(proc.path(path), run_sed(proc, commands, text, quiet))
            except FSError as err:
                proc.err(f"sed: can't read {path}: {err}\n")
                status = 2
        return status
    texts = inputs_sed(proc, args)
    proc.out(run_sed(proc, commands, "".join(t for _, t in texts), quiet))
    return 2 if texts.failed else 0


def inputs_sed(proc, files):
    result = Texts()
    for path in files or ["-"]:
        try:
            result.append((path, proc.stdin if path == "-" else proc.fs.read_text(proc.path(path))))
        except FSError as err:
            proc.err(f"sed: can't read {path}: {err}\n")
            result.failed = True
    return result

