"""What the volume, network and system verbs share: `--filter` checks, docker's natural sort
order (sortorder.NaturalLess), `inspect` of one kind of object, and the prune pattern (filters that protect objects, a
`[y/N]` question unless `-f`)."""
import re

from ...engine.errors import InvalidParameter
from ...terminal import Question
from . import inspect
from .container_ls import parse_filters
from .container_process import since_time

CONFIRM = "\nAre you sure you want to continue? [y/N] "


def natural_key(text):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def checked_filters(values, accepted):
    """Parsed `--filter` values; a key the daemon does not accept is its `invalid filter` error."""
    parsed = parse_filters(values)
    for key in parsed:
        if key not in accepted:
            raise InvalidParameter(f"invalid filter '{key}'")
    return parsed


def has_label(labels, value):
    key, sep, wanted = value.partition("=")
    return key in (labels or {}) and (not sep or labels[key] == wanted)


def keep_filter(engine, values, accepted=("until", "label", "label!"), created=lambda obj: obj.created,
                labels=lambda obj: obj.labels):
    """A predicate for the objects a prune's filters protect (`until=`, `label=`, `label!=`);
    `created` and `labels` read an object's creation time and labels."""
    parsed = checked_filters(values, accepted)
    now = engine.clock.now()
    until = [since_time(v, now, "until") for v in parsed.get("until", [])]

    def keep(obj):
        found = labels(obj) or {}
        return (any(created(obj) >= limit for limit in until)
                or any(not has_label(found, v) for v in parsed.get("label", []))
                or any(has_label(found, v) for v in parsed.get("label!", [])))

    return keep


def confirm(ctx, warning, action, args, ask=CONFIRM):
    """Ask docker's question; the answer runs the registered prompt action."""
    ctx.out(warning + ask)
    ctx.terminal.push(Question(action, args))
    return 0


def inspect_verb(kind, answer, go_type):
    """`docker <kind> inspect`, and `docker inspect` finding that kind too; answer(engine, name)
    is the daemon's inspect of one object (raising DockerError when there is none), go_type how
    templates see it (format.gotypes)."""
    def find(ctx, name, _size=False):
        data = answer(ctx.engine, name)
        return go_type.view(data), data

    def verb(ctx, opts, args):
        objects, errors = inspect.collect(ctx, args, [find])
        return inspect.show(ctx, fmt=opts.format, objects=objects, errors=errors)

    inspect.INSPECTORS[kind] = find
    return verb
