"""`docker ps` / `docker container ls`: filters as the daemon applies them (daemon/list.go),
newest first, through the --format machinery."""
import re

from ...engine import health
from ...engine.errors import InvalidParameter
from ..format.table import fields, render
from ..spec import handler
from .container_view import row

DEFAULT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
           "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Names": "NAMES",
           "Labels": "LABELS", "Mounts": "MOUNTS", "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES",
           "Size": "SIZE"}
STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
KEYS = ("ancestor", "before", "expose", "exited", "health", "id", "isolation", "is-task", "label", "name",
        "network", "publish", "since", "status", "volume")


def parse_filters(values):
    """["name=web", "status=exited"] -> {"name": ["web"], "status": ["exited"]}."""
    found = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep:
            raise InvalidParameter("bad format of filter (expected name=value)")
        found.setdefault(key.strip().lower(), []).append(val)
    return found


def has_label(labels, value):
    """A `label=key` or `label=key=value` filter against a labels map."""
    key, sep, wanted = value.partition("=")
    return key in (labels or {}) and (not sep or labels[key] == wanted)


def ancestors(engine, name):
    """Image IDs whose containers match `ancestor=name`: the image and its descendants."""
    image = engine.images.get(name)
    if image is None:
        return set()
    ids, grew = {image.id}, True
    while grew:
        more = {i.id for i in engine.images.by_id.values() if i.parent in ids}
        grew = bool(more - ids)
        ids |= more
    return ids


def matches(engine, c, filters):
    for key, values in filters.items():
        if key not in KEYS:
            raise InvalidParameter(f"invalid filter '{key}'")
        if key == "status":
            for value in values:
                if value not in STATES:
                    raise InvalidParameter(f"invalid filter 'status={value}'")
            if c.state.status not in values:
                return False
        elif key == "name":
            if not any(name_matches(v, c.name) for v in values):
                return False
        elif key == "id":
            if not any(c.id.startswith(v) for v in values):
                return False
        elif key == "label":
            if not all(has_label(c.config.get("Labels"), value) for value in values):
                return False
        elif key == "exited":
            if c.state.status != "exited" or str(c.state.exit_code) not in values:
                return False
        elif key == "ancestor":
            if not any(c.image_id in ancestors(engine, v) for v in values):
                return False
        elif key in ("before", "since"):
            for value in values:
                other = engine.containers.find(value)
                if (key == "before" and c.created >= other.created) or (key == "since" and c.created <= other.created):
                    return False
        elif key == "network":
            if not any(v in c.networks or any(e.network_id.startswith(v) for e in c.networks.values())
                       for v in values):
                return False
        elif key == "volume":
            if not any(m.get("Name") == v or m["Destination"] == v or m["Source"] == v for m in c.mounts
                       for v in values):
                return False
        elif key == "health":
            if (health.state(engine, c) or "none") not in values:
                return False
        elif key in ("publish", "expose"):
            ports = c.ports if key == "publish" else c.config.get("ExposedPorts") or {}
            if not any((v if "/" in v else v + "/tcp") in ports for v in values):
                return False
    return True


NESTED_QUANTIFIER = re.compile(r"\)[*+?{]")


def name_matches(pattern, name):
    """Name filters are regular expressions (Go's RE2, which never backtracks). A pattern that
    repeats a group could backtrack for ever in Python's engine, so it is matched literally."""
    if len(pattern) > 100 or NESTED_QUANTIFIER.search(pattern):
        return pattern in "/" + name
    return bool(re.search(pattern, "/" + name))


def _safe_pattern(values):
    """A broken name pattern is an invalid filter, not a crash."""
    for value in values:
        try:
            re.compile(value)
        except re.error:
            raise InvalidParameter(f"invalid filter 'name={value}'") from None


@handler("container ls")
def ps(ctx, opts, args):
    engine = ctx.engine
    filters = parse_filters(opts.filter)
    _safe_pattern(filters.get("name", []))
    containers = engine.containers.newest_first()
    show_all = opts.all or opts.last > 0 or opts.latest or bool(
        {"status", "exited"} & set(filters))
    if not show_all:
        containers = [c for c in containers if c.state.status in ("running", "paused", "restarting")]
    containers = [c for c in containers if matches(engine, c, filters)]
    if opts.latest:
        containers = containers[:1]
    elif opts.last > 0:
        containers = containers[:opts.last]
    now = engine.clock.now()
    fmt = opts.format
    default = DEFAULT + ("\t{{.Size}}" if opts.size else "")
    size = opts.size or "{{.Size}}" in (fmt or "")
    needed = fields(fmt, default, quiet=opts.quiet)
    rows = [row(engine, c, now, trunc=not opts.no_trunc, size=size, fields=needed) for c in containers]
    ctx.out(render(rows, fmt, default, HEADERS, quiet=opts.quiet))
    return 0
