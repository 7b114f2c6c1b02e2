"""`docker system df [-v]` (cli/command/formatter/disk_usage.go): the summary table, or the
verbose sections with shared and unique image sizes."""
from ...engine.state import parse_timestamp
from ..format.table import render
from ..format.units import ago, human_size, human_size_with_precision
from ..spec import handler
from .container_view import command_text, ellipsis, go_quote, image_text, status_text

SUMMARY = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
SUMMARY_HEADERS = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE",
                   "Reclaimable": "RECLAIMABLE"}
IMAGES = ("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t"
          "{{.UniqueSize}}\t{{.Containers}}")
IMAGE_HEADERS = {"Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "CreatedSince": "CREATED",
                 "Size": "SIZE", "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE",
                 "Containers": "CONTAINERS"}
CONTAINERS = ("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t"
              "{{.Status}}\t{{.Names}}")
CONTAINER_HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "LocalVolumes": "LOCAL VOLUMES",
                     "Size": "SIZE", "RunningFor": "CREATED", "Status": "STATUS", "Names": "NAMES"}
VOLUMES = "table {{.Name}}\t{{.Links}}\t{{.Size}}"
VOLUME_HEADERS = {"Name": "VOLUME NAME", "Links": "LINKS", "Size": "SIZE"}
CACHE = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}"
CACHE_HEADERS = {"ID": "CACHE ID", "CacheType": "CACHE TYPE", "Size": "SIZE", "CreatedSince": "CREATED",
                 "LastUsedSince": "LAST USED", "UsageCount": "USAGE", "Shared": "SHARED"}
ACTIVE_STATES = ("running", "paused", "restarting")


def reclaimable(amount, total, percent=True):
    text = human_size(amount)
    return f"{text} ({amount * 100 // total}%)" if percent and total > 0 else text


def summary_rows(usage):
    images, containers, volumes, cache = (usage["images"], usage["containers"], usage["volumes"],
                                          usage["build_cache"])
    layers = usage["layers_size"]
    in_use = sum(i["size"] - i["shared"] for i in images if i["containers"])
    running = [c for c in containers if c["container"].state.status in ACTIVE_STATES]
    container_total = sum(c["size"] for c in containers)
    volume_total = sum(v["size"] for v in volumes)
    cache_total = sum(r.size for r in cache)
    return [
        {"Type": "Images", "TotalCount": str(len(images)), "Active": str(sum(1 for i in images if i["containers"])),
         "Size": human_size(layers), "Reclaimable": reclaimable(layers - in_use, layers)},
        {"Type": "Containers", "TotalCount": str(len(containers)), "Active": str(len(running)),
         "Size": human_size(container_total),
         "Reclaimable": reclaimable(container_total - sum(c["size"] for c in running), container_total)},
        {"Type": "Local Volumes", "TotalCount": str(len(volumes)),
         "Active": str(sum(1 for v in volumes if v["links"])), "Size": human_size(volume_total),
         "Reclaimable": reclaimable(sum(v["size"] for v in volumes if not v["links"]), volume_total)},
        {"Type": "Build Cache", "TotalCount": str(len(cache)), "Active": "0", "Size": human_size(cache_total),
         "Reclaimable": reclaimable(cache_total, cache_total, percent=False)},
    ]


def image_rows(usage, now):
    rows = []
    for entry in usage["images"]:
        image = entry["image"]
        fields = {"ID": image.id.removeprefix("sha256:")[:12], "CreatedSince": ago(now, parse_timestamp(image.created)),
                  "Size": human_size_with_precision(entry["size"]), "SharedSize": human_size(entry["shared"]),
                  "UniqueSize": human_size(entry["size"] - entry["shared"]), "Containers": str(entry["containers"])}
        tags = [t.rsplit(":", 1) for t in image.repo_tags] or [["<none>", "<none>"]]
        rows += [{"Repository": repo, "Tag": tag, **fields} for repo, tag in tags]
    return rows


def container_rows(engine, usage, now):
    rows = []
    for entry in usage["containers"]:
        c = entry["container"]
        rows.append({"ID": c.id[:12], "Image": image_text(engine, c),
                     "Command": go_quote(ellipsis(command_text(c), 20)),
                     "LocalVolumes": str(sum(1 for m in c.mounts if m["Type"] == "volume")),
                     "Size": human_size_with_precision(entry["size"]), "RunningFor": ago(now, c.created),
                     "Status": status_text(c, now), "Names": c.name})
    return rows


def volume_rows(usage):
    return [{"Name": v["volume"].name, "Links": str(v["links"]), "Size": human_size(v["size"])}
            for v in usage["volumes"]]


def cache_rows(usage, now):
    return [{"ID": r.id[:12], "CacheType": r.kind, "Size": human_size_with_precision(r.size),
             "CreatedSince": ago(now, r.created), "LastUsedSince": ago(now, r.last_used),
             "UsageCount": str(r.usage), "Shared": "false"} for r in usage["build_cache"]]


def verbose(engine, usage):
    now = engine.clock.now()
    cache_size = human_size(sum(r.size for r in usage["build_cache"]))
    sections = [("Images space usage:\n\n", render(image_rows(usage, now), None, IMAGES, IMAGE_HEADERS)),
                ("\nContainers space usage:\n\n", render(container_rows(engine, usage, now), None, CONTAINERS,
                                                        CONTAINER_HEADERS)),
                ("\nLocal Volumes space usage:\n\n", render(volume_rows(usage), None, VOLUMES, VOLUME_HEADERS)),
                (f"\nBuild cache usage: {cache_size}\n\n", render(cache_rows(usage, now), None, CACHE, CACHE_HEADERS))]
    return "".join(title + table for title, table in sections)


@handler("system df")
def df(ctx, opts, args):
    usage = ctx.engine.system.disk_usage()
    if opts.verbose and not opts.format:
        ctx.out(verbose(ctx.engine, usage))
        return 0
    ctx.out(render(summary_rows(usage), opts.format, SUMMARY, SUMMARY_HEADERS))
    return 0
