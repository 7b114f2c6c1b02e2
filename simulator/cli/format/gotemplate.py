"""A subset of Go's text/template, enough for docker's `--format`: fields, variables, pipelines,
if/else/range/with, the builtins and docker's own functions (json, split, join, upper, lower,
title, pad, truncate, println). Errors read as Go's. Templates run over plain dicts, lists and
objects: a dict is a Go map (a missing key prints `<no value>`), another object a struct (a
missing field is an error naming `go_type`, or the class name)."""
import functools
import json
import re

from ...limits import MAX_OUTPUT, MAX_STEPS

MAX_DEPTH = 64
NO_VALUE = "<no value>"


class TemplateError(Exception):
    """Parse or execution error, worded as Go's (`template: :1: function "foo" not defined`)."""


class _Missing:
    """A map key that is not there."""


MISSING = _Missing()


class StringMap(dict):
    """A Go map[string]string: a missing key is the empty string (table headers use one)."""


class NilSlice(list):
    """A Go nil slice: prints `[]` but marshals to JSON null."""


class NilMap(dict):
    """A Go nil map: prints `map[]` but marshals to JSON null."""


class Struct(dict):
    """A Go struct: prints its field values in order, `{a b}` (`&{a b}` through a pointer); a
    field it lacks is an error, worded as docker's map fallback words it (missingkey=error)."""
    pointer = False


class StructPointer(Struct):
    pointer = True


# --- lexer ---------------------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<declare>:=)
  | (?P<assign>=)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<char>'(?:[^'\\\n]|\\.)+')
  | (?P<number>[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))
  | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)
  | (?P<dot>\.)
  | (?P<variable>\$[A-Za-z0-9_]*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[()|,])
""", re.VERBOSE)


def _split(source):
    """Text and actions, with Go's `{{- ` and ` -}}` whitespace trimming."""
    pieces, pos, trim_next = [], 0, False
    while True:
        start = source.find("{{", pos)
        text = source[pos:] if start < 0 else source[pos:start]
        if trim_next:
            text = text.lstrip(" \t\r\n")
        if start < 0:
            pieces.append(("text", text, pos))
            return pieces
        body_start = start + 2
        if source.startswith("- ", body_start) or source.startswith("-\t", body_start) or source.startswith("-\n", body_start):
            text, body_start = text.rstrip(" \t\r\n"), body_start + 1
        pieces.append(("text", text, pos))
        end = _action_end(source, body_start)
        body_end, pos = end, end + 2
        trim_next = body_end - body_start >= 1 and source[body_end - 1] == "-" and source[body_end - 2:body_end - 1] in (" ", "\t", "\n")
        if trim_next:
            body_end -= 1
        pieces.append(("action", source[body_start:body_end], body_start))


def _action_end(source, pos):
    quote = None
    while pos < len(source):
        ch = source[pos]
        if quote:
            if ch == "\\" and quote != "`":
                pos += 1
            elif ch == quote:
                quote = None
            elif ch == "\n" and quote != "`":
                raise TemplateError(_at(source, pos, "unterminated quoted string"))
        elif ch in "\"'`":
            quote = ch
        elif source.startswith("}}", pos):
            return pos
        pos += 1
    raise TemplateError(_at(source, pos, "unclosed action"))


def _at(source, pos, message):
    return f"template: :{source.count(chr(10), 0, pos) + 1}: {message}"


def _tokens(body, offset, source):
    tokens, pos = [], 0
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        if not match:
            ch = body[pos]
            raise TemplateError(_at(source, offset + pos, f"bad character U+{ord(ch):04X} '{ch}'"))
        kind, value = match.lastgroup, match.group()
        if kind != "space":
            tokens.append((kind, value, offset + pos))
        pos = match.end()
    return tokens


