"""Word expansion: tilde, parameters, command substitution, arithmetic, field splitting,
pathname expansion and quote removal, in POSIX order."""
import re

from ..limits import MAX_ARGV, MAX_WORD, LimitExceeded
from .arith import ArithError, evaluate
from .lexer import Lexer

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SPECIAL = set("?$#@*!-0123456789")
PARAM = re.compile(r"(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(.*)\Z", re.S)
EXPANDS = re.compile(r"['\"\\$`]")     # what scan() treats specially (and a leading ~)


class ExpansionError(Exception):
    """An expansion failed (bad substitution, ${x:?msg}, arithmetic): the command does not run."""


def construct_end(raw, i):
    """Index just past the quoted or nested construct that starts at raw[i]."""
    lexer = Lexer(raw)
    lexer.i = i
    lexer.skip_unit()
    return min(lexer.i, len(raw))


class Fields:
    """Fields under construction: each is a list of (text, quoted) segments."""

    def __init__(self, split):
        self.split = split
        self.fields = [[]]
        self.solid = [False]      # a field with any literal or quoted part survives being empty
        self.size = 0

    def add(self, text, quoted):
        self.size += len(text)
        if self.size > MAX_WORD:
            raise LimitExceeded("argument list too long")
        self.fields[-1].append((text, quoted))
        self.solid[-1] = True

    def new_field(self):
        self.fields.append([])
        self.solid.append(False)

    def expansion(self, text, quoted, ifs=" \t\n"):
        if quoted or not self.split:
            if text or quoted:
                self.add(text, quoted)
            return
        if not ifs:
            if text:
                self.add(text, False)
            return
        for n, piece in enumerate(re.split("[" + re.escape(ifs) + "]+", text)):
            if n:
                self.new_field()
            if piece:
                self.add(piece, False)

    def result(self):
        return [segs for segs, solid in zip(self.fields, self.solid) if solid]


def pattern_regex(segs, slash=False):
    """A glob pattern (unquoted *, ?, [...] are special) as a Python regex."""
    out = []
    for text, quoted in segs:
        if quoted:
            out.append(re.escape(text))
            continue
        i = 0
        while i < len(text):
            c = text[i]
            if c == "*":
                out.append("[^/]*" if slash else ".*")
            elif c == "?":
                out.append("[^/]" if slash else ".")
            elif c == "[":
                j = i + 1
                if j < len(text) and text[j] in "!^":
                    j += 1
                if j < len(text) and text[j] == "]":
                    j += 1
                j = text.find("]", j)
                if j < 0:
                    out.append(re.escape(c))
                else:
                    body = text[i + 1:j]
                    neg = body[:1] in ("!", "^")
                    body = body[1:] if neg else body
                    body = body.replace("\\", "\\\\").replace("[:alpha:]", "a-zA-Z").replace(
                        "[:digit:]", "0-9").replace("[:alnum:]", "a-zA-Z0-9").replace(
                        "[:space:]", " \\t\\n").replace("[:upper:]", "A-Z").replace("[:lower:]", "a-z").replace(
                        "[", "\\[")      # a literal [ in the set, never the start of a nested one
                    out.append("[" + ("^" if neg else "") + body + "]")
                    i = j
            elif c == "\\" and i + 1 < len(text):
                i += 1
                out.append(re.escape(text[i]))
            else:
                out.append(re.escape(c))
            i += 1
    return "".join(out)


MAX_PATTERN_WORK = 10 ** 6


def affordable(value, segs):
    """${x#p} and ${x/p/r} try the pattern at every position: refuse what would take too long."""
    if has_glob(segs) and len(value) * max(1, sum(len(t) for t, _ in segs)) > MAX_PATTERN_WORK:
        raise LimitExceeded("command stopped: pattern too costly for a value this long")


def has_glob(segs):
    """Whether an unquoted part can match other text than its own: a `*` or `?`, or a `[` that
    may open a bracket expression (a `]` after it), or any `[` when a backslash escape makes the
    pattern differ from its text. `[` alone, as in `while [ ... ]`, is a plain word, as in bash."""
    for text, quoted in segs:
        if quoted:
            continue
        if "*" in text or "?" in text:
            return True
        bracket = text.find("[")
        if bracket >= 0 and ("]" in text[bracket + 1:] or "\\" in text):
            return True
    return False


