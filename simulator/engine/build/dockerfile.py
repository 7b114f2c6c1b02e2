"""Dockerfile parser: text to an AST of instruction nodes, following BuildKit's parser.

Parser directives (`# syntax`, `# escape`), line continuations, comments inside continued
lines, heredocs (`RUN <<EOF`), JSON and shell forms and `--flags` all behave as in BuildKit,
and `Node.dump()` prints BuildKit's S-expression dump, so BuildKit's own parser cases can be
replayed against this module.
"""
import json
import re
from dataclasses import dataclass, field
from typing import Optional

WHITESPACE = re.compile(r"[\t\v\f\r ]+")
DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*\Z")
HEREDOC = re.compile(r"(\d*)<<(-?)([^<]*)\Z")
LEADING_TABS = re.compile(r"^\t+", re.M)
BOM = "\ufeff"
HEREDOC_INSTRUCTIONS = {"add", "copy", "run"}


class ParseError(Exception):
    """A Dockerfile the parser rejects; `line` is 1-based (0 when the file has no lines).
    Like BuildKit's parser errors, the text is the bare message: the line goes to the excerpt."""

    def __init__(self, message, line=0, end_line=0):
        super().__init__(message)
        self.message, self.line, self.end_line = message, line, end_line or line

    def __str__(self):
        return self.message


@dataclass
class Heredoc:
    name: str
    expand: bool = True
    chomp: bool = False
    fd: int = 0
    content: str = ""

    def text(self):
        """The content as the instruction uses it (`<<-` strips leading tabs)."""
        return LEADING_TABS.sub("", self.content) if self.chomp else self.content


@dataclass
class Node:
    """One instruction: `value` is the keyword as written, `args` its words (for ONBUILD, one
    nested Node), `json` whether the arguments were a JSON array."""
    value: str
    args: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    json: bool = False
    original: str = ""
    start_line: int = 0
    end_line: int = 0
    heredocs: list = field(default_factory=list)

    @property
    def keyword(self):
        return self.value.lower()

    def dump(self):
        parts = [self.keyword]
        if self.flags:
            parts.append("[" + " ".join(go_quote(f) for f in self.flags) + "]")
        for arg in self.args:
            parts.append(f"({arg.dump()})" if isinstance(arg, Node) else go_quote(arg))
        return " ".join(parts)


@dataclass
class Parsed:
    children: list
    escape: str = "\\"
    warnings: list = field(default_factory=list)
    syntax: Optional[str] = None

    def dump(self):
        return "".join(f"({child.dump()})\n" for child in self.children)


