"""How containers read in listings: the STATUS phrase (moby container/state.go), the quoted
COMMAND, the IMAGE column, PORTS (cli DisplayablePorts) and the row `docker ps` templates see."""
import datetime

from ...engine import health
from ..format.units import ago, human_duration, human_size_with_precision


def status_text(c, now, health=""):
    """moby State.String(); `health` is the healthcheck's state, "" when there is none."""
    state = c.state
    if state.status == "paused":
        return f"Up {human_duration(now - state.started_at)} (Paused)"
    if state.status == "restarting":
        return f"Restarting ({state.exit_code}) {human_duration(now - state.finished_at)} ago"
    if state.status == "running":
        shown = {"": "", "starting": " (health: starting)"}.get(health, f" ({health})")
        return f"Up {human_duration(now - state.started_at)}{shown}"
    if state.status == "removing":
        return "Removal In Progress"
    if state.status == "dead":
        return "Dead"
    if state.started_at is None:
        return "Created"
    return f"Exited ({state.exit_code}) {human_duration(now - state.finished_at)} ago"


def command_text(c):
    """Path and args, an argument with a space in single quotes (moby container/view.go)."""
    words = [c.path] + [f"'{a}'" if " " in a else a for a in c.args]
    return " ".join(words)


def ellipsis(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def go_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def image_text(engine, c):
    """The image as typed, or its short ID once that name points elsewhere."""
    image = engine.images.get(c.config.get("Image", ""))
    if image is None or image.id != c.image_id:
        return c.image_id.removeprefix("sha256:")[:12]
    return c.config["Image"]


def api_ports(ports):
    """The API's port list from a container's NetworkSettings.Ports."""
    out = []
    for key, bindings in (ports or {}).items():
        port, _, proto = key.partition("/")
        if not bindings:
            out.append({"IP": "", "PrivatePort": int(port), "PublicPort": 0, "Type": proto})
        for binding in bindings or []:
            out.append({"IP": binding["HostIp"], "PrivatePort": int(port), "PublicPort": int(binding["HostPort"]),
                        "Type": proto})
    return out


def join_host_port(ip, port):
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def displayable_ports(ports):
    if not ports:
        return ""
    ports = sorted(api_ports(ports), key=lambda p: (p["PrivatePort"], p["IP"], p["PublicPort"], p["Type"]))
    groups, order, result, mappings = {}, [], [], []
    for port in ports:
        current, key = port["PrivatePort"], port["Type"]
        if port["IP"]:
            if port["PublicPort"] != current:
                mappings.append(f"{join_host_port(port['IP'], port['PublicPort'])}->{current}/{port['Type']}")
                continue
            key = f"{port['IP']}/{port['Type']}"
        group = groups.get(key)
        if group is None:
            groups[key] = [current, current]
            order.append(key)
        elif current == group[1] + 1:
            group[1] = current
        else:
            result.append(_form_group(key, *group))
            groups[key] = [current, current]
    result += [_form_group(key, *groups[key]) for key in order]
    return ", ".join(result + mappings)


def _form_group(key, first, last):
    ip, _, proto = key.rpartition("/")
    group = str(first) if first == last else f"{first}-{last}"
    if ip:
        group = f"{join_host_port(ip, group)}->{group}"
    return f"{group}/{proto}"


def go_time(seconds):
    """Go's time.String() in UTC: `2024-05-01 10:00:00 +0000 UTC`."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _mounts(c, trunc):
    names = (m.get("Name") or m["Source"] for m in c.mounts)
    return ",".join(ellipsis(name, 15) if trunc else name for name in names)


def _labels(c):
    return ",".join(f"{k}={v}" for k, v in sorted((c.config.get("Labels") or {}).items()))


def _size(engine, c):
    return (f"{human_size_with_precision(engine.containers.size_rw(c))} "
            f"(virtual {human_size_with_precision(engine.containers.size_root_fs(c))})")


# A row's fields in `--format json`'s order (sorted), each computed only when a format reads it.
FIELDS = {
    "Command": lambda engine, c, now, trunc: go_quote(ellipsis(command_text(c), 20) if trunc else command_text(c)),
    "CreatedAt": lambda engine, c, now, trunc: go_time(c.created),
    "ID": lambda engine, c, now, trunc: c.id[:12] if trunc else c.id,
    "Image": lambda engine, c, now, trunc: image_text(engine, c),
    "Labels": lambda engine, c, now, trunc: _labels(c),
    "LocalVolumes": lambda engine, c, now, trunc: str(sum(1 for m in c.mounts if m["Type"] == "volume")),
    "Mounts": lambda engine, c, now, trunc: _mounts(c, trunc),
    "Names": lambda engine, c, now, trunc: c.name,
    "Networks": lambda engine, c, now, trunc: ",".join(sorted(c.networks)),
    "Ports": lambda engine, c, now, trunc: displayable_ports(c.ports),
    "RunningFor": lambda engine, c, now, trunc: ago(now, c.created),
    "Size": lambda engine, c, now, trunc: "",
    "State": lambda engine, c, now, trunc: c.state.status,
    "Status": lambda engine, c, now, trunc: status_text(c, now, health.state(engine, c)),
}


def row(engine, c, now, trunc=True, size=False, fields=None):
    """The fields `docker ps --format` templates see: all of them, or only those named in
    `fields` (what a format reads; see table.fields)."""
    names = FIELDS if fields is None else [name for name in FIELDS if name in fields]
    values = {name: FIELDS[name](engine, c, now, trunc) for name in names}
    if size and "Size" in values:
        values["Size"] = _size(engine, c)
    return values
