"""`docker push`: the daemon's push stream, one settled line per layer (`Pushed`,
`Layer already exists`, `Mounted from library/node`), then `<tag>: digest: ... size: ...`."""
from ...engine import reference
from ...engine.errors import DockerError
from ..spec import CliError, handler
from .image_pull import parse_reference, show_pull
from .registry_login import logged_in_user


@handler("image push")
def push(ctx, opts, args):
    ref = parse_reference(args[0])
    if opts.all_tags and ref.tag:
        raise CliError("tag can't be used with --all-tags/-a")
    if not ref.tag and not ref.digest and not opts.all_tags:
        ctx.out("Using default tag: latest\n")
    tagged = reference.tag_name_only(ref)
    ctx.out(f"The push refers to repository [{tagged.name}]\n")
    user = logged_in_user(ctx.proc.fs, ctx.proc.machine.user.home,
                          "" if ref.domain == "docker.io" else ref.domain)
    names = [tagged.familiar_string()]
    if opts.all_tags:
        repo = ref.familiar_name()
        names = sorted(t for image in ctx.engine.images.by_id.values() for t in image.repo_tags
                       if t.rsplit(":", 1)[0] == repo) or names
    for name in names:
        try:
            result = ctx.engine.registries.push(name, user)
        except DockerError as error:
            raise CliError(error.message) from None
        if not opts.quiet:
            show_pull(ctx, result.messages, ctx.out)
        if result.error:
            raise CliError(result.error)
        if opts.quiet:
            ctx.out(name + "\n")
    return 0