def go_quote(text):
    """Go's strconv.Quote: the escapes BuildKit's dump prints."""
    named = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
             "\r": "\\r", "\t": "\\t", "\v": "\\v"}
    out = []
    for ch in text:
        code = ord(ch)
        if ch in named:
            out.append(named[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


class Directives:
    """Parser directives seen at the top of the file; they end at the first other line."""

    def __init__(self):
        self.done = False
        self.seen = set()
        self.syntax = None
        self.set_escape("\\")

    def set_escape(self, token):
        if token not in ("`", "\\"):
            raise ValueError(f"invalid escape token '{token}' does not match ` or \\")
        self.escape = token
        e = re.escape(token)
        self.continuation = re.compile(rf"([^{e}]){e}[ \t]*\Z|^{e}[ \t]*\Z")

    def consider(self, line):
        if self.done:
            return
        match = DIRECTIVE.match(line)
        key = match.group(1).lower() if match else None
        if key not in ("escape", "syntax"):
            self.done = True
            return
        if key in self.seen:
            raise ValueError(f"only one {key} parser directive can be used")
        self.seen.add(key)
        if key == "escape":
            self.set_escape(match.group(2))
        else:
            self.syntax = match.group(2)

    def trim_continuation(self, line):
        """(line without its continuation token, whether the instruction ends here)."""
        if self.continuation.search(line):
            return self.continuation.sub(r"\1", line), False
        return line, True


def is_comment(raw):
    return raw.rstrip("\r\n").lstrip().startswith("#")


def process_line(directives, raw, strip_left):
    token = raw.rstrip("\r\n")
    if strip_left:
        token = token.lstrip()
    directives.consider(token)
    return "" if token.startswith("#") else token


def parse(text, max_lines=None):
    """Parse Dockerfile text; raises ParseError with BuildKit's message and line."""
    text = text[1:] if text.startswith(BOM) else text
    lines = text.splitlines(keepends=True)
    if max_lines is not None and len(lines) > max_lines:
        raise ParseError(f"Dockerfile too long: more than {max_lines} lines", max_lines)
    d = Directives()
    result = Parsed([])
    number, pos = 0, 0

    def next_line():
        nonlocal number, pos
        raw = lines[pos]
        pos += 1
        number += 1
        return raw

    def processed(raw, strip_left):
        try:
            return process_line(d, raw, strip_left)
        except ValueError as exc:
            raise ParseError(str(exc), number) from None

    while pos < len(lines):
        raw = next_line()
        bytes_read = processed(raw, True)
        start = number
        line, at_end = d.trim_continuation(bytes_read)
        if at_end and line == "":
            continue
        empty_continuation = False
        while not at_end and pos < len(lines):
            raw = next_line()
            cont = processed(raw, False)
            if is_comment(raw):
                continue
            if not cont.strip():
                empty_continuation = True
                continue
            cont, at_end = d.trim_continuation(cont)
            line += cont
        if empty_continuation:
            result.warnings.append("[WARNING]: Empty continuation line found in:\n    " + line)
        try:
            node = node_from_line(line, d)
        except ValueError as exc:
            raise ParseError(str(exc), start, number) from None
        if can_contain_heredoc(node):
            for doc in heredocs_in(line):
                terminated = False
                while pos < len(lines):
                    raw = next_line()
                    candidate = raw.rstrip("\r\n")
                    if (candidate.lstrip("\t") if doc.chomp else candidate) == doc.name:
                        terminated = True
                        break
                    doc.content += raw
                if not terminated:
                    raise ParseError("unterminated heredoc", start, number)
                node.heredocs.append(doc)
        node.start_line, node.end_line = start, number
        result.children.append(node)
    if result.warnings:
        result.warnings.append("[WARNING]: Empty continuation lines will become errors in a future release.")
    if not result.children:
        raise ParseError("file with no instructions", number)
    result.escape, result.syntax = d.escape, d.syntax
    return result


# --- one instruction ------------------------------------------------------------------------

def node_from_line(line, d):
    parts = WHITESPACE.split(line.strip(), 1)
    value, rest, flags = parts[0], "", []
    if len(parts) == 2:
        rest, flags = extract_flags(parts[1])
    keyword = value.lower()
    parser = LINE_PARSERS.get(keyword)
    if parser is None:
        return Node(value, [""], flags, original=line)
    args, is_json = parser(rest.strip(), d)
    return Node(value, args, flags, is_json, original=line)


def extract_flags(line):
    """Split leading `--flag[=value]` words off an instruction's arguments; `--` ends them."""
    words, word, quote = [], [], None
    in_word = blank_ok = False
    pos, n = 0, len(line)
    while pos <= n:
        ch = line[pos] if pos < n else ""
        if not in_word:
            if pos == n:
                break
            if ch.isspace():
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or line[pos + 1] != "-":
                return line[pos:], words
            in_word = True
        if pos == n:
            if "".join(word) != "--" and (blank_ok or word):
                words.append("".join(word))
            break
        if quote:
            if ch == quote:
                quote = None
            elif ch == "\\" and pos + 1 < n:
                pos += 1
                word.append(line[pos])
            elif ch != "\\":
                word.append(ch)
        elif ch.isspace():
            in_word = False
            if "".join(word) == "--":
                return line[pos:], words
            if blank_ok or word:
                words.append("".join(word))
            word, blank_ok = [], False
        elif ch in "'\"":
            quote, blank_ok = ch, True
        elif ch == "\\":
            if pos + 1 < n:
                pos += 1
                word.append(line[pos])
        else:
            word.append(ch)
        pos += 1
    return "", words


def parse_words(rest, d):
    """Words split on unquoted whitespace; quotes and escapes are kept for later processing."""
    words, word, quote = [], "", None
    in_word = blank_ok = False
    pos, n = 0, len(rest)
    while pos < n:
        ch = rest[pos]
        if not in_word:
            if ch.isspace():
                pos += 1
                continue
            in_word = True
        if quote is None:
            if ch.isspace():
                if blank_ok or word:
                    words.append(word)
                word, blank_ok, in_word = "", False, False
                pos += 1
                continue
            if ch in "'\"":
                quote, blank_ok = ch, True
            elif ch == d.escape:
                if pos + 1 == n:
                    break
                word += ch
                pos += 1
                ch = rest[pos]
            word += ch
        else:
            if ch == quote:
                quote = None
            elif ch == d.escape and quote != "'":
                if pos + 1 == n:
                    break
                word += ch
                pos += 1
                ch = rest[pos]
            word += ch
        pos += 1
    if in_word and (blank_ok or word):
        words.append(word)
    return words


def parse_name_value(rest, d, keyword):
    words = parse_words(rest, d)
    if not words:
        return [], False
    if "=" not in words[0]:
        parts = WHITESPACE.split(rest, 1)
        if len(parts) < 2:
            raise ValueError(f"{keyword} must have two arguments")
        return [parts[0], parts[1], ""], False
    args = []
    for word in words:
        if "=" not in word:
            raise ValueError(f"Syntax error - can't find = in {go_quote(word)}. "
                             "Must be of the form: name=value")
        key, value = word.split("=", 1)
        args += [key, value, "="]
    return args, False


def parse_json(rest):
    rest = rest.lstrip()
    if not rest.startswith("["):
        raise ValueError("not JSON")
    try:
        value, _ = json.JSONDecoder().raw_decode(rest)
    except ValueError:
        raise ValueError("not JSON") from None
    if not isinstance(value, list):
        raise ValueError("not JSON")
    if not all(isinstance(item, str) for item in value):
        raise TypeError("when using JSON array syntax, arrays must be comprised of strings only")
    return value, True


def parse_maybe_json(rest, d):
    if rest == "":
        return [], False
    try:
        return parse_json(rest)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    except ValueError:
        return [rest], False


def parse_maybe_json_to_list(rest, d):
    try:
        return parse_json(rest)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    except ValueError:
        return parse_whitespace_delimited(rest, d)


def parse_whitespace_delimited(rest, d):
    return (WHITESPACE.split(rest) if rest else []), False


def parse_string(rest, d):
    return ([rest] if rest else []), False


def parse_name_or_name_value(rest, d):
    return parse_words(rest, d), False


def parse_subcommand(rest, d):
    return ([node_from_line(rest, d)] if rest else []), False


def parse_healthcheck(rest, d):
    sep = next((i for i, ch in enumerate(rest) if ch.isspace()), len(rest))
    if sep == 0:
        return [], False
    args, is_json = parse_maybe_json(rest[sep:].lstrip(), d)
    return [rest[:sep]] + args, is_json


LINE_PARSERS = {
    "add": parse_maybe_json_to_list,
    "arg": parse_name_or_name_value,
    "cmd": parse_maybe_json,
    "copy": parse_maybe_json_to_list,
    "entrypoint": parse_maybe_json,
    "env": lambda rest, d: parse_name_value(rest, d, "ENV"),
    "expose": parse_whitespace_delimited,
    "from": parse_whitespace_delimited,
    "healthcheck": parse_healthcheck,
    "label": lambda rest, d: parse_name_value(rest, d, "LABEL"),
    "maintainer": parse_string,
    "onbuild": parse_subcommand,
    "run": parse_maybe_json,
    "shell": parse_maybe_json,
    "stopsignal": parse_string,
    "user": parse_string,
    "volume": parse_maybe_json_to_list,
    "workdir": parse_string,
}


# --- heredocs -------------------------------------------------------------------------------

def can_contain_heredoc(node):
    if node.keyword == "onbuild" and node.args and isinstance(node.args[0], Node):
        node = node.args[0]
    return node.keyword in HEREDOC_INSTRUCTIONS and not node.json


def raw_words(line):
    """Shell words with their quotes kept, as the heredoc scan sees them."""
    words, word, quote, pos = [], "", None, 0
    while pos < len(line):
        ch = line[pos]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and pos + 1 < len(line):
            word += ch
            pos += 1
            ch = line[pos]
        elif ch.isspace():
            if word:
                words.append(word)
            word = ""
            pos += 1
            continue
        word += ch
        pos += 1
    if word:
        words.append(word)
    return words


def heredocs_in(line):
    docs = []
    for word in raw_words(line):
        match = HEREDOC.match(word)
        if not match or not match.group(3):
            continue
        rest = match.group(3)
        name = re.sub(r"""['"]""", "", rest)
        if not name or len(raw_words(name)) != 1:
            continue
        docs.append(Heredoc(name=name, expand=name == rest, chomp=match.group(2) == "-",
                            fd=int(match.group(1) or 0)))
    return docs