def pattern_items(segs):
    """A glob as items: "*", "?", a compiled one-character class, or a literal character."""
    items = []
    for text, quoted in segs:
        if quoted:
            items.extend(("lit", c) for c in text)
            continue
        i = 0
        while i < len(text):
            c = text[i]
            if c in "*?":
                if not (c == "*" and items and items[-1] == "*"):
                    items.append(c)
            elif c == "[" and "]" in text[i + 2:]:
                end = text.index("]", i + 2)
                try:
                    items.append(re.compile(pattern_regex([(text[i:end + 1], False)])))
                    i = end
                except re.error:
                    items.append(("lit", c))
            elif c == "\\" and i + 1 < len(text):
                i += 1
                items.append(("lit", text[i]))
            else:
                items.append(("lit", c))
            i += 1
    return items


def match_pattern(segs, text):
    """Whole-string glob match without backtracking blow-up: the classic two-pointer wildcard
    algorithm (at most len(pattern) * len(text) steps)."""
    items = pattern_items(segs)
    p = t = 0
    star, mark = -1, 0
    while t < len(text):
        item = items[p] if p < len(items) else None
        if item == "*":
            star, mark = p, t
            p += 1
            continue
        if item is not None and (item == "?" or (isinstance(item, tuple) and item[1] == text[t])
                                 or (isinstance(item, re.Pattern) and item.fullmatch(text[t]))):
            p += 1
            t += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            t = mark
        else:
            return False
    return all(item == "*" for item in items[p:])


