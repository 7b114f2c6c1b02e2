"""`docker volume create|ls|inspect|rm|prune` (cli/command/volume/*.go)."""
from ...engine.errors import DockerError, InvalidParameter
from ...engine.volumes import ROOT
from ...terminal import prompt_action
from ..format.gotypes import VOLUME
from ..format.table import render
from ..format.units import human_size
from ..spec import CliError, handler
from .listing import checked_filters, confirm, has_label, inspect_verb, keep_filter, natural_key

DEFAULT = "table {{.Driver}}\t{{.Name}}"
HEADERS = {"Driver": "DRIVER", "Name": "VOLUME NAME", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT",
           "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE", "Availability": "AVAILABILITY", "Group": "GROUP"}
PRUNE_WARNING = "WARNING! This will remove anonymous local volumes not used by at least one container."
PRUNE_ALL_WARNING = "WARNING! This will remove all local volumes not used by at least one container."


@handler("volume create")
def create(ctx, opts, args):
    name = args[0] if args else ""
    if opts.name and name and opts.name != name:
        raise CliError("conflicting options: either specify --name or provide positional arg, not both")
    labels = dict(entry.partition("=")[::2] for entry in opts.label)
    volume = ctx.engine.volumes.create(name or opts.name or None, driver=opts.driver, labels=labels,
                                       options=dict(opts.opt))
    ctx.out(volume.name + "\n")
    return 0


def row(volume):
    return {"Driver": volume.driver, "Name": volume.name, "Scope": "local",
            "Mountpoint": f"{ROOT}/{volume.name}/_data",
            "Labels": ",".join(f"{k}={v}" for k, v in sorted((volume.labels or {}).items())),
            "Links": "N/A", "Size": "N/A", "Availability": "N/A", "Group": "N/A"}


def matches(engine, volume, filters):
    for key, values in filters.items():
        if key == "dangling":
            for value in values:
                if value.lower() not in ("true", "false", "1", "0"):
                    raise InvalidParameter(f"invalid filter 'dangling={value}'")
            unused = not engine.volumes.users(volume)
            if any((v.lower() in ("true", "1")) != unused for v in values):
                return False
        elif key == "name" and not any(v in volume.name for v in values):
            return False
        elif key == "driver" and volume.driver not in values:
            return False
        elif key == "label" and not all(has_label(volume.labels, v) for v in values):
            return False
    return True


@handler("volume ls")
def ls(ctx, opts, args):
    engine = ctx.engine
    filters = checked_filters(opts.filter, ("dangling", "driver", "label", "name"))
    volumes = sorted(engine.volumes.by_name.values(), key=lambda v: natural_key(v.name))
    rows = [row(v) for v in volumes if matches(engine, v, filters)]
    ctx.out(render(rows, opts.format, DEFAULT, HEADERS, quiet=opts.quiet, quiet_format="{{.Name}}"))
    return 0


handler("volume inspect")(inspect_verb(
    "volume", lambda engine, name: engine.volumes.inspect(engine.volumes.find(name)), VOLUME))


@handler("volume rm")
def rm(ctx, opts, args):
    errors = []
    for name in args:
        try:
            ctx.engine.volumes.remove(name, force=opts.force)
        except DockerError as error:
            errors.append(f"Error response from daemon: {error.message}\n")
            continue
        ctx.out(name + "\n")
    for message in errors:             # after the names removed, as the CLI returns them joined
        ctx.err(message)
    return 1 if errors else 0


@handler("volume prune")
def prune(ctx, opts, args):
    keep_filter(ctx.engine, opts.filter, ("label", "label!", "all"))
    args = {"filters": opts.filter, "all": opts.all}
    if opts.force:
        return prune_volumes(ctx.engine, ctx.out, ctx.err, **args)
    return confirm(ctx, PRUNE_ALL_WARNING if opts.all else PRUNE_WARNING, "volume prune", args)


def pruned_volumes(engine, filters=(), all=False):
    """(report lines, bytes) of a volume prune; also used by `system prune --volumes`."""
    keep = keep_filter(engine, [f for f in filters if not f.startswith("all=")], ("label", "label!"))
    everything = all or any(f in ("all=true", "all=1") for f in filters)
    names, reclaimed = engine.volumes.prune(all_volumes=everything, keep=keep)
    return ("Deleted Volumes:\n" + "".join(n + "\n" for n in names) if names else ""), reclaimed


@prompt_action("volume prune")
def prune_volumes(engine, out, err, filters=(), all=False):
    report, reclaimed = pruned_volumes(engine, filters, all)
    if report:
        out(report + "\n")
    out(f"Total reclaimed space: {human_size(reclaimed)}\n")
    return 0

