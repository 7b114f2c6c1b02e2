"""`docker container prune`: remove stopped containers, after a `[y/N]` question unless -f."""
from ...engine.errors import InvalidParameter
from ...terminal import Question, prompt_action
from ..format.units import human_size
from ..spec import handler
from .container_ls import has_label, parse_filters
from .container_process import since_time

WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "


@handler("container prune")
def container_prune(ctx, opts, args):
    keep_filter(ctx.engine, opts.filter)
    if opts.force:
        return prune_containers(ctx.engine, ctx.out, ctx.err, filters=opts.filter)
    ctx.out(WARNING)
    ctx.terminal.push(Question("container prune", {"filters": opts.filter}))
    return 0


def keep_filter(engine, filters):
    """A predicate for containers the filters protect (`until=`, `label=`, `label!=`)."""
    parsed = parse_filters(filters)
    for key in parsed:
        if key not in ("until", "label", "label!"):
            raise InvalidParameter(f"invalid filter '{key}'")
    now = engine.clock.now()
    until = [since_time(v, now, "until") for v in parsed.get("until", [])]

    def has(c, value):
        return has_label(c.config.get("Labels"), value)

    def keep(c):
        if any(c.created >= limit for limit in until):
            return True
        if any(not has(c, v) for v in parsed.get("label", [])):
            return True
        return any(has(c, v) for v in parsed.get("label!", []))

    return keep


@prompt_action("container prune")
def prune_containers(engine, out, err, filters=()):
    removed, reclaimed = engine.containers.prune(keep_filter(engine, filters))
    if removed:
        out("Deleted Containers:\n" + "".join(cid + "\n" for cid in removed) + "\n")
    out(f"Total reclaimed space: {human_size(reclaimed)}\n")
    return 0
