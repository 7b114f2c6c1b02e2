"""Tokens → AST (POSIX shell grammar plus the bash bits lessons use: [[ ]], function)."""
import re
from dataclasses import dataclass, field
from typing import Optional

from .lexer import REDIRECTS, Heredoc, Lexer, ShellSyntaxError

ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
FUNCTION_NAME = re.compile(r"[A-Za-z_:.@%+,-][A-Za-z0-9_:.@%+,-]*\Z")    # bash takes `my-func` and `:` too
CLOSERS = {"then", "elif", "else", "fi", "do", "done", "esac", "}"}
COND_OPS = {"&&", "||", "(", ")", "<", ">"}


@dataclass
class Redir:
    fd: Optional[int]
    op: str
    target: str                       # raw word
    heredoc: Optional[Heredoc] = None


@dataclass
class Simple:
    assigns: list
    words: list
    redirs: list
    line: int = 1


@dataclass
class Cond:                           # [[ ... ]]: words are raw, operators are plain strings
    words: list
    line: int = 1


@dataclass
class Pipeline:
    commands: list
    negate: bool = False
    timed: bool = False               # `time pipeline`


@dataclass
class AndOr:
    first: Pipeline
    rest: list                        # [(op, Pipeline)]


@dataclass
class Script:
    items: list                       # [(AndOr, background)]


@dataclass
class If:
    clauses: list                     # [(cond Script, body Script)]
    orelse: Optional[Script]


@dataclass
class Loop:
    until: bool
    cond: Script
    body: Script


@dataclass
class For:
    var: str
    words: Optional[list]
    body: Script


@dataclass
class Case:
    word: str
    items: list                       # [(patterns raw, Script)]


@dataclass
class Group:
    body: Script
    subshell: bool


@dataclass
class FuncDef:
    name: str
    body: object
    source: str


@dataclass
class Redirected:
    command: object
    redirs: list = field(default_factory=list)


def parse(source):
    return Parser(source).parse_script()


