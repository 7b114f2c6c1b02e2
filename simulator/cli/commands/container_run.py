"""`docker run` and `docker create` (cli/command/container/run.go, create.go): create the
container (pulling a missing image first), start it, then attach or print its ID. Exit codes:
125 for daemon failures, 126/127 for a command that cannot run, else the container's own."""
import posixpath

from ...engine.errors import DockerError, NotFound
from ...programs.base import Blocked
from ...shell import Shell
from ...terminal import ContainerShell, RealShell
from ..spec import handler
from . import container_opts
from .image_pull import pull


def start_error_status(message):
    """run.go toStatusError: 127 for a missing command, 126 for one that cannot execute."""
    if any(s in message for s in ("executable file not found", "no such file or directory",
                                   "system cannot find the file specified")):
        return 127
    if "permission denied" in message or "is a directory" in message:
        return 126
    return 125


def daemon_error(ctx, error):
    return ctx.with_help(f"Error response from daemon: {error.message}", start_error_status(error.message))


def create(ctx, opts, args, detach):
    """Create the container (writing its ID to --cidfile) after pulling a missing image."""
    cidfile = ctx.proc.path(opts.cidfile) if opts.cidfile else None
    if cidfile and ctx.proc.fs.exists(cidfile):
        raise ctx.with_help(f"container ID file found, make sure the other container isn't running or delete "
                            f"{opts.cidfile}")
    c = create_container(ctx, opts, args, detach)
    if cidfile:
        ctx.proc.fs.write(cidfile, c.id.encode())
    return c


def create_container(ctx, opts, args, detach):
    """Create the container, pulling its image when missing (`--pull` rules)."""
    config, host, networking, name = container_opts.build(ctx, opts, args, detach)
    image = config["Image"]
    engine = ctx.engine
    policy = opts.pull or "missing"
    if policy not in ("always", "missing", "never"):
        raise ctx.with_help(f'invalid pull option: \'{policy}\': must be one of "always", "missing" or "never"')
    try:
        if policy == "always":
            pull(ctx, image, ctx.err, quiet=opts.quiet)
        return engine.containers.create(config, host, networking, name)
    except NotFound as error:
        if not error.message.startswith("No such image") or policy == "never":
            raise daemon_error(ctx, error) from None
    except DockerError as error:
        raise daemon_error(ctx, error) from None
    ctx.err(f"Unable to find image '{engine.images.display_name(image)}' locally\n")
    try:
        pull(ctx, image, ctx.err, quiet=opts.quiet)
        return engine.containers.create(config, host, networking, name)
    except DockerError as error:
        raise daemon_error(ctx, error) from None


def warnings(ctx, c):
    if c.host_config["NetworkMode"] == "host" and c.host_config["PortBindings"]:
        ctx.err("WARNING: Published ports are discarded when using host network mode\n")


@handler("container create")
def create_command(ctx, opts, args):
    c = create(ctx, opts, args, detach=True)
    warnings(ctx, c)
    ctx.out(c.id + "\n")
    return 0


def print_logs(ctx, entries):
    for _, stream, text in entries:
        (ctx.out if stream == "stdout" else ctx.err)(text)


@handler("container run")
def run_command(ctx, opts, args):
    c = create(ctx, opts, args, opts.detach)
    warnings(ctx, c)
    engine = ctx.engine
    if opts.detach:
        ctx.out(c.id + "\n")
    logs, seen = c.logs, len(c.logs)
    stdin = ctx.proc.stdin if opts.interactive else ""
    try:
        interactive = not stdin and engine.containers.waits_for_input(c)
        engine.containers.start(c, stdin=stdin, terminal=ctx.terminal, interactive=interactive)
    except DockerError as error:
        raise daemon_error(ctx, error) from None
    if opts.detach:
        return 0
    if interactive:
        take_terminal(ctx, c)
        return 0
    return attach(ctx, c, logs, seen)


def take_terminal(ctx, c, starting=True):
    """The next lines typed go to the container's main shell (until it exits)."""
    engine = ctx.engine
    config = c.process["config"]
    if config.get("real"):
        frame = RealShell(c.id, config["shown"], config["prompt"])
    else:
        machine = engine.containers.machine(c)
        shell = Shell(engine.containers.process_env(c, machine), engine.containers.cwd(c),
                      name="bash" if posixpath.basename(c.path) == "bash" else "sh")
        frame = ContainerShell(c.id, shell, main=True, tty=bool(c.config.get("Tty")))
    hand_over(ctx, frame, bool(c.config.get("OpenStdin")), starting)


def hand_over(ctx, frame, reads_input, starting=True):
    """Give the terminal to a container's shell. Without a terminal (-i alone) it reads lines with
    no prompt; without input (-t alone) it prompts as it starts (an attach comes too late for
    that), but nothing typed reaches it: the terminal waits for Ctrl-C."""
    if not reads_input:
        ctx.out(frame.prompt(ctx.engine) if starting else "")
        raise Blocked()
    ctx.terminal.push(frame)


def attach(ctx, c, logs, seen):
    """Print what the container writes until it exits; a container that never exits blocks
    (the terminal interrupts it: Ctrl-C is forwarded to the container, as with --sig-proxy)."""
    engine = ctx.engine
    code = engine.containers.wait(c)
    now = engine.clock.now()
    print_logs(ctx, [entry for entry in logs[seen:] if entry[0] <= now])
    if code is None:
        if c.id in engine.containers.by_id and c.running:
            engine.containers.kill(c, "SIGINT")
        raise Blocked()
    return code