class Expander:
    def __init__(self, shell, ctx):
        self.shell, self.ctx = shell, ctx

    # --- entry points ---
    def words(self, raws):
        argv = []
        for raw in (word for raw in raws for word in brace_expand(raw)):
            for segs in self.segments(raw, split=True):
                argv.extend(self.glob(segs))
            if len(argv) > MAX_ARGV:
                raise LimitExceeded("argument list too long")
        return argv

    def string(self, raw):
        """One string, no splitting or globbing (assignments, redirections, case words)."""
        return "".join(t for segs in self.segments(raw, split=False) for t, _ in segs)

    def pattern(self, raw):
        fields = self.segments(raw, split=False)
        return [seg for segs in fields for seg in segs]

    def heredoc(self, body):
        out = Fields(split=False)
        self.scan(body, out, quoted=True, heredoc=True)
        return "".join(t for segs in out.result() for t, _ in segs)

    def segments(self, raw, split):
        out = Fields(split)
        self.scan(raw, out, quoted=False)
        return out.result()

    # --- scanning ---
    def scan(self, raw, out, quoted, heredoc=False):
        if not raw.startswith("~") and not EXPANDS.search(raw):
            if raw:
                out.add(raw, quoted)            # plain text: nothing in it expands
            return
        i, n = 0, len(raw)
        literal = []

        def flush():
            if literal:
                out.add("".join(literal), quoted)
                literal.clear()

        if not quoted and raw.startswith("~"):
            m = re.match(r"~([A-Za-z0-9_.-]*)(?=/|\Z)", raw)
            if m:
                home = self.tilde(m.group(1))
                if home is not None:
                    out.add(home, True)
                    i = m.end()
        while i < n:
            c = raw[i]
            if c == "'" and not quoted:
                flush()
                end = construct_end(raw, i)
                out.add(raw[i + 1:end - 1], True)
                i = end
            elif c == '"' and not quoted:
                flush()
                end = construct_end(raw, i)
                out.add("", True)
                self.scan(raw[i + 1:end - 1], out, quoted=True)
                i = end
            elif c == "\\":
                nxt = raw[i + 1:i + 2]
                special = "$`\\\n" if heredoc else ('$`"\\\n' if quoted else None)
                if special is None:
                    flush()
                    if nxt:
                        out.add(nxt, True)
                elif nxt == "\n":
                    pass
                elif nxt and nxt in special:
                    literal.append(nxt)
                else:
                    literal.append("\\" + nxt)
                i += 2
            elif c == "$":
                end, value, is_list = self.dollar(raw, i, quoted)
                if end == i + 1 and value is None:
                    literal.append("$")
                else:
                    flush()
                    if is_list is not None:
                        self.list_expansion(is_list, out, quoted)
                    else:
                        out.expansion(value, quoted, self.ifs())
                i = end
            elif c == "`":
                flush()
                end = construct_end(raw, i)
                inner = re.sub(r"\\([$`\\])", r"\1", raw[i + 1:end - 1])
                out.expansion(self.shell.substitute(inner, self.ctx), quoted, self.ifs())
                i = end
            else:
                literal.append(c)
                i += 1
        flush()

    def ifs(self):
        return self.shell.vars.get("IFS", " \t\n")

    def tilde(self, user):
        if user == "":
            return self.shell.vars.get("HOME", "/root")
        if user == "root":
            return "/root"
        return None

    def list_expansion(self, items, out, quoted):
        """"$@": one field per positional parameter."""
        if not quoted:
            out.expansion(" ".join(items), False, self.ifs())
            return
        for n, item in enumerate(items):
            if n:
                out.new_field()
            out.add(item, True)

    def dollar(self, raw, i, quoted):
        """(end, value, list or None) for the expansion starting at raw[i] == "$"."""
        nxt = raw[i + 1:i + 2]
        if raw.startswith("$((", i):
            end = construct_end(raw, i)
            if raw[end - 2:end] == "))":
                return end, self.arith(raw[i + 3:end - 2]), None
        if nxt == "(":
            end = construct_end(raw, i)
            return end, self.shell.substitute(raw[i + 2:end - 1], self.ctx), None
        if nxt == "{":
            end = construct_end(raw, i)
            return end, *self.braced(raw[i + 2:end - 1], raw[i:end])
        if nxt and nxt in SPECIAL:
            if nxt == "@":
                return i + 2, None, list(self.shell.positional)
            return i + 2, self.shell.special(nxt) or "", None
        m = NAME.match(raw, i + 1)
        if m:
            return m.end(), self.shell.get(m.group(0)) or "", None
        return i + 1, None, None

    def arith(self, expr):
        try:
            return str(evaluate(self.string(expr), self.shell.get, self.shell.assign, self.ctx.proc.budget))
        except ArithError as err:
            raise ExpansionError(str(err)) from None

    def braced(self, inner, whole):
        if inner == "#":
            return self.shell.special("#"), None
        m = PARAM.match(inner)
        if not m:
            raise ExpansionError(f"{whole}: bad substitution")
        length, name, rest = m.groups()
        if name == "@" and not rest and not length:
            return None, list(self.shell.positional)
        value = self.shell.special(name) if name in SPECIAL or name.isdigit() else self.shell.get(name)
        if length:
            if rest:
                raise ExpansionError(f"{whole}: bad substitution")
            return str(len(value or "")), None
        if not rest:
            return value or "", None
        op = re.match(r":?[-=+?]|##?|%%?|//?|:", rest)
        if not op:
            raise ExpansionError(f"{whole}: bad substitution")
        op, arg = op.group(0), rest[op.end():]
        if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            unset = value is None or (op.startswith(":") and value == "")
            if op[-1] == "-":
                return (self.string(arg) if unset else value), None
            if op[-1] == "=":
                if unset:
                    if not NAME.fullmatch(name):
                        raise ExpansionError(f"${name}: cannot assign in this way")
                    value = self.string(arg)
                    self.shell.assign(name, value)
                return value, None
            if op[-1] == "+":
                return ("" if unset else self.string(arg)), None
            if unset:
                raise ExpansionError(f"{name}: {self.string(arg) or 'parameter null or not set'}")
            return value, None
        value = value or ""
        if op == ":":
            return self.substring(value, arg, whole), None
        if op in ("#", "##", "%", "%%"):
            return self.remove(value, self.pattern(arg), op), None
        pat, _, rep = arg.partition("/")
        return self.replace(value, self.pattern(pat), self.string(rep), op == "//"), None

    def substring(self, value, arg, whole):
        offset, _, length = arg.partition(":")
        try:
            start = evaluate(self.string(offset), self.shell.get, self.shell.assign)
            if start < 0:
                start = max(0, len(value) + start)
            if not length:
                return value[start:]
            count = evaluate(self.string(length), self.shell.get, self.shell.assign)
        except ArithError as err:
            raise ExpansionError(str(err)) from None
        if count < 0:
            return value[start:len(value) + count]
        return value[start:start + count]

    @staticmethod
    def remove(value, segs, op):
        affordable(value, segs)
        regex = re.compile(pattern_regex(segs), re.S)
        indexes = range(len(value) + 1)
        if op in ("#", "##"):
            for k in (indexes if op == "#" else reversed(indexes)):
                if regex.fullmatch(value, 0, k):
                    return value[k:]
        else:
            for k in (reversed(indexes) if op == "%" else indexes):
                if regex.fullmatch(value, k):
                    return value[:k]
        return value

    @staticmethod
    def replace(value, segs, rep, every):
        if not segs:
            return value
        affordable(value, segs)
        regex = re.compile(pattern_regex(segs), re.S)
        size = len(value)

        def substitute(match):      # stops as the result outgrows a word, not after building it
            nonlocal size
            size += len(rep) - len(match.group())
            if size > MAX_WORD:
                raise LimitExceeded("argument list too long")
            return rep
        return regex.sub(substitute, value, count=0 if every else 1)

    # --- pathname expansion ---
    def glob(self, segs):
        text = "".join(t for t, _ in segs)
        if not has_glob(segs):
            return [text]
        matches = self.glob_paths(segs)
        if matches and text.endswith("/"):
            matches = [m + "/" for m in matches]
        return matches or [text]

    def glob_paths(self, segs):
        components = [[]]
        for text, quoted in segs:
            for n, part in enumerate(text.split("/")):
                if n:
                    components.append([])
                if part:
                    components[-1].append((part, quoted))
        absolute = text_starts_with_slash(segs)
        fs, cwd = self.ctx.proc.fs, self.shell.cwd
        paths = ["/" if absolute else ""]
        for k, comp in enumerate(components):
            if not comp:
                continue
            last = k == len(components) - 1
            found = []
            for base in paths:
                self.ctx.proc.budget.step()
                where = base or cwd
                full = lambda name: (base.rstrip("/") + "/" + name) if base else name
                if not has_glob(comp):
                    name = "".join(t for t, _ in comp)
                    if fs.exists(join(cwd, full(name))):
                        found.append(full(name))
                    continue
                regex = re.compile(pattern_regex(comp, slash=True), re.S)
                hidden = comp[0][0].startswith(".")
                try:
                    names = fs.listdir(join(cwd, where))
                except Exception:
                    continue
                for name in names:
                    if (hidden or not name.startswith(".")) and regex.fullmatch(name):
                        if last or fs.is_dir(join(cwd, full(name))):
                            found.append(full(name))
            paths = sorted(found)
            if not paths:
                return []
        return paths


