"""`docker compose build`, `pull` and `push`. Compose hands builds and pushes to the engine's
builder and registry: here the simulator's own `docker build` and `docker push`, so their
rules, cache and messages are the same."""
import posixpath

from ...engine.compose.errors import ComposeError
from ...engine.compose.output import ERROR
from ..flags import Flag
from .compose import verb


def builder_for(ctx, no_cache=False, args=(), quiet=False):
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
        if quiet:
            argv.append("--quiet")
        ctx.docker(argv + [spec.context], out=(lambda text: None) if quiet else None)
    return build


def push_image(ctx, image):
    """`docker push` of one image, quietly; ComposeError with docker's message on failure."""
    errors = []
    try:
        ctx.docker(["push", "--quiet", image], out=lambda text: None, err=errors.append)
    except ComposeError as error:
        raise ComposeError(str(error) or "".join(errors).rstrip("\n"), error.status) from None


@verb("pull", "[OPTIONS] [SERVICE...]", "Pull service images", [
    Flag("ignore-buildable", "", bool, "Ignore images that can be built"),
    Flag("ignore-pull-failures", "", bool, "Pull what it can and ignores images with pull "
         "failures"),
    Flag("include-deps", "", bool, "Also pull services declared as dependencies"),
    Flag("quiet", "q", bool, "Pull without printing progress information")])
def pull(ctx, opts, args):
    ops = ctx.operations()
    names = ops.selected(args, with_dependencies=opts.include_deps)
    for name in names:
        service = ctx.project.services[name]
        if not service.image:
            ops.progress.event(name, "Skipped - No image to be pulled", working="Pulling",
                               text=True)
            continue
        try:
            ops.pull(service, quiet=opts.quiet)
        except ComposeError:
            if not opts.ignore_pull_failures:
                raise


@verb("push", "[OPTIONS] [SERVICE...]", "Push service images", [
    Flag("ignore-push-failures", "", bool, "Push what it can and ignores images with push "
         "failures"),
    Flag("include-deps", "", bool, "Also push images of services declared as dependencies"),
    Flag("quiet", "q", bool, "Push without printing progress information")])
def push(ctx, opts, args):
    ops = ctx.operations()
    for name in ops.selected(args, with_dependencies=opts.include_deps):
        service = ctx.project.services[name]
        if not service.build:
            continue
        image = ops.image_name(service)
        ops.progress.working(f"Image {image}", "Pushing")
        try:
            push_image(ctx, image)
        except ComposeError:
            ops.progress.event(f"Image {image}", "Error", ERROR)
            if not opts.ignore_push_failures:
                raise
            continue
        ops.progress.event(f"Image {image}", "Pushed")


@verb("build", "[OPTIONS] [SERVICE...]", "Build or rebuild services", [
    Flag("build-arg", "", list, "Set build-time variables for services", metavar="stringArray"),
    Flag("no-cache", "", bool, "Do not use cache when building the image"),
    Flag("pull", "", bool, "Always attempt to pull a newer version of the image"),
    Flag("quiet", "q", bool, "Don't print anything to STDOUT")])
def build(ctx, opts, args):
    ops = ctx.operations()
    ctx.quiet = ctx.quiet or opts.quiet
    builder = builder_for(ctx, no_cache=opts.no_cache, args=opts.build_arg, quiet=opts.quiet)
    for name in ops.selected(args, with_dependencies=False):
        service = ctx.project.services[name]
        if service.build:
            ops.build(service, builder)