# --- parser --------------------------------------------------------------------------------
class _Parser:
    def __init__(self, source, functions):
        self.source, self.functions = source, functions
        self.pieces = _split(source)
        self.index = 0
        self.scopes = [{"$"}]

    def error(self, pos, message):
        raise TemplateError(_at(self.source, pos, message))

    def parse(self):
        nodes, stop = self.list()
        if stop is not None:
            self.error(stop[2], f"unexpected {{{{{stop[0]}}}}}")
        return nodes

    def list(self, depth=0):
        """Nodes up to an {{end}}/{{else}} (returned as the stop token) or the end."""
        if depth > MAX_DEPTH:
            self.error(0, "template nested too deeply")
        nodes = []
        while self.index < len(self.pieces):
            kind, body, pos = self.pieces[self.index]
            self.index += 1
            if kind == "text":
                if body:
                    nodes.append(("text", body))
                continue
            tokens = _tokens(body, pos, self.source)
            if not tokens:
                self.error(pos, "missing value for command")
            word = tokens[0][1] if tokens[0][0] == "ident" else None
            if word in ("end", "else"):
                return nodes, (word, tokens, pos)
            if word in ("if", "range", "with"):
                nodes.append(self.control(word, tokens[1:], pos, depth))
            elif word in ("define", "template", "block", "break", "continue"):
                self.error(pos, f"{{{{{word}}}}} is not supported in --format")
            else:
                pipe = self.pipeline(tokens, pos, decl_ok=True)
                nodes.append(_field_action(pipe) or ("action", pipe, pos))
        return nodes, None

    def control(self, word, tokens, pos, depth):
        self.scopes.append(set())
        pipe = self.pipeline(tokens, pos, decl_ok=True, in_range=word == "range")
        body, stop = self.list(depth + 1)
        otherwise = []
        if stop is None:
            self.error(len(self.source), "unexpected EOF")
        if stop[0] == "else":
            rest = stop[1][1:]
            if rest and rest[0][1] in ("if", "with") and rest[0][0] == "ident":
                # {{else if ...}} / {{else with ...}}: a nested control sharing our {{end}}
                self.index -= 1
                self.pieces[self.index] = ("chained", rest, stop[2])
                otherwise = [self.chained(depth)]
            else:
                otherwise, stop = self.list(depth + 1)
                if stop is None:
                    self.error(len(self.source), "unexpected EOF")
                if stop[0] != "end":
                    self.error(stop[2], "expected end; found {{else}}")
        self.scopes.pop()
        return (word, pipe, body, otherwise, pos)

    def chained(self, depth):
        _, tokens, pos = self.pieces[self.index]
        self.index += 1
        return self.control(tokens[0][1], tokens[1:], pos, depth)

    def pipeline(self, tokens, pos, decl_ok=False, in_range=False):
        decl = []
        assign = False
        if decl_ok:
            names = []
            index = 0
            while index < len(tokens) and tokens[index][0] == "variable":
                names.append(tokens[index][1])
                if index + 1 < len(tokens) and tokens[index + 1][1] == ",":
                    index += 2
                    continue
                index += 1
                break
            if index < len(tokens) and tokens[index][0] in ("declare", "assign") and names:
                if len(names) > (2 if in_range else 1):
                    self.error(pos, "too many declarations in " + ("range" if in_range else "command"))
                assign = tokens[index][0] == "assign"
                if not assign:
                    self.scopes[-1].update(names)
                decl = names
                tokens = tokens[index + 1:]
        commands, current, depth = [], [], 0
        for token in tokens:
            if token[1] == "|" and depth == 0:
                commands.append(current)
                current = []
            else:
                depth += (token[1] == "(") - (token[1] == ")")
                current.append(token)
        commands.append(current)
        parsed = [self.command(cmd, pos) for cmd in commands]
        for name in decl:
            if assign and not any(name in scope for scope in self.scopes):
                self.error(pos, f'undefined variable "{name}"')
        return ("pipe", decl, assign, parsed)

    def command(self, tokens, pos):
        if not tokens:
            self.error(pos, "missing value for command")
        args, index = [], 0
        while index < len(tokens):
            node, index = self.operand(tokens, index)
            args.append(node)
        if args[0][0] != "func" and len(args) > 1:
            self.error(pos, f"can't give argument to non-function {_show(args[0])}")
        return args

    def operand(self, tokens, index):
        kind, value, pos = tokens[index]
        index += 1
        if kind == "punct" and value == "(":
            depth, end = 1, index
            while end < len(tokens) and depth:
                depth += (tokens[end][1] == "(") - (tokens[end][1] == ")")
                end += 1
            if depth:
                self.error(pos, "unclosed left paren")
            node = ("paren", self.pipeline(tokens[index:end - 1], pos), pos)
            index = end
        elif kind == "punct":
            self.error(pos, f'unexpected "{value}" in operand')
        elif kind == "field":
            return ("field", None, value[1:].split("."), pos), index
        elif kind == "dot":
            return ("dot", pos), index
        elif kind == "variable":
            if not any(value in scope for scope in self.scopes):
                self.error(pos, f'undefined variable "{value}"')
            node = ("var", value, pos)
        elif kind == "ident":
            if value in ("true", "false"):
                return ("const", value == "true", pos), index
            if value == "nil":
                return ("nil", pos), index
            if value not in self.functions:
                self.error(pos, f'function "{value}" not defined')
            return ("func", value, pos), index
        elif kind in ("string", "raw", "char"):
            node = ("const", _literal(kind, value, self, pos), pos)
        elif kind == "number":
            node = ("const", _number(value, self, pos), pos)
        else:
            self.error(pos, f"unexpected {value!r} in command")
        # a field chain right after a variable or a parenthesised pipeline
        previous = tokens[index - 1]
        if index < len(tokens) and tokens[index][0] == "field" and tokens[index][2] == previous[2] + len(previous[1]):
            node = ("field", node, tokens[index][1][1:].split("."), pos)
            index += 1
        return node, index