def brace_expand(raw):
    """bash brace expansion on a raw word: a{b,c}d → abd acd, {1..3} → 1 2 3 (quotes respected)."""
    if "{" not in raw:
        return [raw]
    for i in unquoted(raw, 0):
        found = raw[i] == "{" and brace_group(raw, i)
        if found:
            end, choices = found
            out = []
            for choice in choices:
                out.extend(brace_expand(raw[:i] + choice + raw[end:]))
                if len(out) > MAX_ARGV:
                    raise LimitExceeded("argument list too long")
            return out
    return [raw]


def unquoted(raw, i):
    """Indexes of raw's characters from i on that are outside quotes and nested constructs."""
    while i < len(raw):
        if raw[i] in "'\"\\`" or (raw[i] == "$" and raw[i + 1:i + 2] in ("{", "(")):
            i = construct_end(raw, i)
            continue
        yield i
        i += 1


def brace_group(raw, start):
    """(end, alternatives) of the brace group at raw[start], or None when it is literal."""
    depth, parts, last = 0, [], start + 1
    for i in unquoted(raw, start):
        c = raw[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                parts.append(raw[last:i])
                break
        elif c == "," and depth == 1:
            parts.append(raw[last:i])
            last = i + 1
    else:
        return None
    if len(parts) > 1:
        return i + 1, parts
    m = re.fullmatch(r"(-?\d+)\.\.(-?\d+)|([a-zA-Z])\.\.([a-zA-Z])", parts[0])
    if not m:
        return None
    numeric = m.group(1) is not None
    a, b = (int(m.group(1)), int(m.group(2))) if numeric else (ord(m.group(3)), ord(m.group(4)))
    if abs(b - a) > MAX_ARGV:
        raise LimitExceeded("argument list too long")
    step = 1 if b >= a else -1
    return i + 1, [str(n) if numeric else chr(n) for n in range(a, b + step, step)]


def text_starts_with_slash(segs):
    for text, _ in segs:
        if text:
            return text.startswith("/")
    return False


def join(cwd, path):
    if path.startswith("/"):
        return path
    return cwd.rstrip("/") + "/" + path