class Parser:
    def __init__(self, source):
        self.source = source
        self.toks = Lexer(source).tokens()
        self.k = 0

    # --- token helpers ---
    def peek(self, ahead=0):
        return self.toks[min(self.k + ahead, len(self.toks) - 1)]

    def take(self):
        tok = self.peek()
        self.k += 1
        return tok

    def is_word(self, value):
        tok = self.peek()
        return tok.kind == "WORD" and tok.value == value

    def is_op(self, value):
        tok = self.peek()
        return tok.kind == "OP" and tok.value == value

    def fail(self):
        tok = self.peek()
        if tok.kind == "EOF":
            raise ShellSyntaxError("syntax error: unexpected end of file", line=tok.line)
        near = "newline" if tok.kind == "NL" else tok.value
        raise ShellSyntaxError(f"syntax error near unexpected token `{near}'", near, tok.line)

    def expect_word(self, value):
        if not self.is_word(value):
            self.fail()
        self.take()

    def newlines(self):
        while self.peek().kind == "NL":
            self.take()

    # --- grammar ---
    def parse_script(self):
        script = self.parse_list()
        if self.peek().kind != "EOF":
            self.fail()
        return script

    def parse_list(self, required=False):
        items = []
        self.newlines()
        while True:
            tok = self.peek()
            if tok.kind == "EOF" or (tok.kind == "OP" and tok.value in (")", ";;")) or \
                    (tok.kind == "WORD" and tok.value in CLOSERS):
                break
            andor = self.parse_and_or()
            tok = self.peek()
            if tok.kind == "OP" and tok.value in (";", "&"):
                self.take()
                items.append((andor, tok.value == "&"))
            elif tok.kind == "NL":
                items.append((andor, False))
            else:
                items.append((andor, False))
                break
            self.newlines()
        if required and not items:
            self.fail()
        return Script(items)

    def parse_and_or(self):
        first = self.parse_pipeline()
        rest = []
        while self.peek().kind == "OP" and self.peek().value in ("&&", "||"):
            op = self.take().value
            self.newlines()
            rest.append((op, self.parse_pipeline()))
        return AndOr(first, rest)

    def parse_pipeline(self):
        timed = negate = False
        if self.is_word("time"):
            self.take()
            timed = True
        if self.is_word("!"):
            self.take()
            negate = True
        commands = [self.parse_command()]
        while self.is_op("|") or self.is_op("|&"):
            if self.take().value == "|&":
                commands[-1] = Redirected(commands[-1], [Redir(2, ">&", "1")])
            self.newlines()
            commands.append(self.parse_command())
        return Pipeline(commands, negate, timed)

    def parse_command(self):
        tok = self.peek()
        if tok.kind == "WORD":
            compound = {"if": self.parse_if, "while": self.parse_loop, "until": self.parse_loop,
                        "for": self.parse_for, "case": self.parse_case, "{": self.parse_brace,
                        "function": self.parse_function}.get(tok.value)
            if compound:
                return self.with_redirs(compound())
            if tok.value in CLOSERS:
                self.fail()
            if tok.value == "[[":
                return self.parse_cond()
            nxt, after = self.peek(1), self.peek(2)
            if nxt.kind == "OP" and nxt.value == "(" and after.kind == "OP" and after.value == ")" \
                    and FUNCTION_NAME.match(tok.value):
                start = self.k
                self.k += 3
                self.newlines()
                return self.funcdef(tok.value, start)
        elif tok.kind == "OP" and tok.value == "(":
            self.take()
            body = self.parse_list(required=True)
            if not self.is_op(")"):
                self.fail()
            self.take()
            return self.with_redirs(Group(body, subshell=True))
        return self.parse_simple()

    def with_redirs(self, command):
        redirs = []
        while self.at_redirect():
            redirs.append(self.parse_redirect())
        return Redirected(command, redirs) if redirs else command

    def at_redirect(self):
        tok = self.peek()
        return tok.kind == "IONUM" or (tok.kind == "OP" and tok.value in REDIRECTS)

    def parse_redirect(self):
        fd = None
        if self.peek().kind == "IONUM":
            fd = int(self.take().value)
        op = self.take().value
        target = self.peek()
        if target.kind != "WORD":
            self.fail()
        self.take()
        return Redir(fd, op, target.value, target.heredoc)

    def parse_simple(self):
        assigns, words, redirs = [], [], []
        line = self.peek().line
        while True:
            tok = self.peek()
            if self.at_redirect():
                redirs.append(self.parse_redirect())
            elif tok.kind == "WORD":
                if tok.value == "!" and not words and not assigns:
                    self.fail()
                self.take()
                if not words and ASSIGNMENT.match(tok.value):
                    assigns.append(tok.value)
                else:
                    words.append(tok.value)
            else:
                break
        if not (assigns or words or redirs):
            self.fail()
        if words and self.is_op("("):
            self.fail()
        return Simple(assigns, words, redirs, line)

    def parse_cond(self):
        line = self.take().line
        words = []
        while not self.is_word("]]"):
            tok = self.take()
            if tok.kind in ("EOF", "NL") or (tok.kind == "OP" and tok.value not in COND_OPS):
                self.k -= 1
                self.fail()
            words.append(("op", tok.value) if tok.kind == "OP" else ("word", tok.value))
        self.take()
        return self.with_redirs(Cond(words, line))

    def parse_if(self):
        self.take()
        clauses = []
        cond = self.parse_list(required=True)
        self.expect_word("then")
        clauses.append((cond, self.parse_list(required=True)))
        orelse = None
        while True:
            if self.is_word("elif"):
                self.take()
                cond = self.parse_list(required=True)
                self.expect_word("then")
                clauses.append((cond, self.parse_list(required=True)))
            elif self.is_word("else"):
                self.take()
                orelse = self.parse_list(required=True)
            else:
                self.expect_word("fi")
                return If(clauses, orelse)

    def parse_loop(self):
        until = self.take().value == "until"
        cond = self.parse_list(required=True)
        return Loop(until, cond, self.parse_do())

    def parse_do(self):
        self.expect_word("do")
        body = self.parse_list(required=True)
        self.expect_word("done")
        return body

    def parse_for(self):
        self.take()
        tok = self.take()
        if tok.kind != "WORD" or not NAME.match(tok.value):
            self.k -= 1
            self.fail()
        words = None
        self.newlines()
        if self.is_word("in"):
            self.take()
            words = []
            while self.peek().kind == "WORD":
                words.append(self.take().value)
        if self.is_op(";"):
            self.take()
        self.newlines()
        return For(tok.value, words, self.parse_do())

    def parse_case(self):
        self.take()
        tok = self.take()
        if tok.kind != "WORD":
            self.k -= 1
            self.fail()
        self.newlines()
        self.expect_word("in")
        self.newlines()
        items = []
        while not self.is_word("esac"):
            if self.is_op("("):
                self.take()
            patterns = []
            while True:
                pat = self.take()
                if pat.kind != "WORD":
                    self.k -= 1
                    self.fail()
                patterns.append(pat.value)
                if self.is_op("|"):
                    self.take()
                    continue
                if not self.is_op(")"):
                    self.fail()
                self.take()
                break
            body = self.parse_list()
            items.append((patterns, body))
            if self.is_op(";;"):
                self.take()
                self.newlines()
            elif not self.is_word("esac"):
                self.fail()
        self.take()
        return Case(tok.value, items)

    def parse_brace(self):
        self.take()
        body = self.parse_list(required=True)
        self.expect_word("}")
        return Group(body, subshell=False)

    def parse_function(self):
        start = self.k
        self.take()
        name = self.take()
        if name.kind != "WORD" or not FUNCTION_NAME.match(name.value):
            self.k -= 1
            self.fail()
        if self.is_op("("):
            self.take()
            if not self.is_op(")"):
                self.fail()
            self.take()
        self.newlines()
        return self.funcdef(name.value, start)

    def funcdef(self, name, start):
        tok = self.peek()
        if not (tok.kind == "WORD" and tok.value in ("{", "if", "while", "until", "for", "case")) \
                and not self.is_op("("):
            self.fail()
        body = self.parse_command()
        source = self.source[self.toks[start].pos:self.peek().pos].rstrip()
        if self.peek().kind == "EOF":
            source = self.source[self.toks[start].pos:].rstrip()
        return FuncDef(name, body, source)
