"""`docker builder prune`: remove build cache (dangling records, or all with -a), after a
`[y/N]` question unless -f."""
from ...terminal import Question, prompt_action
from ..format.units import human_size
from ..spec import handler

WARNING = "WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] "
WARNING_ALL = "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "


@handler("builder prune")
def builder_prune(ctx, opts, args):
    if opts.force:
        return prune_build_cache(ctx.engine, ctx.out, ctx.err, everything=opts.all)
    ctx.out(WARNING_ALL if opts.all else WARNING)
    ctx.terminal.push(Question("builder prune", {"everything": opts.all}))
    return 0


@prompt_action("builder prune")
def prune_build_cache(engine, out, err, everything=False):
    removed = engine.builder.cache.prune(everything)
    if removed:
        out("Deleted build cache objects:\n" + "".join(f"{rid}\n" for rid, _ in removed) + "\n")
    out(f"Total reclaimed space: {human_size(sum(size for _, size in removed))}\n")
    return 0
