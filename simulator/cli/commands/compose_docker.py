"""What compose hands to the engine's builder and registry: here the simulator's own
`docker build` and `docker push`, so their rules, cache and messages are the same."""
import dataclasses
import posixpath

from ...engine.compose.errors import ComposeError
from .. import main


def builder_for(ctx, no_cache=False, args=(), quiet=False):
    """A function building `service` into image `tag`, or raising ComposeError."""
    proc = dataclasses.replace(ctx.proc, write_out=lambda text: None) if quiet else ctx.proc

    def build(service, tag):
        spec = service.build
        argv = ["build", "-t", tag, "-f", posixpath.join(spec.context, spec.dockerfile)]
        for key, value in spec.args.items():
            argv += ["--build-arg", f"{key}={value}"]
        for arg in args:
            argv += ["--build-arg", arg]
        if spec.target:
            argv += ["--target", spec.target]
        if no_cache:
            argv.append("--no-cache")
        if quiet:
            argv.append("--quiet")
        argv.append(spec.context)
        try:
            status = main.dispatch(proc, argv)
        except main.spec.CliError as error:
            raise ComposeError(error.message, error.status) from None
        if status:
            raise ComposeError("", status)
    return build


def push_image(ctx, image):
    """`docker push` of one image, quietly; ComposeError with docker's message on failure."""
    errors = []
    quiet = dataclasses.replace(ctx.proc, write_out=lambda text: None, write_err=errors.append)
    try:
        status = main.dispatch(quiet, ["push", "--quiet", image])
    except main.spec.CliError as error:
        raise ComposeError(error.message, error.status) from None
    if status:
        raise ComposeError("".join(errors).rstrip("\n"), status)
