"""Typed values after interpolation, as compose-go casts them: `scale: ${N}` becomes an
integer, `tty: "yes"` a boolean, before the schema sees the document."""
import re

from .errors import ComposeError

_TRUE, _FALSE = ("true", "yes", "y", "on"), ("false", "no", "n", "off")


def _int(text):
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise ValueError(f'strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


def _bool(text):
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(f"invalid boolean: {text}")


# compose-go's interpolateTypeCastMapping, for the keys the simulator models ("*" is any key or
# list index)
CASTS = {
    ("services", "*", "scale"): _int,
    ("services", "*", "healthcheck", "retries"): _int,
    ("services", "*", "healthcheck", "disable"): _bool,
    ("services", "*", "ports", "*", "target"): _int,
    ("services", "*", "stdin_open"): _bool,
    ("services", "*", "tty"): _bool,
    ("services", "*", "read_only"): _bool,
    ("services", "*", "privileged"): _bool,
    ("services", "*", "volumes", "*", "read_only"): _bool,
    ("services", "*", "volumes", "*", "volume", "nocopy"): _bool,
    ("services", "*", "depends_on", "*", "required"): _bool,
    ("services", "*", "depends_on", "*", "restart"): _bool,
    ("networks", "*", "external"): _bool,
    ("networks", "*", "internal"): _bool,
    ("networks", "*", "attachable"): _bool,
    ("volumes", "*", "external"): _bool,
}


def _caster(path):
    for pattern, caster in CASTS.items():
        if len(pattern) == len(path) and all(p in ("*", k) for p, k in zip(pattern, path)):
            return caster
    return None


def cast(document, path=()):
    """A copy of `document` with the typed keys' strings converted; ComposeError otherwise."""
    if isinstance(document, dict):
        return {key: cast(value, path + (str(key),)) for key, value in document.items()}
    if isinstance(document, list):
        return [cast(item, path + ("*",)) for item in document]
    caster = _caster(path) if isinstance(document, str) else None
    if caster is None:
        return document
    try:
        return caster(document)
    except ValueError as error:
        where = ".".join("[]" if part == "*" else part for part in path)
        raise ComposeError(f"error while interpolating {where}: failed to cast to expected "
                           f"type: {error}") from None
