"""`docker compose logs`, and the prefixed, per-service coloured log lines that attached
`up` prints too (`web-1  | ...`)."""
from ...engine.compose import durations
from ...engine.compose.errors import ComposeError
from ...engine.compose.project import NUMBER, SERVICE
from ...engine.state import parse_timestamp
from ...programs.base import Blocked
from ..flags import Flag
from ..format.units import rfc3339_nano
from .compose import verb

# compose's rotation of colours for the prefixes (pkg/compose/colors.go)
COLOURS = ["\x1b[36m", "\x1b[33m", "\x1b[32m", "\x1b[35m", "\x1b[34m", "\x1b[96m", "\x1b[93m",
           "\x1b[92m", "\x1b[95m", "\x1b[94m"]
RESET = "\x1b[0m"


def short_name(project, c):
    """The name compose shows for a container: without the `<project>-` prefix."""
    labels = c.config.get("Labels") or {}
    if labels.get(SERVICE) and labels.get(NUMBER) and c.name.startswith(project.name + "-"):
        return c.name[len(project.name) + 1:]
    return c.name


class LogPrinter:
    """Writes log lines with a padded `name | ` prefix, coloured per container on a TTY."""

    def __init__(self, ctx, containers, prefix=True, colour=None, timestamps=False):
        self.ctx, self.prefix, self.timestamps = ctx, prefix, timestamps
        self.colour = ctx.colour if colour is None else colour
        names = [short_name(ctx.project, c) for c in containers]
        self.width = max((len(n) for n in names), default=0)
        self.colours = {c.id: COLOURS[i % len(COLOURS)] for i, c in enumerate(containers)}

    def head(self, c):
        if not self.prefix:
            return ""
        text = f"{short_name(self.ctx.project, c).ljust(self.width)}  | "
        return f"{self.colours.get(c.id, '')}{text}{RESET}" if self.colour else text

    def lines(self, c, entries):
        for at, stream, text in entries:
            for line in text.splitlines():
                stamp = f"{rfc3339_nano(at)} " if self.timestamps else ""
                write = self.ctx.out if stream == "stdout" else self.ctx.err
                write(f"{self.head(c)}{stamp}{line}\n")

    def interleaved(self, containers, tail=None, since=None, until=None):
        """Every container's log (its last `tail` entries, between `since` and `until`),
        merged in time order as compose streams them."""
        entries = []
        for c in containers:
            logs = [e for e in c.logs if (since is None or e[0] >= since)
                    and (until is None or e[0] <= until)]
            logs = logs if tail is None else logs[len(logs) - tail:] if tail else []
            entries += [(entry[0], n, c, entry) for n, entry in enumerate(logs)]
        for _, _, c, entry in sorted(entries, key=lambda e: (e[0], e[1])):
            self.lines(c, [entry])

    def exited(self, c):
        head = short_name(self.ctx.project, c)
        text = f"{head} exited with code {c.state.exit_code}\n"
        self.ctx.out(f"{self.colours.get(c.id, '')}{text}{RESET}" if self.colour else text)


def _moment(flag, text, now):
    """--since/--until: an RFC 3339 time or a duration back from now (42m)."""
    if not text:
        return None
    try:
        return now - durations.parse(text)
    except ComposeError:
        pass
    try:
        return parse_timestamp(text)
    except ValueError:
        raise ComposeError(f'invalid value for "{flag}": failed to parse value as time or '
                           f'duration: "{text}"') from None


@verb("logs", "[OPTIONS] [SERVICE...]", "View output from containers", [
    Flag("follow", "f", bool, "Follow log output"),
    Flag("index", "", int, "index of the container if service has multiple replicas"),
    Flag("no-color", "", bool, "Produce monochrome output"),
    Flag("no-log-prefix", "", bool, "Don't print prefix in logs"),
    Flag("since", "", str, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative "
         "(e.g. 42m for 42 minutes)"),
    Flag("tail", "n", str, "Number of lines to show from the end of the logs for each container",
         default="all"),
    Flag("timestamps", "t", bool, "Show timestamps"),
    Flag("until", "", str, "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative "
         "(e.g. 42m for 42 minutes)"),
])
def logs(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    containers = ops.containers(args or None)
    if opts.index:
        containers = [c for c in containers if c.config["Labels"].get(NUMBER) == str(opts.index)]
    tail = None if opts.tail in ("all", "-1") else max(0, int(opts.tail) if opts.tail.isdigit()
                                                       else 0)
    printer = LogPrinter(ctx, containers, prefix=not opts.no_log_prefix,
                         colour=False if opts.no_color else None, timestamps=opts.timestamps)
    now = ctx.engine.clock.now()
    printer.interleaved(containers, tail, _moment("since", opts.since, now),
                        _moment("until", opts.until, now))
    if opts.follow and any(c.running for c in containers):
        raise Blocked()