def _field_action(pipe):
    """`{{.A.B}}`, the common case, as a node that skips the pipeline machinery."""
    _, decl, _, commands = pipe
    if not decl and len(commands) == 1 and len(commands[0]) == 1:
        node = commands[0][0]
        if node[0] == "field" and node[1] is None:
            return ("field", node)
    return None


def _reads(nodes):
    """Top-level field names of the data that `nodes` read; None where they may read it whole
    (`.` or `$` itself, or a field of a value that `with` or `range` made the dot)."""
    for node in nodes:
        kind = node[0]
        if kind == "text":
            continue
        if kind == "field":
            yield node[1][2][0]
        elif kind == "action":
            yield from _pipe_reads(node[1])
        else:
            yield from _pipe_reads(node[1])
            yield from _reads(node[2])
            yield from _reads(node[3])
            if kind != "if":
                yield None


def _pipe_reads(pipe):
    for command in pipe[3]:
        for arg in command:
            yield from _operand_reads(arg)


def _operand_reads(node):
    kind = node[0]
    if kind == "field":
        if node[1] is None:
            yield node[2][0]
        else:
            yield from _operand_reads(node[1])
    elif kind == "dot" or (kind == "var" and node[1] == "$"):
        yield None
    elif kind == "paren":
        yield from _pipe_reads(node[1])


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\", '"': '"', "'": "'"}
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)", re.S)


def _unquote(body, quote):
    """strconv.Unquote of a Go string or rune body; ValueError when malformed."""
    def escape(match):
        code = match.group(1)
        if code[0] in "xuU":
            return chr(int(code[1:], 16))
        if code[0].isdigit():
            return chr(int(code, 8))
        if code not in _SIMPLE_ESCAPES or (code in "\"'" and code != quote):
            raise ValueError(code)
        return _SIMPLE_ESCAPES[code]
    return _ESCAPE.sub(escape, body)


def _literal(kind, text, parser, pos):
    if kind == "raw":
        return text[1:-1]
    try:
        value = _unquote(text[1:-1], text[0])
        if kind == "char":
            if len(value) != 1:
                raise ValueError(value)
            return ord(value)
        return value
    except ValueError:
        parser.error(pos, f"malformed character constant: {text}" if kind == "char" else "invalid syntax")


def _number(text, parser, pos):
    clean = text.replace("_", "")
    try:
        if re.fullmatch(r"[+-]?(0[xX][0-9a-fA-F]+|\d+)", clean):
            return int(clean, 0) if not re.fullmatch(r"[+-]?0\d+", clean) else int(clean, 8)
        return float(clean)
    except ValueError:
        parser.error(pos, f"bad number syntax: {text!r}")


def _show(node):
    kind = node[0]
    if kind == "field":
        return (_show(node[1]) if node[1] else "") + "." + ".".join(node[2])
    if kind == "dot":
        return "."
    if kind in ("var", "func"):
        return node[1]
    if kind == "const":
        return json.dumps(node[1]) if isinstance(node[1], str) else str(node[1]).lower() if isinstance(node[1], bool) else str(node[1])
    if kind == "nil":
        return "nil"
    if kind == "paren":
        return "(" + _show_pipe(node[1]) + ")"
    return kind


def _show_command(args):
    return " ".join(_show(arg) for arg in args)


def _show_pipe(pipe):
    _, decl, assign, commands = pipe
    text = " | ".join(_show_command(cmd) for cmd in commands)
    if decl:
        text = ", ".join(decl) + (" = " if assign else " := ") + text
    return text


