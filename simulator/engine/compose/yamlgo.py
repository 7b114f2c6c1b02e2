"""YAML read the way Compose reads it: go-yaml v3 scalars and go-yaml's error texts.

go-yaml is a port of libyaml, which PyYAML's C parser is: the problems are worded alike
("did not find expected key"). This module makes the rest look like go-yaml v3: YAML 1.2
scalars (`yes`, `on` and `8080:80` stay strings), duplicate keys refused, and errors worded
`yaml: line N: <problem>` with go-yaml's line arithmetic (a parser error names the line before
the enclosing block's start, a scanner error the line where it happened).
"""
import re

import yaml

MAX_NODES = 100_000     # nodes after alias expansion: a "billion laughs" file stops here
DEPTH_ERROR = "yaml: exceeded max depth of 10000"


class YamlError(Exception):
    """The text go-yaml would give, starting with `yaml: `."""


class _GoLoader(yaml.CSafeLoader):
    """libyaml's parser with go-yaml v3's implicit types instead of YAML 1.1's."""

    yaml_implicit_resolvers = {}


def _resolver(tag, pattern, first):
    _GoLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_resolver("tag:yaml.org,2002:merge", r"^(?:<<)$", "<")
_resolver("tag:yaml.org,2002:int",
          r"^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$", "-+0123456789")
_resolver("tag:yaml.org,2002:float",
          r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
               |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", "-+0123456789.")


def _construct_int(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    prefixes = {"0b": 2, "0o": 8, "0x": 16}
    if digits[:2] in prefixes:
        return sign * int(digits[2:], prefixes[digits[:2]])
    if len(digits) > 1 and digits.startswith("0"):
        if re.fullmatch("[0-7]+", digits):
            return sign * int(digits, 8)    # go-yaml v3 still reads 0777 as octal
        return text                         # 09 is not a number in Go either
    return sign * int(digits)


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, (dict, list)):
            raise yaml.constructor.ConstructorError(
                None, None, "invalid map key", key_node.start_mark)
        if key in seen:
            raise YamlError(f'yaml: unmarshal errors:\n  line {key_node.start_mark.line + 1}: '
                            f'mapping key "{key}" already defined at line {seen[key]}')
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_GoLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_GoLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# timestamps stay strings: Compose never wants a date object
_GoLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _go_line(err):
    """go-yaml v3 `parser.fail`: context mark first; scanner marks are 0-based, so +1."""
    scanner = isinstance(err, yaml.scanner.ScannerError)
    for mark in (err.context_mark, err.problem_mark):
        if mark is not None and mark.line != 0:
            return mark.line + 1 if scanner else mark.line
    return 0


def _error_text(err, text):
    if err.problem == "exceeded maximum nesting depth":        # libyaml's bound, not Go's
        return DEPTH_ERROR
    if err.problem == "found undefined alias":
        alias = re.match(r"\*([^\s,\]}]*)", text[err.problem_mark.index:])
        return f"yaml: unknown anchor '{alias.group(1) if alias else ''}' referenced"
    line = _go_line(err)
    where = f"line {line}: " if line else ""
    return f"yaml: {where}{err.problem or 'unknown problem parsing YAML content'}"


def _count_nodes(value, budget):
    """Walks the loaded value (aliases counted every time they are reached)."""
    stack = [value]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            raise YamlError("yaml: document contains excessive aliasing")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def load(text):
    """The document's value (None for an empty file); YamlError with go-yaml's text."""
    try:
        value = yaml.load(text, Loader=_GoLoader)
    except yaml.MarkedYAMLError as err:
        raise YamlError(_error_text(err, text)) from None
    except yaml.YAMLError as err:
        raise YamlError(f"yaml: {err}") from None
    except RecursionError:
        raise YamlError(DEPTH_ERROR) from None
    _count_nodes(value, MAX_NODES)
    return value
