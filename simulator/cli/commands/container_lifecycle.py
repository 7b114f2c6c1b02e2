"""start, stop, restart, kill, rm, pause, unpause, wait, rename, update and port: verbs that
act on containers named on the command line, echoing each name as typed (cli rm.go, stop.go...)
and reporting each failure on its own line, after the names that succeeded (the CLI joins the
errors and returns them at the end; only start reports each one as it happens)."""
import re

from ...engine.errors import DockerError, NotFound, StartFailed
from ...programs.base import Blocked
from ..spec import CliError, handler
from . import container_opts
from .container_run import attach, start_error_status, take_terminal


def each(ctx, names, action, echo=True, at_once=False):
    """Run action(container, typed name) for each name; daemon errors are printed one per line,
    after all the names unless at_once. Returns the names that failed."""
    failed, errors = [], []
    for name in names:
        try:
            action(ctx.engine.containers.find(name), name)
            if echo:
                ctx.out(name + "\n")
        except DockerError as error:
            (ctx.err if at_once else errors.append)(f"Error response from daemon: {error.message}\n")
            failed.append(name)
    for error in errors:
        ctx.err(error)
    return failed


@handler("container start")
def start(ctx, opts, args):
    engine = ctx.engine
    if opts.attach or opts.interactive:
        c = ctx.engine.containers.find(args[0])
        logs, seen = c.logs, len(c.logs)
        stdin = ctx.proc.stdin if opts.interactive else ""
        interactive = opts.interactive and not stdin and engine.containers.waits_for_input(c)
        try:
            engine.containers.start(c, stdin=stdin, interactive=interactive)
        except StartFailed as error:
            raise CliError(f"Error response from daemon: {error.message}", start_error_status(error.message)) from None
        if interactive:
            take_terminal(ctx, c)
            return 0
        return attach(ctx, c, logs, seen)
    failed = each(ctx, args, lambda c, name: engine.containers.start(c), at_once=True)
    if failed:
        raise CliError(f"Error: failed to start containers: {', '.join(failed)}")
    return 0


def _stop_args(opts):
    """The stop timeout of -t/--timeout, or of --time, its deprecated older name."""
    timeout = opts.timeout if opts.changed("timeout") else opts.time if opts.changed("time") else None
    return timeout, opts.signal or None


@handler("container stop")
def stop(ctx, opts, args):
    timeout, signal = _stop_args(opts)
    return 1 if each(ctx, args, lambda c, _: ctx.engine.containers.stop(c, timeout, signal)) else 0


@handler("container restart")
def restart(ctx, opts, args):
    timeout, signal = _stop_args(opts)
    return 1 if each(ctx, args, lambda c, _: ctx.engine.containers.restart(c, timeout, signal)) else 0


@handler("container kill")
def kill(ctx, opts, args):
    signal = opts.signal or "SIGKILL"
    return 1 if each(ctx, args, lambda c, name: ctx.engine.containers.kill(c, signal, typed=name)) else 0


@handler("container rm")
def rm(ctx, opts, args):
    errors = []
    for name in args:
        try:
            c = ctx.engine.containers.find(name)
            ctx.engine.containers.remove(c, force=opts.force, volumes=opts.volumes, typed=name)
            ctx.out(name + "\n")
        except DockerError as error:
            message = f"Error response from daemon: {error.message}\n"
            if opts.force and isinstance(error, NotFound):
                ctx.err(message)
            else:
                errors.append(message)
    for message in errors:
        ctx.err(message)
    return 1 if errors else 0


@handler("container pause")
def pause(ctx, opts, args):
    return 1 if each(ctx, args, lambda c, _: ctx.engine.containers.pause(c)) else 0


@handler("container unpause")
def unpause(ctx, opts, args):
    return 1 if each(ctx, args, lambda c, _: ctx.engine.containers.unpause(c)) else 0


@handler("container wait")
def wait(ctx, opts, args):
    codes = []

    def wait_one(c, _):
        code = ctx.engine.containers.wait(c)
        if code is None:
            raise Blocked()
        codes.append(code)
        ctx.out(f"{code}\n")

    return 1 if each(ctx, args, wait_one, echo=False) else 0


@handler("container rename")
def rename(ctx, opts, args):
    c = ctx.engine.containers.find(args[0])
    ctx.engine.containers.rename(c, args[1])
    return 0


@handler("container update")
def update(ctx, opts, args):
    changes = {}
    if opts.changed("restart"):
        changes["RestartPolicy"] = container_opts.restart_policy(ctx, opts.restart)
    if opts.changed("memory"):
        memory = container_opts.ram_in_bytes(opts.memory)
        if memory is None:
            raise container_opts.flag_error(ctx, "-m, --memory", opts.memory, f"invalid size: '{opts.memory}'")
        changes["Memory"] = memory
    if opts.changed("cpus"):
        changes["NanoCpus"] = int(round(opts.cpus * 1e9))
    if opts.changed("cpu-shares"):
        changes["CpuShares"] = opts.cpu_shares
    if opts.changed("pids-limit"):
        changes["PidsLimit"] = opts.pids_limit
    return 1 if each(ctx, args, lambda c, _: ctx.engine.containers.update(c, changes)) else 0


@handler("container port")
def port(ctx, opts, args):
    c = ctx.engine.containers.find(args[0])
    ports = c.ports or {}
    if len(args) == 2:
        number, _, proto = args[1].partition("/")
        key = f"{number}/{proto or 'tcp'}"
        if not ports.get(key):
            raise CliError(f"Error: No public port '{key}' published for {args[0]}")
        for binding in ports[key]:
            ctx.out(_host_port(binding) + "\n")
        return 0
    lines = [f"{key} -> {_host_port(b)}" for key, bindings in ports.items() for b in bindings or []]
    for line in sorted(lines, key=_natural):
        ctx.out(line + "\n")
    return 0


def _host_port(binding):
    ip = binding["HostIp"]
    return f"[{ip}]:{binding['HostPort']}" if ":" in ip else f"{ip}:{binding['HostPort']}"


def _natural(text):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