# --- values as Go prints them ---------------------------------------------------------------
def go_string(value):
    """fmt.Sprint of a value."""
    if type(value) is str:
        return value
    if value is MISSING:
        return NO_VALUE
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, Struct):
        return ("&{" if value.pointer else "{") + " ".join(go_string(v) for v in value.values()) + "}"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{go_string(k)}:{go_string(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_string(item) for item in value) + "]"
    return str(value)


def _go_float(value):
    """%v of a float64: shortest representation, exponent from 1e21 or below 1e-4."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = exponent[0] if exponent[0] in "+-" else "+"
        return f"{mantissa}e{sign}{int(exponent.lstrip('+-')):02d}"
    return text


def _truthy(value):
    if value is MISSING or value is None:
        return False
    if isinstance(value, (bool, int, float, str, list, tuple, dict)):
        return bool(value)
    return True


def _json(value):
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _plain(value):
    if value is MISSING or isinstance(value, (NilSlice, NilMap)):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")}


# --- functions -----------------------------------------------------------------------------
def _index(item, *keys):
    for key in keys:
        if isinstance(item, dict):
            item = item.get(key, MISSING)
        elif isinstance(item, (list, tuple, str)):
            if not isinstance(key, int) or isinstance(key, bool):
                raise TemplateError(f"cannot index slice/array with type {_type_name(key)}")
            if not 0 <= key < len(item):
                raise TemplateError(f"index out of range: {key}")
            item = item[key] if not isinstance(item, str) else ord(item[key])
        elif item is None or item is MISSING:
            raise TemplateError("index of untyped nil")
        else:
            raise TemplateError(f"can't index item of type {_type_name(item)}")
    return item


def _len(item):
    if isinstance(item, (str, list, tuple, dict)):
        return len(item.encode() if isinstance(item, str) else item)
    raise TemplateError(f"len of type {_type_name(item)}")


def _compare(op):
    def compare(left, *rights):
        if not rights:
            raise TemplateError("missing argument for comparison")
        if op == "eq":
            return any(_equal(left, right) for right in rights)
        if len(rights) > 1:
            raise TemplateError(f"wrong number of args for {op}: want 2 got {len(rights) + 1}")
        right = rights[0]
        if op == "ne":
            return not _equal(left, right)
        a, b = _ordered(left), _ordered(right)
        if isinstance(a, str) != isinstance(b, str):
            raise TemplateError("incompatible types for comparison")
        return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    return compare


def _kind(value):
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, (int, float)) else type(value)


def _equal(left, right):
    if left is None or right is None or left is MISSING or right is MISSING:
        return left is right or (left in (None, MISSING) and right in (None, MISSING))
    if _kind(left) != _kind(right):
        raise TemplateError("incompatible types for comparison")
    return left == right


def _ordered(value):
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return value
    raise TemplateError("invalid type for comparison")


def _printf(fmt, *args):
    """Go's fmt.Sprintf for the verbs templates use: %s %v %d %q %x %f %t %%."""
    out, index, pos = [], 0, 0
    for match in re.finditer(r"%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])", fmt):
        out.append(fmt[pos:match.start()])
        pos = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if max(int(width or 0), int(precision or 0)) > MAX_OUTPUT:
            raise TemplateError("template output too large")
        if index >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = args[index]
        index += 1
        if verb in "sv":
            text = go_string(value)
        elif verb == "q":
            text = json.dumps(go_string(value), ensure_ascii=False)
        elif verb == "d" and isinstance(value, int):
            text = str(value)
        elif verb in "xX" and isinstance(value, (int, str)):
            text = format(value, verb) if isinstance(value, int) else value.encode().hex()
            text = text.upper() if verb == "X" else text
        elif verb in "fFeg" and isinstance(value, (int, float)):
            text = f"{value:.{precision or 6}{verb.lower()}}" if verb != "g" else _go_float(float(value))
        elif verb == "t" and isinstance(value, bool):
            text = go_string(value)
        else:
            text = f"%!{verb}({_type_name(value)}={go_string(value)})"
        if width:
            text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width), "0" if "0" in flags and verb in "dfx" else " ")
        out.append(text)
    out.append(fmt[pos:])
    if index < len(args):
        out.append("%!(EXTRA " + ", ".join(f"{_type_name(a)}={go_string(a)}" for a in args[index:]) + ")")
    return "".join(out)


