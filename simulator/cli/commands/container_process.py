"""What runs inside a container: logs, attach, exec, top, stats."""
import datetime
import re
import time

from ...engine.errors import StartFailed
from ...engine.processes import container_processes
from ...engine.state import parse_timestamp
from ...engine.system import MEM_TOTAL
from ...programs.base import Blocked
from ...programs.files import names_table
from ...runtime.simulated import is_interactive_shell
from ...shell import Shell
from ...terminal import ContainerShell, RealShell
from ..format.table import render
from ..format.units import bytes_size, human_size_with_precision
from ..spec import CliError, handler
from .container_opts import duration_seconds
from .container_run import attach as attach_output, hand_over, take_terminal
from .container_view import command_text

TOP_HEADERS = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]


def since_time(text, now, flag):
    """Docker's GetTimestamp: RFC3339 dates, Unix seconds, or a duration back from now."""
    seconds = duration_seconds(text)
    if seconds is not None:
        return now - seconds
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        return parse_timestamp(text if "T" in text or len(text) > 10 else text + "T00:00:00Z")
    except ValueError:
        raise CliError(f'invalid value for "{flag}": parsing time "{text}" as "2006-01-02T15:04:05Z07:00": '
                       "cannot parse \"" + text + '" as "2006"') from None


def log_lines(entries):
    """[(time, stream, line)] with each entry split into its lines."""
    out = []
    for at, stream, text in entries:
        for line in text.splitlines(keepends=True):
            out.append((at, stream, line))
    return out


