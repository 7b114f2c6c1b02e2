"""`docker save` and `docker load`: image archives as tar files on the host."""
from ...engine.errors import DockerError
from ...engine.registry import load as load_images, save as save_images
from ...fs import File, FSError
from ..spec import CliError, handler


@handler("image save")
def save(ctx, opts, args):
    if not opts.output and ctx.tty:
        raise CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    try:
        data, size = save_images(ctx.engine, args)
    except DockerError as error:
        raise CliError(f"Error response from daemon: {error.message}") from None
    if not opts.output:
        ctx.out(data.decode("ascii"))
        return 0
    path = ctx.proc.path(opts.output)
    try:
        ctx.proc.fs.put(path, File(data, mode=0o644, mtime=ctx.engine.clock.now(), size=size))
    except FSError as error:
        raise CliError(f"failed to save image: invalid output path: open {opts.output}: {error}") from None
    return 0


@handler("image load")
def load(ctx, opts, args):
    proc = ctx.proc
    if opts.input:
        try:
            data = proc.fs.read(proc.path(opts.input))
        except FSError as error:
            raise CliError(f"open {opts.input}: {str(error).lower()}") from None
    else:
        if not proc.stdin:
            raise CliError("requested load from stdin, but stdin is empty")
        data = proc.stdin.encode("utf-8", errors="replace")
    try:
        lines = load_images(ctx.engine, data)
    except DockerError as error:
        raise CliError(f"Error response from daemon: {error.message}") from None
    ctx.out("".join(line + "\n" for line in lines))
    return 0