def _sprint(*args):
    """fmt.Sprint: spaces between operands when neither side is a string."""
    text = ""
    for index, arg in enumerate(args):
        if index and not isinstance(arg, str) and not isinstance(args[index - 1], str):
            text += " "
        text += go_string(arg)
    return text


def _string_arg(value):
    if not isinstance(value, str):
        raise TemplateError(f"wrong type for value; expected string; got {_type_name(value)}")
    return value


FUNCTIONS = {
    "and": None, "or": None,   # short-circuit: evaluated by the executor
    "not": lambda value: not _truthy(value),
    "len": _len,
    "index": _index,
    "eq": _compare("eq"), "ne": _compare("ne"), "lt": _compare("lt"),
    "le": _compare("le"), "gt": _compare("gt"), "ge": _compare("ge"),
    "print": _sprint,
    "printf": lambda fmt, *args: _printf(_string_arg(fmt), *args),
    "println": lambda *args: " ".join(go_string(a) for a in args) + "\n",
    "json": _json,
    "split": lambda text, sep: _string_arg(text).split(sep) if sep else list(text),
    "join": lambda items, sep: sep.join(go_string(i) for i in items),
    "upper": lambda text: _string_arg(text).upper(),
    "lower": lambda text: _string_arg(text).lower(),
    "title": lambda text: re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), _string_arg(text)),
    "pad": lambda text, before, after: " " * before + _string_arg(text) + " " * after,
    "truncate": lambda text, length: text if len(_string_arg(text)) < length else text[:length],
}
_ARITY = {"not": 1, "len": 1, "json": 1, "split": 2, "join": 2, "upper": 1, "lower": 1,
          "title": 1, "pad": 3, "truncate": 2}


def _type_name(value):
    if value is None or value is MISSING:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, (list, tuple)):
        return "[]interface {}"
    return getattr(value, "go_type", type(value).__name__)