def fixed_nano(seconds):
    """jsonmessage.RFC3339NanoFixed: always nine fraction digits."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond:06d}000Z"


@handler("container logs")
def logs(ctx, opts, args):
    engine = ctx.engine
    c = ctx.engine.containers.find(args[0])
    now = engine.clock.now()
    if opts.follow:
        engine.containers.wait(c)
    lines = log_lines(engine.containers.visible_logs(c))
    if opts.since:
        start = since_time(opts.since, now, "since")
        lines = [entry for entry in lines if entry[0] >= start]
    if opts.until:
        end = since_time(opts.until, now, "until")
        lines = [entry for entry in lines if entry[0] <= end]
    if opts.tail not in ("all", ""):
        try:
            count = int(opts.tail)
        except ValueError:
            count = -1
        if count >= 0:
            lines = lines[len(lines) - count:] if count else []
    for at, stream, line in lines:
        text = (fixed_nano(at) + " " if opts.timestamps else "") + (" " if opts.details else "") + line
        (ctx.out if stream == "stdout" else ctx.err)(text)
    if opts.follow and c.running:
        raise Blocked()
    return 0


@handler("container attach")
def attach(ctx, opts, args):
    engine = ctx.engine
    c = ctx.engine.containers.find(args[0])
    if c.state.status == "paused":
        raise CliError("You cannot attach to a paused container, unpause it first")
    if not c.running:
        raise CliError("You cannot attach to a stopped container, start it first")
    if c.process and c.process.get("config", {}).get("interactive") and not opts.no_stdin:
        take_terminal(ctx, c, starting=False)
        return 0
    return attach_output(ctx, c, c.logs, len(c.logs))


@handler("container exec")
def exec_command(ctx, opts, args):
    engine = ctx.engine
    c = ctx.engine.containers.find(args[0])
    argv = args[1:]
    env = list(opts.env)
    try:
        engine.containers.check_exec(c)
        if opts.workdir and not opts.workdir.startswith("/"):
            raise CliError("Error response from daemon: the working directory '" + opts.workdir +
                           "' is invalid, it needs to be an absolute path")
        machine = engine.containers.machine(c)
        if opts.user:
            try:
                machine.user = engine.containers.user(c, machine.fs, opts.user)
            except StartFailed as error:   # an exec that never starts exits 126 (moby daemon/exec.go)
                raise CliError(error.message, 126) from None
        waits = (opts.tty or opts.interactive and not ctx.proc.stdin) and not opts.detach
        if waits and is_interactive_shell(machine.fs, argv, engine.containers.process_env(c, machine),
                                          opts.workdir or engine.containers.cwd(c)):
            environment = engine.containers.process_env(c, machine, tty=opts.tty)
            environment.update(dict(e.split("=", 1) for e in env if "=" in e))
            real = opts.interactive and engine.containers.exec_shell(c, machine, argv, environment, opts.workdir,
                                                                     opts.tty)
            if real:
                frame = RealShell(c.id, real[1], real[2], real[0])
            else:
                shell = Shell(environment, opts.workdir or engine.containers.cwd(c),
                              name="bash" if argv[0].endswith("bash") else "sh")
                frame = ContainerShell(c.id, shell, main=False, user=opts.user, tty=opts.tty)
            hand_over(ctx, frame, opts.interactive)
            return 0
        quiet = opts.detach
        return engine.containers.exec(
            c, argv, (lambda t: None) if quiet else ctx.out, (lambda t: None) if quiet else ctx.err, env=env,
            workdir=opts.workdir, user=opts.user, stdin=ctx.proc.stdin if opts.interactive else "",
            tty=opts.tty, terminal=ctx.terminal)
    except StartFailed as error:
        raise CliError(error.message, error.exit_code) from None


@handler("container top")
def top(ctx, opts, args):
    engine = ctx.engine
    c = ctx.engine.containers.find(args[0])
    if c.state.status not in ("running", "paused"):
        raise CliError(f"Error response from daemon: container {c.id} is not running")
    started = c.state.started_at or engine.clock.now()
    stime = time.strftime("%H:%M", time.gmtime(started))
    users = names_table(ctx.proc, "/etc/passwd", 2) if ctx.proc.fs is not None else {}
    rows = [TOP_HEADERS]
    for p in processes_of(engine, c)[0]:
        host_pid = c.state.pid + p.pid - 1
        parent = c.state.pid - 21 if p.pid == 1 else c.state.pid
        rows.append([ps_user(users, p.uid), str(host_pid), str(parent), "0", stime, "?", "00:00:00", p.command])
    widths = [max(20, max(len(r[i]) for r in rows) + 3) for i in range(len(TOP_HEADERS))]
    for r in rows:
        ctx.out("".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:-1])) + r[-1] + "\n")
    return 0


def processes_of(engine, c):
    uid = engine.containers.user(c, engine.containers.fs(c)).uid
    return container_processes(c, engine.containers.argv(c), uid)


def ps_user(users, uid):
    """How procps names a user: its name (7 characters and a + when longer) or else the number."""
    name = users.get(uid) or ("root" if uid == 0 else str(uid))
    return name if len(name) <= 8 else name[:7] + "+"


STATS = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
STATS_HEADERS = {"ID": "CONTAINER ID", "Container": "CONTAINER", "Name": "NAME", "CPUPerc": "CPU %",
                 "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
                 "PIDs": "PIDS"}


def stats_row(engine, c, trunc):
    running = c.state.status in ("running", "paused")
    seed = int(c.id[:8], 16)
    listed, tasks = processes_of(engine, c) if running else ([], 0)
    # a server at rest: its processes' resident memory, give or take 5%
    usage = sum(p.memory for p in listed) * (950 + seed % 101) // 1000
    limit = c.host_config.get("Memory") or MEM_TOTAL
    received = (seed % 5000 + 800) if running else 0
    return {"ID": c.id[:12] if trunc else c.id, "Container": c.id[:12], "Name": c.name,
            "CPUPerc": f"{(seed % 7) / 100 if running else 0:.2f}%",
            "MemUsage": f"{bytes_size(usage)} / {bytes_size(limit if running else 0)}",
            "MemPerc": f"{usage / limit * 100 if running else 0:.2f}%",
            "NetIO": f"{human_size_with_precision(received)} / {human_size_with_precision(received // 7)}"
            if running else "0B / 0B",
            "BlockIO": f"{human_size_with_precision(seed % 900_000)} / 0B" if running else "0B / 0B",
            "PIDs": str(tasks)}


@handler("container stats")
def stats(ctx, opts, args):
    engine = ctx.engine
    if args:
        containers = [ctx.engine.containers.find(name) for name in args]
    else:
        containers = [c for c in engine.containers.newest_first()
                      if opts.all or c.state.status in ("running", "paused")]
    rows = [stats_row(engine, c, not opts.no_trunc) for c in containers]
    ctx.out(render(rows, opts.format, STATS, STATS_HEADERS))
    if not opts.no_stream:
        raise Blocked()
    return 0
