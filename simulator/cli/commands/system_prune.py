"""`docker system prune` and `docker builder prune` (cli/command/system/prune.go,
builder/prune.go): each kind of object pruned in docker's order, one report per kind, then
the total space reclaimed."""
from ...engine.state import parse_timestamp
from ...terminal import prompt_action
from ..format.units import human_size
from ..spec import handler
from .listing import confirm, keep_filter
from .network import pruned_networks
from .volume import pruned_volumes

BUILDER_WARNING = "WARNING! This will remove all dangling build cache. Are you sure you want to continue?"
BUILDER_ALL_WARNING = "WARNING! This will remove all build cache. Are you sure you want to continue?"


def system_warning(all_images, volumes):
    lines = ["all stopped containers", "all networks not used by at least one container"]
    if volumes:
        lines.append("all anonymous volumes not used by at least one container")
    lines.append("all images without at least one container associated to them" if all_images
                 else "all dangling images")
    lines.append("all build cache" if all_images else "unused build cache")
    return "WARNING! This will remove:\n" + "".join(f"  - {line}\n" for line in lines)


@handler("system prune")
def system_prune(ctx, opts, args):
    keep_filter(ctx.engine, opts.filter)
    args = {"all": opts.all, "volumes": opts.volumes, "filters": opts.filter}
    if opts.force:
        return prune_system(ctx.engine, ctx.out, ctx.err, **args)
    ctx.out(system_warning(opts.all, opts.volumes))
    return confirm(ctx, "", "system prune", args)


def pruned_containers(engine, filters):
    ids, reclaimed = engine.containers.prune(keep_filter(engine, filters,
                                                         labels=lambda c: c.config.get("Labels")))
    return ("Deleted Containers:\n" + "".join(i + "\n" for i in ids) if ids else ""), reclaimed


def pruned_images(engine, filters, all_images):
    keep = keep_filter(engine, filters, created=lambda image: parse_timestamp(image.created),
                       labels=lambda image: image.config.get("Labels"))
    records, reclaimed = engine.images.prune(all_images=all_images, keep=keep)
    report = "".join(f"{kind.lower()}: {value}\n" for kind, value in records)
    return ("Deleted Images:\n" + report if records else ""), reclaimed


def pruned_cache(engine, everything):
    removed = engine.builder.cache.prune(everything=everything)
    report = "".join(record_id + "\n" for record_id, _ in removed)
    return ("Deleted build cache objects:\n" + report if removed else ""), sum(size for _, size in removed)


@prompt_action("system prune")
def prune_system(engine, out, err, all=False, volumes=False, filters=()):
    labels_only = [f for f in filters if f.startswith("label")]
    steps = [lambda: pruned_containers(engine, filters), lambda: (pruned_networks(engine, filters), 0)]
    if volumes:
        steps.append(lambda: pruned_volumes(engine, labels_only))
    steps += [lambda: pruned_images(engine, filters, all), lambda: pruned_cache(engine, all)]
    total = 0
    for step in steps:
        report, reclaimed = step()
        total += reclaimed
        if report:
            out(report + "\n")
    out(f"Total reclaimed space: {human_size(total)}\n")
    return 0


@handler("builder prune")
def builder_prune(ctx, opts, args):
    if opts.force:
        return prune_builder(ctx.engine, ctx.out, ctx.err, all=opts.all)
    return confirm(ctx, BUILDER_ALL_WARNING if opts.all else BUILDER_WARNING, "builder prune", {"all": opts.all},
                   ask=" [y/N] ")


@prompt_action("builder prune")
def prune_builder(engine, out, err, all=False):
    report, reclaimed = pruned_cache(engine, all)
    if report:
        out(report + "\n")
    out(f"Total reclaimed space: {human_size(reclaimed)}\n")
    return 0
