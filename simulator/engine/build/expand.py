"""Variable substitution in Dockerfile words, as BuildKit's shell lexer does it.

Supports quotes (removed), the escape token, `$VAR`, `${VAR}`, `${VAR:-default}`,
`${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}`, `${VAR#prefix}`,
`${VAR%suffix}` (plain text patterns). Unset variables expand to the empty string.
"""
import re

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpandError(Exception):
    pass


class Lexer:
    def __init__(self, text, env, escape="\\"):
        self.text, self.env, self.escape, self.pos = text, env, escape, 0
        self.undefined = []          # names used bare ($X, ${X}) without a value

    def value(self, name):
        if name not in self.env:
            self.undefined.append(name)
        return self.env.get(name, "")

    def peek(self, n=0):
        index = self.pos + n
        return self.text[index] if index < len(self.text) else ""

    def word(self):
        """The whole text as one word (ENV/LABEL/ARG values, COPY paths)."""
        out = []
        while self.pos < len(self.text):
            out.append(self.unit())
        return "".join(out)

    def unit(self):
        ch = self.peek()
        if ch == "'":
            return self.single_quoted()
        if ch == '"':
            return self.double_quoted()
        if ch == "$":
            self.pos += 1
            return self.dollar()
        if ch == self.escape:
            self.pos += 1
            if self.pos >= len(self.text):
                return ""
        self.pos += 1
        return self.text[self.pos - 1]

    def single_quoted(self):
        end = self.text.find("'", self.pos + 1)
        if end < 0:
            raise ExpandError("unexpected end of statement while looking for matching single-quote")
        value = self.text[self.pos + 1:end]
        self.pos = end + 1
        return value

    def double_quoted(self):
        self.pos += 1
        out = []
        while True:
            ch = self.peek()
            if ch == "":
                raise ExpandError("unexpected end of statement while looking for matching double-quote")
            self.pos += 1
            if ch == '"':
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
            elif ch == self.escape and self.peek() in ('"', "$", self.escape):
                out.append(self.peek())
                self.pos += 1
            else:
                out.append(ch)

    def dollar(self):
        """After a `$`: the variable's value (or `$` itself when no name follows)."""
        if self.peek() == "{":
            return self.braced()
        match = NAME.match(self.text, self.pos)
        if not match:
            return "$"
        self.pos = match.end()
        return self.value(match.group(0))

    def braced(self):
        self.pos += 1
        match = NAME.match(self.text, self.pos)
        if not match:
            raise ExpandError("missing ':' in substitution")
        name = match.group(0)
        self.pos = match.end()
        if self.peek() == "}":
            self.pos += 1
            return self.value(name)
        op = self.peek()
        if op == ":" and self.peek(1) in "-+?":
            op = ":" + self.peek(1)
            self.pos += 2
        elif op in "-+?#%":
            self.pos += 1
        else:
            raise ExpandError(f"unsupported modifier ({op}) in substitution")
        word = self.until_brace()
        value = self.env.get(name)
        empty_is_unset = op.startswith(":")
        unset = value is None or (empty_is_unset and value == "")
        if op in (":-", "-"):
            return word if unset else value
        if op in (":+", "+"):
            return "" if unset else word
        if op in (":?", "?"):
            if unset:
                raise ExpandError(f"{name}: {word or 'is not allowed to be unset'}")
            return value
        value = value or ""
        if op == "#":
            return value[len(word):] if word and value.startswith(word) else value
        return value[:-len(word)] if word and value.endswith(word) else value

    def until_brace(self):
        out = []
        while True:
            ch = self.peek()
            if ch == "":
                raise ExpandError("syntax error: missing '}'")
            if ch == "}":
                self.pos += 1
                return "".join(out)
            out.append(self.unit())


def expand_word(text, env, escape="\\", undefined=None):
    """text with its variables substituted; names used without a value go to `undefined`."""
    lexer = Lexer(text, env, escape)
    word = lexer.word()
    if undefined is not None:
        undefined.extend(lexer.undefined)
    return word

