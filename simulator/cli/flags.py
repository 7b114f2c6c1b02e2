"""Flags parsed by spf13/pflag's rules, as the docker CLI does: `-dp 80:80`, `-d=true`,
`--name=x`, `--name x`, `--` ends flags, no abbreviations, negative numbers as values."""
import re

from . import messages as msg
from .format.quote import go_quote, go_quote_rune

# the name pflag shows after a flag in help, by value type (docker's ListOpts is "list")
METAVARS = {bool: "", str: "string", int: "int", float: "float", list: "list", "mapping": "map"}


class FlagError(Exception):
    """A flag could not be parsed; the text is pflag's, without the usage tail."""


class Flag:
    """One command-line flag. `kind` is bool, str, int, float, list (repeatable; `split=True`
    also splits `a,b` like pflag's stringSlice) or "mapping" (repeatable KEY=VALUE)."""

    def __init__(self, name, short="", kind=bool, help="", default=None, *, metavar=None,
                 hidden=False, deprecated="", short_deprecated="", split=False, optional=None, shown_default=None):
        self.name, self.short, self.kind, self.help = name, short, kind, help
        self.short_deprecated = short_deprecated
        self.shown_default = shown_default     # help's "(default ...)" where docker's type prints one
        self.metavar = METAVARS[kind] if metavar is None else metavar
        self.hidden, self.deprecated, self.split = hidden, deprecated, split
        # pflag's NoOptDefVal: the value given when the flag appears without one
        self.optional = "true" if kind is bool else optional
        self.default = default if default is not None else _ZERO[_key(kind)]()

    @property
    def attr(self):
        return self.name.replace("-", "_")

    def label(self):
        """How pflag names the flag in `invalid argument` errors."""
        shown = self.short and not self.short_deprecated
        return f"-{self.short}, --{self.name}" if shown else f"--{self.name}"

    def convert(self, value, current):
        """The option's new value once `value` is given; raises FlagError with pflag's text."""
        try:
            if self.kind is list:
                return current + (value.split(",") if self.split else [value])
            if self.kind == "mapping":
                key, sep, val = value.partition("=")
                if not sep:
                    raise ValueError(msg.MAPPING_FORMAT.format(what=self.name, value=value))
                return {**current, key: val}
            return _PARSERS[_key(self.kind)](value)
        except ValueError as error:
            raise FlagError(msg.INVALID_ARGUMENT.format(
                value=go_quote(value), flag=go_quote(self.label()), reason=error)) from None


def _key(kind):
    return kind if isinstance(kind, str) else kind.__name__


def parse_bool(text):
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(msg.PARSE_BOOL.format(value=go_quote(text)))


_GO_INT = re.compile(r"[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)")


def parse_int(text):
    """strconv.ParseInt(text, 0, 64): base prefixes, and a leading 0 means octal."""
    match = _GO_INT.fullmatch(text)
    if not match:
        raise ValueError(msg.PARSE_INT.format(value=go_quote(text), why=msg.INVALID_SYNTAX))
    digits = match.group(1)
    number = int(digits, 8) if digits[:1] == "0" and digits[1:2].isdigit() else int(digits, 0)
    number = -number if text.startswith("-") else number
    if not -(2 ** 63) <= number < 2 ** 63:
        raise ValueError(msg.PARSE_INT.format(value=go_quote(text), why=msg.OUT_OF_RANGE))
    return number


def parse_float(text):
    """strconv.ParseFloat(text, 64), without Python's extra leniency (spaces, underscores)."""
    try:
        if text.strip() != text or "_" in text:
            raise ValueError
        return float(text)
    except ValueError:
        raise ValueError(msg.PARSE_FLOAT.format(value=go_quote(text), why=msg.INVALID_SYNTAX)) from None


_PARSERS = {"bool": parse_bool, "str": str, "int": parse_int, "float": parse_float}
_ZERO = {"bool": bool, "str": str, "int": int, "float": float, "list": list, "mapping": dict}


class Options:
    """Parsed flag values as attributes (`--no-trunc` → `opts.no_trunc`)."""

    def __init__(self, flags):
        self._changed = set()
        for flag in flags:
            setattr(self, flag.attr, _copy(flag.default))

    def changed(self, name):
        """Whether the flag was given on the command line (cobra's Flags().Changed)."""
        return name in self._changed


def _copy(value):
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def parse(flags, argv, interspersed=True):
    """Parse argv against flags. Returns (Options, positional args, warnings); raises FlagError.
    Warnings are pflag's deprecation notices, printed to stderr before the command runs."""
    by_name = {flag.name: flag for flag in flags}
    by_short = {flag.short: flag for flag in flags if flag.short}
    opts, positional, warnings = Options(flags), [], []

    def set_value(flag, value):
        setattr(opts, flag.attr, flag.convert(value, getattr(opts, flag.attr)))
        opts._changed.add(flag.name)
        if flag.deprecated:
            warnings.append(msg.DEPRECATED_FLAG.format(name=flag.name, why=flag.deprecated))

    args = list(argv)
    while args:
        arg = args.pop(0)
        if len(arg) < 2 or arg[0] != "-":
            positional.append(arg)
            if not interspersed:
                return opts, positional + args, warnings
        elif arg == "--":
            return opts, positional + args, warnings
        elif arg.startswith("--"):
            args = _parse_long(arg, args, by_name, set_value)
        else:
            args = _parse_shorts(arg[1:], args, by_short, set_value, warnings)
    return opts, positional, warnings


def _parse_long(arg, args, by_name, set_value):
    name, has_value, value = arg[2:].partition("=")
    if not name or name[0] in "-=":
        raise FlagError(msg.BAD_FLAG_SYNTAX.format(arg=arg))
    flag = by_name.get(name)
    if flag is None:
        raise FlagError(msg.UNKNOWN_FLAG.format(name=name))
    if not has_value:
        if flag.optional is not None:
            value = flag.optional
        elif args:
            value = args.pop(0)
        else:
            raise FlagError(msg.NEEDS_ARGUMENT.format(flag=arg))
    set_value(flag, value)
    return args


def _parse_shorts(shorts, args, by_short, set_value, warnings):
    while shorts:
        char, rest = shorts[0], shorts[1:]
        flag = by_short.get(char)
        if flag is None:
            raise FlagError(msg.UNKNOWN_SHORTHAND.format(char=go_quote_rune(char), rest=shorts))
        if rest.startswith("=") and len(shorts) > 2:
            value, rest = rest[1:], ""
        elif flag.optional is not None:
            value = flag.optional
        elif rest:
            value, rest = rest, ""
        elif args:
            value = args.pop(0)
        else:
            raise FlagError(msg.NEEDS_ARGUMENT_SHORT.format(char=go_quote_rune(char), rest=shorts))
        if flag.short_deprecated:
            warnings.append(msg.DEPRECATED_SHORTHAND.format(short=char, why=flag.short_deprecated))
        set_value(flag, value)
        shorts = rest
    return args
