"""`${VAR}` interpolation over a loaded Compose document, and `.env` files.

Syntax and messages follow compose-go's template package: `$VAR`, `${VAR}`, `${VAR:-default}`,
`${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a
literal dollar; defaults may nest (`${A:-${B}}`).
"""
import re

from ...limits import MAX_WORD
from .errors import ComposeError

_NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")
MAX_NESTING = 32        # ${A:-${B:-...}} levels; deeper is refused as an invalid template


class _Invalid(Exception):
    pass


class _Missing(Exception):
    def __init__(self, name, reason):
        super().__init__(f"required variable {name} is missing a value"
                         + (f": {reason}" if reason else ""))


class Substitution:
    """Expands templates against `lookup(name) -> str | None`; remembers unset names."""

    def __init__(self, lookup):
        self.lookup = lookup
        self.unset = []
        self.depth = 0

    def expand(self, text):
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise _Invalid()
            return self._expand(text)
        finally:
            self.depth -= 1

    def _expand(self, text):
        out, i = [], 0
        while i < len(text):
            dollar = text.find("$", i)
            if dollar < 0:
                out.append(text[i:])
                break
            out.append(text[i:dollar])
            value, i = self._dollar(text, dollar)
            out.append(value)
        result = "".join(out)
        if len(result) > MAX_WORD:          # `.env` lines doubling each other: stop here
            raise _Invalid()
        return result

    def _dollar(self, text, start):
        rest = text[start + 1:start + 2]
        if rest == "$":
            return "$", start + 2
        if rest == "{":
            return self._braced(text, start + 2)
        name = _NAME.match(text, start + 1)
        if name:
            return self._value(name.group()), name.end()
        return "$", start + 1

    def _braced(self, text, pos):
        name = _NAME.match(text, pos)
        if not name:
            raise _Invalid()
        pos = name.end()
        if text[pos:pos + 1] == "}":
            return self._value(name.group()), pos + 1
        operator = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
        if operator is None:
            raise _Invalid()
        end = _closing_brace(text, pos + len(operator))
        argument = text[pos + len(operator):end]
        return self._apply(name.group(), operator, argument), end + 1

    def _apply(self, name, operator, argument):
        value = self.lookup(name)
        missing = value is None or (operator.startswith(":") and value == "")
        if operator.endswith("-"):
            return self.expand(argument) if missing else value
        if operator.endswith("+"):
            return "" if missing else self.expand(argument)
        if missing:
            raise _Missing(name, self.expand(argument))
        return value

    def _value(self, name):
        value = self.lookup(name)
        if value is None:
            if name not in self.unset:
                self.unset.append(name)
            return ""
        return value


def _closing_brace(text, pos):
    depth = 1
    while pos < len(text):
        if text.startswith("${", pos):
            depth, pos = depth + 1, pos + 2
            continue
        if text[pos] == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    raise _Invalid()


def interpolate(document, substitution, path=()):
    """A copy of `document` with every string expanded; ComposeError in compose's words."""
    if isinstance(document, dict):
        return {key: interpolate(value, substitution, path + (str(key),))
                for key, value in document.items()}
    if isinstance(document, list):
        return [interpolate(item, substitution, path + ("[]",)) for item in document]
    if not isinstance(document, str):
        return document
    where = ".".join(path)
    try:
        return substitution.expand(document)
    except _Invalid:
        raise ComposeError(f"invalid interpolation format for {where}.\n"
                           f"You may need to escape any $ with another $.\n{document}") from None
    except _Missing as missing:
        raise ComposeError(f"error while interpolating {where}: {missing}") from None


def parse_dotenv(text, path, lookup):
    """KEY=VALUE lines of a .env file, in order. Values may use earlier keys and `lookup`."""
    values = {}

    def known(name):
        return values[name] if name in values else lookup(name)

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not _NAME.fullmatch(key):
            bad = next((c for c in key if not (c.isalnum() or c in "_.-")), key[:1] or "=")
            raise ComposeError(f"failed to read {path}: line {number}: unexpected character "
                               f"\"{bad}\" in variable name \"{line}\"")
        try:
            values[key] = _dotenv_value(value.strip(), known)
        except (_Invalid, _Missing):
            raise ComposeError(f"failed to read {path}: line {number}: invalid interpolation "
                               f"in \"{value.strip()}\"") from None
    return values


def _dotenv_value(value, known):
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1].replace("\\n", "\n").replace('\\"', '"')
        return Substitution(known).expand(inner)
    value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
    return Substitution(known).expand(value)
