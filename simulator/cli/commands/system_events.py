"""`docker events` / `docker system events` (cli/command/system/events.go): the daemon's events
in simulated time. With `--until` the list is finite; without it docker keeps waiting for
new events, which here ends as Ctrl-C would."""
from ...engine.errors import InvalidParameter
from ...programs.base import Blocked
from ..format.gotemplate import TemplateError
from ..spec import CliError, handler
from .container_process import fixed_nano, since_time
from .inspect import template
from .listing import checked_filters

FILTERS = ("container", "event", "image", "label", "network", "type", "volume")
TYPES = ("builder", "config", "container", "daemon", "image", "network", "node", "plugin", "secret", "service",
         "volume")


def matches(event, filters):
    attrs = event["attributes"]
    for key, values in filters.items():
        if key == "type":
            for value in values:
                if value not in TYPES:
                    raise InvalidParameter(f"Unknown event type: {value}")
            ok = event["type"] in values
        elif key == "event":
            ok = event["action"].split(":")[0] in values
        elif key in ("container", "network", "volume", "image"):
            ok = event["type"] == key and any(event["id"].startswith(v) or attrs.get("name") == v for v in values)
            if key == "image" and attrs.get("image") in values:
                ok = True
        else:
            ok = all(attrs.get(k) == v for k, _, v in (value.partition("=") for value in values))
        if not ok:
            return False
    return True


def message(event):
    """The fields a --format template sees (events.Message)."""
    seconds = int(event["time"])
    return {"Status": event["action"], "ID": event["id"], "From": event["attributes"].get("image", ""),
            "Type": event["type"], "Action": event["action"],
            "Actor": {"ID": event["id"], "Attributes": dict(event["attributes"])}, "Scope": "local",
            "Time": seconds, "TimeNano": int(event["time"] * 1e9)}


def line(event):
    attrs = ", ".join(f"{k}={v}" for k, v in sorted(event["attributes"].items()))
    text = f"{fixed_nano(event['time'])} {event['type']} {event['action']} {event['id']}"
    return text + (f" ({attrs})" if attrs else "") + "\n"


@handler("system events")
def events(ctx, opts, args):
    engine = ctx.engine
    now = engine.clock.now()
    since = since_time(opts.since, now, "since") if opts.since else (None if opts.until else now)
    until = since_time(opts.until, now, "until") if opts.until else None
    filters = checked_filters(opts.filter, FILTERS)
    tmpl = template(opts.format) if opts.format else None
    for event in engine.system.events(since, until):
        if not matches(event, filters):
            continue
        try:
            ctx.out(tmpl.execute(message(event)) + "\n" if tmpl else line(event))
        except TemplateError as error:
            raise CliError(str(error)) from None
    if until is None:
        raise Blocked("docker events")
    return 0
