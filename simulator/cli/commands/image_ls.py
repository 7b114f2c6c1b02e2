"""`docker images` / `docker image ls`: one row per repository:tag, newest first, with the
daemon's filters (dangling, reference, before, since, label)."""
import fnmatch

from ...engine.errors import InvalidParameter
from ...engine.images import repository_of
from ...engine.state import parse_timestamp
from ..format.table import render
from ..format.units import ago, human_size_with_precision
from ..spec import CliError, handler
from .container_ls import has_label, parse_filters
from .container_view import go_time

DEFAULT = ("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}"
           "\t{{.Size}}")
DIGESTS = ("table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}"
           "{{else}}N/A{{end}}\t{{.Size}}")
HEADERS = {"Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "CreatedSince": "CREATED",
           "CreatedAt": "CREATED AT", "Size": "SIZE", "Digest": "DIGEST", "Containers": "CONTAINERS",
           "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE", "VirtualSize": "VIRTUAL SIZE"}
SUBCOMMANDS = {"build", "history", "import", "inspect", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"}
FILTERS = ("before", "dangling", "label", "reference", "since", "until")


def image_rows(engine, image, now, trunc, digests):
    """(repository, tag, digest) rows of one image, as the CLI expands them."""
    image_id = image.id[7:19] if trunc else image.id
    base = {"ID": image_id, "CreatedSince": ago(now, parse_timestamp(image.created)),
            "CreatedAt": go_time(parse_timestamp(image.created)),
            "Size": human_size_with_precision(image.size), "VirtualSize": human_size_with_precision(image.size),
            "Containers": "N/A", "SharedSize": "N/A", "UniqueSize": "N/A"}
    rows = []
    for tag in image.repo_tags:
        repo = repository_of(tag)
        digest = next((d.split("@", 1)[1] for d in image.repo_digests if repository_of(d) == repo), "<none>")
        rows.append({**base, "Repository": repo, "Tag": tag[len(repo) + 1:], "Digest": digest})
    if not rows:
        for ref in image.repo_digests:
            rows.append({**base, "Repository": repository_of(ref), "Tag": "<none>", "Digest": ref.split("@", 1)[1]})
    if not rows:
        rows.append({**base, "Repository": "<none>", "Tag": "<none>", "Digest": "<none>"})
    return [dict(sorted(row.items())) for row in rows]     # `--format json` order


def reference_match(row, patterns):
    name = f"{row['Repository']}:{row['Tag']}"
    return any(fnmatch.fnmatchcase(row["Repository"], p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def selected(engine, image, filters, show_all):
    dangling = not image.repo_tags
    if not show_all and dangling and engine.images.children(image):
        return False
    for key, values in filters.items():
        if key not in FILTERS:
            raise InvalidParameter(f"invalid filter '{key}'")
        if key == "dangling":
            wanted = values[-1].lower() in ("true", "1")
            if values[-1].lower() not in ("true", "false", "1", "0"):
                raise InvalidParameter(f"invalid filter 'dangling={values[-1]}'")
            if dangling != wanted:
                return False
        elif key == "label":
            if not all(has_label(image.config.get("Labels"), value) for value in values):
                return False
        elif key in ("before", "since"):
            other = engine.images.find(values[-1])
            mine, theirs = parse_timestamp(image.created), parse_timestamp(other.created)
            if (key == "before" and mine >= theirs) or (key == "since" and mine <= theirs):
                return False
    return True


@handler("image ls")
def images(ctx, opts, args):
    engine = ctx.engine
    if opts.tree:
        raise CliError("the tree view is not available in this lab")
    filters = parse_filters(opts.filter)
    if args:
        filters.setdefault("reference", []).append(args[0])
    found = [i for i in engine.images.list() if selected(engine, i, filters, opts.all)]
    now = engine.clock.now()
    rows = [r for i in found for r in image_rows(engine, i, now, not opts.no_trunc, opts.digests)]
    if "reference" in filters:
        rows = [r for r in rows if reference_match(r, filters["reference"])]
    if opts.quiet and not opts.format:
        ctx.out("".join(r["ID"] + "\n" for r in rows))      # one line per row: a tagged-twice image twice
    else:
        ctx.out(render(rows, opts.format, DIGESTS if opts.digests else DEFAULT, HEADERS))
    if args and not rows and args[0] in SUBCOMMANDS:
        ctx.err(f'\nNo images found matching "{args[0]}": did you mean "docker image {args[0]}"?\n')
    return 0
