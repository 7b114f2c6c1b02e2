"""`docker rmi`, `docker tag`, `docker history`, `docker image prune`, `docker image import`."""
from ...engine.errors import DockerError, NotFound
from ...engine.state import parse_timestamp, timestamp
from ...terminal import Question, prompt_action
from ..format.table import render
from ..format.units import ago, human_size, human_size_with_precision
from ..spec import handler
from .container_files import check_reference, import_archive
from .container_ls import has_label, parse_filters
from .container_view import ellipsis

HISTORY = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
HISTORY_HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
                   "Size": "SIZE", "Comment": "COMMENT"}
PRUNE_WARNING = "WARNING! This will remove all dangling images."
PRUNE_ALL_WARNING = "WARNING! This will remove all images without at least one container associated to them."
CONFIRM = "\nAre you sure you want to continue? [y/N] "


@handler("image rm")
def rmi(ctx, opts, args):
    """Errors come after every removal; with -f, images that do not exist are reported but do not
    fail the command (cli image/remove.go)."""
    errors, fatal = [], False
    for name in args:
        try:
            records = ctx.engine.images.remove(name, force=opts.force, prune=not opts.no_prune)
        except DockerError as error:
            errors.append(f"Error response from daemon: {error.message}\n")
            fatal = fatal or not isinstance(error, NotFound)
            continue
        for kind, value in records:
            ctx.out(f"{kind}: {value}\n")
    for message in errors:
        ctx.err(message)
    return 1 if errors and (fatal or not opts.force) else 0


@handler("image tag")
def tag(ctx, opts, args):
    check_reference(args[1])
    ctx.engine.images.tag(args[0], args[1])
    return 0


@handler("image history")
def history(ctx, opts, args):
    image = ctx.engine.images.find(args[0])
    now = ctx.engine.clock.now()
    layers = iter(image.layers)
    records = ctx.engine.images.layers
    sizes = [0 if entry.get("empty_layer") else getattr(records.get(next(layers, None)), "size", 0)
             for entry in image.history]
    rows = []
    for index, (entry, size) in reversed(list(enumerate(zip(image.history, sizes)))):
        top = index == len(image.history) - 1
        image_id = (image.id if opts.no_trunc else image.id[7:19]) if top else "<missing>"
        created = parse_timestamp(entry["created"])
        created_by = entry.get("created_by", "").replace("\t", " ")
        rows.append({
            "ID": image_id,
            "CreatedSince": ago(now, created) if opts.human else timestamp(created, nano=False),
            "CreatedAt": timestamp(created, nano=False),
            "CreatedBy": created_by if opts.no_trunc else ellipsis(created_by, 45),
            "Size": human_size_with_precision(size) if opts.human else str(size),
            "Comment": entry.get("comment", ""),
        })
    if opts.quiet and not opts.format:
        ctx.out("".join(r["ID"] + "\n" for r in rows))
        return 0
    ctx.out(render(rows, opts.format, HISTORY, HISTORY_HEADERS))
    return 0


@handler("image prune")
def image_prune(ctx, opts, args):
    filters = {"all_images": opts.all, "filters": opts.filter}
    if opts.force:
        return prune_images(ctx.engine, ctx.out, ctx.err, **filters)
    ctx.out((PRUNE_ALL_WARNING if opts.all else PRUNE_WARNING) + CONFIRM)
    ctx.terminal.push(Question("image prune", filters))
    return 0


@prompt_action("image prune")
def prune_images(engine, out, err, all_images=False, filters=()):
    parsed = parse_filters(filters)
    labels = parsed.get("label", [])

    def keep(image):
        return not all(has_label(image.config.get("Labels"), value) for value in labels)

    records, reclaimed = engine.images.prune(all_images=all_images, keep=keep)
    if records:
        out("Deleted Images:\n")
        for kind, value in records:
            out(f"{kind.lower()}: {value}\n")
        out("\n")
    out(f"Total reclaimed space: {human_size(reclaimed)}\n")
    return 0


@handler("image import")
def image_import(ctx, opts, args):
    return import_archive(ctx, opts, args)
