"""Building a service's image: compose hands the build section to the builder, which here is
the simulator's own `docker build` (same Dockerfile rules, cache and output)."""
import posixpath

from ...engine.compose.errors import ComposeError
from .. import main


def builder_for(ctx, no_cache=False, args=()):
    """A function building `service` into image `tag`, or raising ComposeError."""
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
        argv.append(spec.context)
        try:
            status = main.dispatch(ctx.proc, argv)
        except main.spec.CliError as error:
            raise ComposeError(error.message, error.status) from None
        if status:
            raise ComposeError("", status)
    return build
