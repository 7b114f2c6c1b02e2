"""`docker compose` verbs that only look: ps, config, images, top, port, ls."""
import json
import re

from ...engine.compose import config as compose_config
from ...engine import health
from ...engine.compose.errors import ComposeError
from ...engine.compose.project import PROJECT, SERVICE
from ..flags import Flag
from ..format.display import truncate_id
from ..format.table import render
from ..format.units import human_size_with_precision
from . import container_view
from .compose import verb

PS_TABLE = ("table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t"
            "{{.Status}}\t{{.Ports}}")
PS_HEADERS = {"Name": "NAME", "Image": "IMAGE", "Command": "COMMAND", "Service": "SERVICE",
              "RunningFor": "CREATED", "Status": "STATUS", "Ports": "PORTS", "ID": "CONTAINER ID",
              "State": "STATE", "Health": "HEALTH", "ExitCode": "EXIT CODE",
              "Project": "PROJECT"}


def publishers(c):
    """ContainerSummary.Publishers: the API's port list under compose's names."""
    ports = sorted(container_view.api_ports(c.ports),
                   key=lambda p: (p["PrivatePort"], p["Type"]))
    return [{"URL": p["IP"], "TargetPort": p["PrivatePort"], "PublishedPort": p["PublicPort"],
             "Protocol": p["Type"]} for p in ports]