# --- executor ------------------------------------------------------------------------------
class _Exec:
    def __init__(self, source, root):
        self.source, self.out, self.size = source, [], 0
        self.steps = MAX_STEPS
        self.vars = [{"$": root}]

    def fail(self, node_pos, context, message):
        line = self.source.count("\n", 0, node_pos) + 1
        column = node_pos - (self.source.rfind("\n", 0, node_pos) + 1)
        raise TemplateError(f'template: :{line}:{column}: executing "" at <{context}>: {message}')

    def write(self, text):
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            raise TemplateError("template output too large")
        self.out.append(text)

    def step(self):
        self.steps -= 1
        if self.steps < 0:
            raise TemplateError("template: too many steps")

    def run(self, nodes, dot):
        for node in nodes:
            self.step()
            kind = node[0]
            if kind == "text":
                self.write(node[1])
            elif kind == "field":
                self.write(go_string(self.field(dot, node[1][2], node[1])))
            elif kind == "action":
                value = self.pipe(node[1], dot)
                if not node[1][1]:
                    self.write(go_string(value))
            elif kind in ("if", "with"):
                self.vars.append({})
                value = self.pipe(node[1], dot)
                if _truthy(value):
                    self.run(node[2], value if kind == "with" else dot)
                else:
                    self.run(node[3], dot)
                self.vars.pop()
            else:
                self.range(node, dot)

    def flat(self, nodes, dot):
        """run() for text and fields only, the shape of every listing's format: without loops its
        steps are known at parse (Template.flat), and a field of a plain map is read straight."""
        out, size = [], 0
        for node in nodes:
            if node[0] == "text":
                text = node[1]
            else:
                field = node[1]
                names = field[2]
                if type(dot) is dict and len(names) == 1:
                    text = go_string(dot.get(names[0], MISSING))
                else:
                    text = go_string(self.field(dot, names, field))
            size += len(text)
            if size > MAX_OUTPUT:
                raise TemplateError("template output too large")
            out.append(text)
        return "".join(out)

    def range(self, node, dot):
        _, pipe, body, otherwise, pos = node
        self.vars.append({})
        value = self.pipe(("pipe", [], False, pipe[3]), dot)
        if isinstance(value, dict):
            items = sorted(value.items())
        elif isinstance(value, (list, tuple)):
            items = list(enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            items = [(i, i) for i in range(min(value, MAX_STEPS))]
        elif value is None or value is MISSING:
            items = []
        else:
            self.fail(pos, _show_pipe(pipe), f"range can't iterate over {go_string(value)}")
        for key, item in items:
            names = pipe[1]
            if len(names) == 1:
                self.vars[-1][names[0]] = item
            elif len(names) == 2:
                self.vars[-1][names[0]], self.vars[-1][names[1]] = key, item
            self.run(body, item)
        if not items:
            self.run(otherwise, dot)
        self.vars.pop()

    def pipe(self, pipe, dot):
        _, decl, assign, commands = pipe
        value = MISSING
        for index, command in enumerate(commands):
            value = self.command(command, dot, value if index else None, index > 0)
        for name in decl:
            if assign:
                for scope in reversed(self.vars):
                    if name in scope:
                        scope[name] = value
                        break
            else:
                self.vars[-1][name] = value
        return value

    def command(self, args, dot, piped, has_piped):
        head = args[0]
        if head[0] != "func":
            if has_piped:
                self.fail(head[-1], _show(head), f"can't give argument to non-function {_show(head)}")
            return self.operand(head, dot)
        name, pos = head[1], head[2]
        if name in ("and", "or"):
            operands = args[1:]
            if not operands and not has_piped:
                self.fail(pos, name, f"wrong number of args for {name}: want at least 1 got 0")
            value = None
            for index, arg in enumerate(operands + ([] if not has_piped else [None])):
                value = piped if arg is None else self.operand(arg, dot)
                if _truthy(value) == (name == "or"):
                    return value
            return value
        values = [self.operand(arg, dot) for arg in args[1:]]
        if has_piped:
            values.append(piped)
        want = _ARITY.get(name)
        if want is not None and len(values) != want:
            self.fail(pos, name, f"wrong number of args for {name}: want {want} got {len(values)}")
        try:
            return FUNCTIONS[name](*values)
        except TemplateError as error:
            self.fail(pos, _show_command(args), f"error calling {name}: {error}")
        except TypeError:
            self.fail(pos, _show_command(args), f"wrong number of args for {name}")

    def operand(self, node, dot):
        kind = node[0]
        if kind == "dot":
            return dot
        if kind == "const":
            return node[1]
        if kind == "nil":
            self.fail(node[1], "nil", "nil is not a command")
        if kind == "var":
            for scope in reversed(self.vars):
                if node[1] in scope:
                    return scope[node[1]]
        if kind == "paren":
            return self.pipe(node[1], dot)
        if kind == "func":
            return self.command([node], dot, None, False)
        base = dot if node[1] is None else self.operand(node[1], dot)
        return self.field(base, node[2], node)

    def field(self, value, names, node):
        for name in names:
            self.step()
            if isinstance(value, Struct) and name not in value:
                self.fail(node[3], _show(node), f'map has no entry for key "{name}"')
            if isinstance(value, dict):
                value = value.get(name, "" if isinstance(value, StringMap) else MISSING)
            elif value is None or value is MISSING:
                self.fail(node[3], _show(node), f"nil pointer evaluating interface {{}}.{name}")
            elif isinstance(value, (str, int, float, bool, list, tuple)) or \
                    name.startswith("_") or not hasattr(value, name):
                self.fail(node[3], _show(node), f"can't evaluate field {name} in type {_type_name(value)}")
            else:
                value = getattr(value, name)
                value = value() if callable(value) else value
        return value


class Template:
    """A parsed template: Template(text).execute(data) -> str; both raise TemplateError."""

    def __init__(self, source):
        self.source = source
        self.nodes = _Parser(source, FUNCTIONS).parse()
        reads = set(_reads(self.nodes))
        self.fields = None if None in reads else reads   # what execute() may look up in its data
        # text and fields only, within the steps run() would count: one a node, one a field name
        self.flat = all(node[0] in ("text", "field") for node in self.nodes) and \
            len(self.nodes) + sum(len(node[1][2]) for node in self.nodes if node[0] == "field") <= MAX_STEPS

    def execute(self, data):
        runner = _Exec(self.source, data)
        if self.flat:
            return runner.flat(self.nodes, data)
        runner.run(self.nodes, data)
        return "".join(runner.out)


MAX_CACHED_SOURCE = 4096


def parsed(source):
    """Template(source), parsed once per distinct text: listings format many rows with one
    template and students repeat their formats. A longer text is parsed anew, so that hostile
    input cannot fill the cache."""
    return _cached(source) if len(source) <= MAX_CACHED_SOURCE else Template(source)


@functools.lru_cache(maxsize=64)
def _cached(source):
    return Template(source)
