"""Shell tokens: words (kept raw, quotes and all, for the expander), operators, newlines and
here-document bodies."""
from dataclasses import dataclass, field
from typing import Optional

from ..limits import MAX_WORD

OPERATORS = ["&>>", "<<-", "<<<", ";;", "&&", "||", "<<", ">>", "<&", ">&", "&>", ">|", "<>", "|&",
             "|", "&", ";", "<", ">", "(", ")"]
METACHARS = set(" \t\n;&|<>()")
REDIRECTS = {"<", ">", ">>", "<<", "<<-", "<<<", "<&", ">&", "&>", "&>>", ">|", "<>"}


class ShellSyntaxError(Exception):
    """A parse error; `near` is the offending token (None: message stands alone)."""

    def __init__(self, message, near=None, line=1):
        super().__init__(message)
        self.message, self.near, self.line = message, near, line


@dataclass
class Heredoc:
    delimiter: str
    strip_tabs: bool
    quoted: bool
    body: Optional[str] = None


@dataclass
class Token:
    kind: str                 # WORD, IONUM, OP, NL, EOF
    value: str
    line: int = 1
    heredoc: Optional[Heredoc] = field(default=None, repr=False)
    pos: int = 0


def unquote(raw):
    """Quote removal only (for here-doc delimiters)."""
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        if c in "'\"":
            end = raw.find(c, i + 1)
            end = len(raw) if end < 0 else end
            out.append(raw[i + 1:end])
            i = end + 1
        elif c == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Lexer:
    def __init__(self, source):
        self.s = source
        self.i = 0
        self.line = 1
        self.pending = []            # here-docs whose bodies start after the next newline
        self.expect_delimiter = None

    def tokens(self):
        out = []
        while True:
            tok = self.next()
            out.append(tok)
            if tok.kind == "EOF":
                return out

    def next(self):
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t":
                self.i += 1
            elif c == "\\" and s.startswith("\\\n", self.i):
                self.i += 2
                self.line += 1
            elif c == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
            else:
                break
        if self.i >= len(s):
            return Token("EOF", "", self.line, pos=self.i)
        start = self.i
        c = s[self.i]
        if c == "\n":
            self.i += 1
            tok = Token("NL", "\n", self.line, pos=start)
            self.line += 1
            self.read_heredocs()
            return tok
        for op in OPERATORS:
            if s.startswith(op, self.i):
                self.i += len(op)
                if op in ("<<", "<<-"):
                    self.expect_delimiter = op
                return Token("OP", op, self.line, pos=start)
        start_line = self.line
        word = self.word()
        if word.isdigit() and self.i < len(s) and s[self.i] in "<>":
            return Token("IONUM", word, start_line, pos=start)
        tok = Token("WORD", word, start_line, pos=start)
        if self.expect_delimiter:
            tok.heredoc = Heredoc(unquote(word), self.expect_delimiter == "<<-",
                                  any(q in word for q in "'\"\\"))
            self.pending.append(tok.heredoc)
            self.expect_delimiter = None
        return tok

    def read_heredocs(self):
        for doc in self.pending:
            lines = []
            while self.i < len(self.s):
                end = self.s.find("\n", self.i)
                end = len(self.s) if end < 0 else end
                line = self.s[self.i:end]
                self.i = end + 1
                self.line += 1
                if doc.strip_tabs:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    break
                lines.append(line + "\n")
            doc.body = "".join(lines)
        self.pending = []

    def word(self):
        start = self.i
        s = self.s
        while self.i < len(s) and s[self.i] not in METACHARS:
            self.skip_unit()
            if self.i - start > MAX_WORD:
                raise ShellSyntaxError("word too long")
        return s[start:self.i]

    def skip_unit(self):
        """Advance over one character or one quoted/nested construct."""
        s, c = self.s, self.s[self.i]
        if c == "\\":
            self.i += 2
        elif c == "'":
            end = s.find("'", self.i + 1)
            if end < 0:
                raise ShellSyntaxError("unexpected EOF while looking for matching `''", line=self.line)
            self.line += s.count("\n", self.i, end)
            self.i = end + 1
        elif c == '"':
            self.i += 1
            while True:
                if self.i >= len(s):
                    raise ShellSyntaxError("unexpected EOF while looking for matching `\"'", line=self.line)
                if s[self.i] == '"':
                    self.i += 1
                    return
                if s[self.i] == "\n":
                    self.line += 1
                if s[self.i] in "\\$`":
                    self.skip_unit()
                else:
                    self.i += 1
        elif c == "`":
            self.i += 1
            while self.i < len(s) and s[self.i] != "`":
                self.i += 2 if s[self.i] == "\\" else 1
            if self.i >= len(s):
                raise ShellSyntaxError("unexpected EOF while looking for matching ``'", line=self.line)
            self.i += 1
        elif c == "$" and s.startswith("${", self.i):
            self.skip_group("{", "}")
        elif c == "$" and s.startswith("$(", self.i):
            self.skip_group("(", ")")
        else:
            self.i += 1

    def skip_group(self, open_, close):
        self.i += 2
        depth = 1
        s = self.s
        while depth:
            if self.i >= len(s):
                raise ShellSyntaxError(f"unexpected EOF while looking for matching `{close}'", line=self.line)
            c = s[self.i]
            if c == open_:
                depth += 1
                self.i += 1
            elif c == close:
                depth -= 1
                self.i += 1
            elif c in "\\'\"`$":
                self.skip_unit()
            else:
                if c == "\n":
                    self.line += 1
                self.i += 1