def go_json(value):
    """encoding/json: UTF-8 kept, <, > and & escaped for HTML safety."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ps_row(ctx, c, no_trunc=False):
    """What `docker compose ps` templates see: docker's container fields (compose formats with
    the docker CLI's formatter, health in STATUS included), and compose's own fields."""
    labels = c.config.get("Labels") or {}
    fields = container_view.row(ctx.engine, c, ctx.engine.clock.now(), trunc=not no_trunc)
    fields.update({"Name": c.name, "Project": labels.get(PROJECT, ""),
                   "Service": labels.get(SERVICE, ""), "Health": health.state(ctx.engine, c),
                   "ExitCode": c.state.exit_code, "Publishers": publishers(c)})
    return dict(sorted(fields.items()))


@verb("ps", "[OPTIONS] [SERVICE...]", "List containers", [
    Flag("all", "a", bool, "Show all stopped containers (including those created by the run "
         "command)"),
    Flag("filter", "", str, "Filter services by a property (supported filters: status)"),
    Flag("format", "", str, "Format output using a custom template:\n'table':            Print "
         "output in table format with column headers (default)\n'table TEMPLATE':   Print output "
         "in table format using the given Go template\n'json':             Print in JSON format\n"
         "'TEMPLATE':         Print output using the given Go template.", default="table"),
    Flag("no-trunc", "", bool, "Don't truncate output"),
    Flag("orphans", "", bool, "Include orphaned services (not declared by project)",
         default=True),
    Flag("quiet", "q", bool, "Only display IDs"),
    Flag("services", "", bool, "Display services"),
    Flag("status", "", list, "Filter services by status. Values: [paused | restarting | removing "
         "| running | dead | created | exited]", metavar="stringArray"),
])
def ps(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    statuses = list(opts.status)
    if opts.filter:
        key, _, value = opts.filter.partition("=")
        if key != "status":
            raise ComposeError(f"no such filter: {key}")
        statuses.append(value)
    containers = sorted(ops.containers(args or None, stopped=opts.all or bool(statuses),
                                       oneoff=None), key=lambda c: c.name)
    if not opts.orphans:
        containers = [c for c in containers
                      if c.config["Labels"].get(SERVICE) in ctx.project.services]
    if statuses:
        containers = [c for c in containers if c.state.status in statuses]
    if opts.services:
        names = []
        for c in containers:
            service = c.config["Labels"].get(SERVICE)
            if service not in names:
                names.append(service)
        ctx.out("".join(f"{name}\n" for name in names))
        return 0
    if opts.quiet:
        ctx.out("".join(f"{c.id if opts.no_trunc else c.id[:12]}\n" for c in containers))
        return 0
    rows = [ps_row(ctx, c, opts.no_trunc) for c in containers]
    if opts.format == "json":
        ctx.out("".join(go_json(row) + "\n" for row in rows))
        return 0
    ctx.out(render(rows, opts.format, PS_TABLE, PS_HEADERS))


@verb("config", "[OPTIONS] [SERVICE...]", "Parse, resolve and render compose file in "
      "canonical format", [
          Flag("format", "", str, 'Format the output. Values: [yaml | json]', default="yaml"),
          Flag("images", "", bool, "Print the image names, one per line."),
          Flag("no-interpolate", "", bool, "Don't interpolate environment variables"),
          Flag("output", "o", str, "Save to file (default to stdout)"),
          Flag("profiles", "", bool, "Print the profile names, one per line."),
          Flag("quiet", "q", bool, "Only validate the configuration, don't print anything"),
          Flag("services", "", bool, "Print the service names, one per line."),
          Flag("volumes", "", bool, "Print the volume names, one per line."),
      ])
def config(ctx, opts, args):
    project = ctx.project
    for name in args:
        if name not in project.services:
            raise ComposeError(f"no such service: {name}")
    if opts.quiet:
        return 0
    if opts.services:
        text = "".join(f"{name}\n" for name in project.dependency_order())
    elif opts.volumes:
        text = "".join(f"{key}\n" for key in project.volumes)
    elif opts.images:
        text = "".join(f"{s.image or f'{project.name}-{s.name}'}\n"
                       for s in project.services.values())
    elif opts.profiles:
        text = ""
    else:
        document = compose_config.document(project, args)
        text = (json.dumps(document, indent=2) + "\n" if opts.format == "json"
                else compose_config.to_yaml(document))
    if opts.output:
        path = ctx.proc.path(opts.output)
        ctx.proc.fs.write(path, text.encode())
        return 0
    ctx.out(text)


@verb("images", "[OPTIONS] [SERVICE...]", "List images used by the created containers", [
    Flag("format", "", str, "Format the output. Values: [table | json]", default="table"),
    Flag("quiet", "q", bool, "Only display IDs")])
def images(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    rows = []
    for c in ops.containers(args or None):
        image = ctx.engine.images.by_id.get(c.image_id)
        if image is None:
            continue
        repo, _, tag = (image.repo_tags[0] if image.repo_tags else "<none>:<none>").rpartition(":")
        rows.append({"Container": c.name, "Repository": repo, "Tag": tag,
                     "Platform": f"{image.os}/{image.architecture}",
                     "ID": truncate_id(image.id), "Size": human_size_with_precision(image.size)})
    if opts.quiet:
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return 0
    if opts.format == "json":
        ctx.out(json.dumps(rows) + "\n")
        return 0
    ctx.out(render(rows, "", "table {{.Container}}\t{{.Repository}}\t{{.Tag}}\t{{.Platform}}\t"
                   "{{.ID}}\t{{.Size}}", {"Container": "CONTAINER", "Repository": "REPOSITORY",
                                            "Tag": "TAG", "Platform": "PLATFORM",
                                            "ID": "IMAGE ID", "Size": "SIZE"}))


@verb("port", "[OPTIONS] SERVICE PRIVATE_PORT", "Print the public port for a port binding", [
    Flag("index", "", int, "Index of the container if service has multiple replicas", default=0),
    Flag("protocol", "", str, "tcp or udp", default="tcp")], min_args=2)
def port(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args[:1])
    found = ops.containers([args[0]], stopped=False)
    index = opts.index or 1
    if len(found) < index:
        raise ComposeError(f"service \"{args[0]}\" is not running")
    c = found[index - 1]
    bindings = c.ports.get(f"{args[1]}/{opts.protocol}") or []
    if not bindings:
        raise ComposeError(f"no port {args[1]}/{opts.protocol} for container {c.name}: []")
    first = bindings[0]
    ctx.out(f"{first['HostIp'] or '0.0.0.0'}:{first['HostPort']}\n")


@verb("top", "[SERVICES...]", "Display the running processes")
def top(ctx, opts, args):
    """The daemon's process list of each container (what `docker top` shows), in compose's
    tighter table (tabwriter minwidth 5, padding 3)."""
    ops = ctx.operations()
    ops.selected(args)
    for c in ops.containers(args or None, stopped=False):
        listing = []
        ctx.docker(["top", c.id], out=listing.append)
        rows = [re.split(r"\s{2,}", line.rstrip(), maxsplit=7)
                for line in "".join(listing).splitlines()]
        widths = [max(5, max(len(row[i]) for row in rows) + 3) for i in range(len(rows[0]) - 1)]
        table = "".join("".join(cell.ljust(width) for cell, width in zip(row, widths))
                        + row[-1] + "\n" for row in rows)
        ctx.out(f"{c.name}\n{table}\n")


@verb("stats", "[OPTIONS] [SERVICE]", "Display a live stream of container(s) resource usage "
      "statistics", [
          Flag("all", "a", bool, "Show all containers (default shows just running)"),
          Flag("format", "", str, "Format output using a custom template"),
          Flag("no-stream", "", bool, "Disable streaming stats and only pull the first result"),
          Flag("no-trunc", "", bool, "Do not truncate output")])
def stats(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    names = [c.name for c in ops.containers(args or None, stopped=opts.all)]
    flags = [flag for flag, on in (("--no-stream", opts.no_stream), ("--no-trunc", opts.no_trunc))
             if on] + (["--format", opts.format] if opts.format else [])
    ctx.docker(["stats", *flags, *names])


@verb("cp", "[OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- "
      "SERVICE:DEST_PATH", "Copy files/folders between a service container and the local "
      "filesystem", [
          Flag("archive", "a", bool, "Archive mode (copy all uid/gid information)"),
          Flag("follow-link", "L", bool, "Always follow symbol link in SRC_PATH"),
          Flag("index", "", int, "Index of the container if service has multiple replicas")],
      min_args=2)
def cp(ctx, opts, args):
    ops = ctx.operations()
    paths = []
    for arg in args[:2]:
        service, sep, path = arg.partition(":")
        if sep and service in ctx.project.services:
            found = ops.containers([service])
            index = opts.index or 1
            if len(found) < index:
                raise ComposeError(f'service "{service}" has no container')
            arg = f"{found[index - 1].id}:{path}"
        paths.append(arg)
    flags = [flag for flag, on in (("--archive", opts.archive), ("--follow-link",
                                                                  opts.follow_link)) if on]
    ctx.docker(["cp", *flags, *paths])


@verb("ls", "[OPTIONS]", "List running compose projects", [
    Flag("all", "a", bool, "Show all stopped Compose projects"),
    Flag("format", "", str, "Format the output. Values: [table | json]", default="table"),
    Flag("quiet", "q", bool, "Only display project names.")], needs_project=False)
def ls(ctx, opts, args):
    ctx.engine.containers.refresh()
    projects = {}
    for c in ctx.engine.containers.all():
        labels = c.config.get("Labels") or {}
        name = labels.get(PROJECT)
        if name:
            projects.setdefault(name, []).append(c)
    rows = []
    for name, members in sorted(projects.items()):
        counts = {}
        for c in members:
            counts[c.state.status] = counts.get(c.state.status, 0) + 1
        if not opts.all and "running" not in counts:
            continue
        status = ", ".join(f"{state}({n})" for state, n in sorted(counts.items()))
        files = members[0].config["Labels"].get("com.docker.compose.project.config_files", "")
        rows.append({"Name": name, "Status": status, "ConfigFiles": files})
    if opts.quiet:
        ctx.out("".join(f"{row['Name']}\n" for row in rows))
    elif opts.format == "json":
        ctx.out(json.dumps(rows) + "\n")
    else:
        ctx.out(render(rows, "", "table {{.Name}}\t{{.Status}}\t{{.ConfigFiles}}",
                       {"Name": "NAME", "Status": "STATUS", "ConfigFiles": "CONFIG FILES"}))
