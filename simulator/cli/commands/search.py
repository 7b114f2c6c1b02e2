"""`docker search`: Docker Hub's repositories from the catalog, best matches first. The AUTOMATED
column left the default table in Docker 25 (docker/cli#4413); `{{.IsAutomated}}` stays empty."""
from ... import catalog
from ..format.display import ellipsis
from ..format.table import render
from ..spec import CliError, handler
from .container_ls import parse_filters

DEFAULT = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
HEADERS = {"Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL",
           "IsAutomated": "AUTOMATED"}


@handler("search")
def search(ctx, opts, args):
    limit = opts.limit if opts.changed("limit") else 25
    if not 1 <= limit <= 100:
        raise CliError(f"Error response from daemon: limit {limit} is outside the range of [1, 100]")
    filters = parse_filters(opts.filter)
    for key in filters:
        if key not in ("stars", "is-official", "is-automated"):
            raise CliError(f"Error response from daemon: invalid filter '{key}'")
    stars = max([int(v) for v in filters.get("stars", []) if v.isdigit()] or [0])
    official = filters.get("is-official", [""])[-1].lower()
    rows = []
    for name, description, count, is_official in catalog.search(args[0])[:limit]:
        if count < stars or (official == "true" and not is_official) or (official == "false" and is_official):
            continue
        rows.append({"Name": name, "StarCount": str(count), "IsOfficial": "[OK]" if is_official else "",
                     "Description": description if opts.no_trunc else ellipsis(description, 45),
                     "IsAutomated": ""})
    ctx.out(render(rows, opts.format, DEFAULT, HEADERS))
    return 0
