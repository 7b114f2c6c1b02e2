"""`docker inspect`, `docker container inspect`, `docker image inspect`: JSON as Go's
json.MarshalIndent writes it (4 spaces, <>& escaped), or each object through `-f`."""
import json

from ...engine import inspect as views
from ...engine.errors import DockerError
from .. import messages as msg
from ..format.gotemplate import Template, TemplateError
from ..format.gotypes import CONTAINER, IMAGE
from ..spec import CliError, handler


def go_json(value):
    text = json.dumps(value, indent=4, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def template(fmt):
    try:
        return Template(fmt.replace("\\n", "\n").replace("\\t", "\t"))
    except TemplateError as error:
        raise CliError(msg.TEMPLATE_PARSE.format(error=error), 64) from None


def show(ctx, fmt, objects, errors):
    """Print the objects found, then the errors; exit 1 when any name or template failed. The CLI
    buffers what the template printed and writes it, or an empty line, before the errors."""
    if fmt:
        tmpl = template(fmt)
        printed = []
        for typed, _ in objects:
            try:
                printed.append(tmpl.execute(typed) + "\n")
            except TemplateError as error:
                errors = errors + [msg.TEMPLATE_PARSE.format(error=error)]
        ctx.out("".join(printed) or "\n")
    else:
        ctx.out(go_json([plain for _, plain in objects]) + "\n")
    for error in errors:
        ctx.err(error + "\n")
    return 1 if errors else 0


def find_container(ctx, name, size):
    c = ctx.engine.containers.find(name)
    data = views.container(ctx.engine, c, size)
    return CONTAINER.view(data), data


def find_image(ctx, name, _size):
    img = ctx.engine.images.find(name)
    return IMAGE.view(views.image(ctx.engine, img, typed=True)), views.image(ctx.engine, img)


def collect(ctx, names, finders, size=False, missing=None):
    objects, errors = [], []
    for name in names:
        for finder in finders:
            try:
                objects.append(finder(ctx, name, size))
                break
            except DockerError as error:
                last = error
        else:
            errors.append(missing.format(name=name) if missing else f"Error response from daemon: {last.message}")
    return objects, errors


@handler("container inspect")
def container_inspect(ctx, opts, args):
    return show(ctx, opts.format, *collect(ctx, args, [find_container], opts.size))


@handler("image inspect")
def image_inspect(ctx, opts, args):
    return show(ctx, opts.format, *collect(ctx, args, [find_image]))


@handler("inspect")
def inspect(ctx, opts, args):
    if opts.type and opts.type not in INSPECTORS:
        raise CliError(f'"{opts.type}" is not a valid value for --type')
    finders = [INSPECTORS[opts.type]] if opts.type else list(INSPECTORS.values())
    missing = None if opts.type else "Error: No such object: {name}"
    return show(ctx, opts.format, *collect(ctx, args, finders, opts.size, missing))


# Object kinds `docker inspect` searches, in order; volume and network modules add theirs:
# INSPECTORS["volume"] = finder(ctx, name, size) -> (typed, plain), raising DockerError.
INSPECTORS = {"container": find_container, "image": find_image}
