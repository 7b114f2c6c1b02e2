"""`docker build`: BuildKit through buildx by default, the legacy builder with
DOCKER_BUILDKIT=0. Progress goes to stderr (plain, or the tty screen), `-q` prints the ID."""
import posixpath

from ...engine import reference
from ...engine.build.builder import BuildRequest
from ...engine.build.context import BuildContext, ContextError
from ...fs import FSError
from ..format import build_progress as progress
from ..spec import CliError, handler
from .image_pull import settle


def failed(cause):
    return CliError(f"ERROR: failed to build: {cause}", 1)


def key_values(items, env):
    """--build-arg / --label K=V pairs; a bare K takes its value from the environment."""
    found = {}
    for item in items or []:
        key, eq, value = item.partition("=")
        if eq:
            found[key] = value
        elif key in env:
            found[key] = env[key]
    return found


def request_from(ctx, opts, path):
    proc = ctx.proc
    fs = proc.fs
    for tag in opts.tag or []:
        try:
            reference.parse_normalized_named(tag)
        except ValueError as error:
            raise failed(f'invalid tag "{tag}": {error}') from None
    if path == "-":
        text, context, name = proc.stdin, None, "Dockerfile"
    else:
        root = proc.path(path)
        if not fs.is_dir(root):
            raise failed(f'unable to prepare context: path "{path}" not found')
        name = opts.file or "Dockerfile"
        location = proc.path(opts.file) if opts.file else posixpath.join(root, "Dockerfile")
        try:
            text = fs.read_text(location)
        except FSError:
            raise failed(f"failed to solve: failed to read dockerfile: open {name}: "
                         "no such file or directory") from None
        try:
            context = BuildContext.from_fs(fs, root)
        except ContextError as error:
            raise failed(f"unable to prepare context: {error}") from None
    return BuildRequest(text, context, name, list(opts.tag or []),
                        key_values(opts.build_arg, proc.env), key_values(opts.label, proc.env),
                        opts.target or "", opts.no_cache, opts.pull,
                        legacy=proc.env.get("DOCKER_BUILDKIT") == "0")


@handler("image build")
def build(ctx, opts, args):
    request = request_from(ctx, opts, args[0])
    if request.legacy:
        return legacy_build(ctx, opts, request)
    result = ctx.engine.builder.build(request)
    mode = "quiet" if opts.quiet else opts.progress
    if mode == "auto":
        mode = "tty" if ctx.tty else "plain"
    if mode == "tty":
        ctx.err(progress.tty(result, getattr(ctx.terminal, "width", 80)))
    elif mode != "quiet":
        ctx.err(progress.plain(result))
    if mode != "quiet":
        ctx.err(progress.warnings(result))
    if result.error is not None:
        raise CliError(progress.failure(result, with_logs=mode != "quiet").rstrip("\n"), 1)
    if opts.quiet:
        ctx.out(result.image.id + "\n")
    return 0


def legacy_build(ctx, opts, request):
    ctx.err(progress.LEGACY_NOTICE)
    result = ctx.engine.builder.build(request)
    size = request.context.size if request.context else len(request.dockerfile.encode())
    if not opts.quiet:
        ctx.out(progress.legacy(result, size, settle))
    error = result.error
    if error is not None:
        if error.vertex is not None and error.message.startswith("process "):
            command = error.message.split('"')[1]
            code = error.message.rsplit("exit code: ", 1)[-1]
            raise CliError(f"The command '{command}' returned a non-zero code: {code}", 1)
        raise CliError(f"Error response from daemon: {error.message}", 1)
    short = result.image.id.removeprefix("sha256:")[:12]
    if opts.quiet:
        ctx.out(result.image.id + "\n")
        return 0
    ctx.out(f"Successfully built {short}\n")
    for name in result.names:
        ctx.out(f"Successfully tagged {reference.parse_normalized_named(name).familiar_string()}\n")
    return 0
