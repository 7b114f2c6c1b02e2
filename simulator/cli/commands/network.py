"""`docker network create|ls|inspect|connect|disconnect|rm|prune` (cli/command/network/*.go)."""
import ipaddress

from ...engine.errors import DockerError, InvalidParameter, NotFound
from ...terminal import prompt_action
from ..format.gotypes import NETWORK
from ..format.table import render
from ..spec import CliError, handler
from .container_view import go_time
from .listing import checked_filters, confirm, has_label, inspect_verb, keep_filter, natural_key

DEFAULT = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv4": "IPV4",
           "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT"}
PRUNE_WARNING = "WARNING! This will remove all custom networks not used by at least one container."


def _ip_network(text):
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise CliError(f"invalid CIDR address: {text}") from None


def _ip(text, what):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise CliError(f"invalid {what} address: {text}") from None


def consolidate_ipam(subnets, ranges, gateways):
    """The CLI's checks of --subnet/--ip-range/--gateway (network/create.go consolidateIpam):
    (subnet, ip_range, gateway) of the first subnet."""
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise CliError("every ip-range or gateway must have a corresponding subnet")
    nets = [_ip_network(s) for s in subnets]
    for i, one in enumerate(nets):
        if any(one.overlaps(other) for other in nets[i + 1:]):
            raise CliError("multiple overlapping subnet configuration is not supported")
    chosen = {str(n): {"range": "", "gateway": ""} for n in nets}
    for text in ranges:
        owner = next((n for n in nets if _ip_network(text).subnet_of(n)), None)
        if owner is None:
            raise CliError(f"no matching subnet for range {text}")
        chosen[str(owner)]["range"] = str(_ip_network(text))
    for text in gateways:
        owner = next((n for n in nets if _ip(text, "gateway") in n), None)
        if owner is None:
            raise CliError(f"no matching subnet for gateway {text}")
        chosen[str(owner)]["gateway"] = text
    if not nets:
        return "", "", ""
    first = chosen[str(nets[0])]
    return str(nets[0]), first["range"], first["gateway"]


@handler("network create")
def create(ctx, opts, args):
    subnet, ip_range, gateway = consolidate_ipam(opts.subnet, opts.ip_range, opts.gateway)
    labels = dict(entry.partition("=")[::2] for entry in opts.label)
    net = ctx.engine.networks.create(args[0], driver=opts.driver, subnet=subnet, gateway=gateway,
                                     ip_range=ip_range, internal=opts.internal, labels=labels,
                                     options=dict(opts.opt), attachable=opts.attachable, ipv6=opts.ipv6)
    ctx.out(net.id + "\n")
    return 0


def row(net, trunc=True):
    return {"ID": net.id[:12] if trunc else net.id, "Name": net.name, "Driver": net.driver, "Scope": net.scope,
            "IPv4": "true", "IPv6": str(net.enable_ipv6).lower(), "Internal": str(net.internal).lower(),
            "Labels": ",".join(f"{k}={v}" for k, v in sorted(net.labels.items())),
            "CreatedAt": go_time(net.created)}


def matches(engine, net, filters):
    for key, values in filters.items():
        if key == "driver" and net.driver not in values:
            return False
        if key == "name" and not any(v in net.name for v in values):
            return False
        if key == "id" and not any(net.id.startswith(v) for v in values):
            return False
        if key == "label" and not all(has_label(net.labels, v) for v in values):
            return False
        if key == "scope" and net.scope not in values:
            return False
        if key == "type":
            for value in values:
                if value not in ("custom", "builtin"):
                    raise InvalidParameter(f"invalid filter: 'type'='{value}'")
            if ("custom" if net.user_defined else "builtin") not in values:
                return False
        if key == "dangling":
            unused = net.user_defined and not engine.networks.members(net)
            if any((v.lower() in ("true", "1")) != unused for v in values):
                return False
    return True


@handler("network ls")
def ls(ctx, opts, args):
    engine = ctx.engine
    filters = checked_filters(opts.filter, ("dangling", "driver", "id", "label", "name", "scope", "type"))
    nets = sorted(engine.networks.all(), key=lambda n: natural_key(n.name))
    rows = [row(n, not opts.no_trunc) for n in nets if matches(engine, n, filters)]
    ctx.out(render(rows, opts.format, DEFAULT, HEADERS, quiet=opts.quiet))
    return 0


handler("network inspect")(inspect_verb(
    "network", lambda engine, name: engine.networks.inspect(engine.networks.find(name)), NETWORK))


@handler("network connect")
def connect(ctx, opts, args):
    ctx.engine.networks.connect(args[0], args[1], aliases=opts.alias, ip=opts.ip)
    return 0


@handler("network disconnect")
def disconnect(ctx, opts, args):
    ctx.engine.networks.disconnect(args[0], args[1], force=opts.force)
    return 0


@handler("network rm")
def rm(ctx, opts, args):
    status = 0
    for name in args:
        try:
            ctx.engine.networks.remove(name)
        except NotFound:
            if opts.force:
                continue
            ctx.err(f"Error response from daemon: network {name} not found\n")
            status = 1
            continue
        except DockerError as error:
            ctx.err(f"Error response from daemon: {error.message}\n")
            status = 1
            continue
        ctx.out(name + "\n")
    if status:                         # cli network/remove.go: StatusError{Status: "exit status 1"}
        ctx.err("exit status 1\n")
    return status


@handler("network prune")
def prune(ctx, opts, args):
    keep_filter(ctx.engine, opts.filter)
    if opts.force:
        return prune_networks(ctx.engine, ctx.out, ctx.err, filters=opts.filter)
    return confirm(ctx, PRUNE_WARNING, "network prune", {"filters": opts.filter})


def pruned_networks(engine, filters=()):
    """The report of a network prune (no reclaimed space: networks take none)."""
    names = engine.networks.prune(keep_filter(engine, filters))
    return "Deleted Networks:\n" + "".join(n + "\n" for n in names) if names else ""


@prompt_action("network prune")
def prune_networks(engine, out, err, filters=()):
    report = pruned_networks(engine, filters)
    if report:
        out(report + "\n")
    return 0

