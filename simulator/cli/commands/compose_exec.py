"""`docker compose exec` and `docker compose run`: a command in a service's running container,
or in a new one-off container of the service (`<project>-<service>-run-<id>`)."""
import posixpath

from ...engine.compose.errors import ComposeError
from ...engine.errors import DockerError
from ...programs.base import Blocked
from ...runtime.simulated import is_interactive_shell
from ...shell import Shell
from ...terminal import ContainerShell
from ..flags import Flag
from .compose import verb
from .compose_images import builder_for

ENV = Flag("env", "e", list, "Set environment variables", metavar="stringArray")
USER = Flag("user", "u", str, "Run the command as this user")
WORKDIR = Flag("workdir", "w", str, "Path to workdir directory for this command")


def _interactive_shell(ctx, c, argv):
    containers = ctx.engine.containers
    machine = containers.machine(c)
    return (ctx.terminal_available() and
            is_interactive_shell(machine.fs, argv, containers.process_env(c, machine),
                                 containers.cwd(c)))


def _open_shell(ctx, c, argv, main, user="", workdir=""):
    containers = ctx.engine.containers
    machine = containers.machine(c)
    name = posixpath.basename(argv[0])
    shell = Shell(containers.process_env(c, machine), workdir or containers.cwd(c),
                  name="bash" if name == "bash" else "sh")
    ctx.proc.terminal.push(ContainerShell(c.id, shell, main=main, user=user))


@verb("exec", "[OPTIONS] SERVICE COMMAND [ARGS...]", "Execute a command in a running container", [
    Flag("detach", "d", bool, "Detached mode: Run command in the background"), ENV,
    Flag("index", "", int, "Index of the container if service has multiple replicas"),
    Flag("no-tty", "T", bool, "Disable pseudo-TTY allocation. By default `docker compose exec` "
         "allocates a TTY."),
    Flag("privileged", "", bool, "Give extended privileges to the process"), USER, WORKDIR,
], interspersed=False, min_args=2)
def exec_(ctx, opts, args):
    service, argv = args[0], args[1:]
    ops = ctx.operations()
    ops.selected([service])
    running = ops.containers([service], stopped=False)
    index = opts.index or 1
    if len(running) < index:
        raise ComposeError(f'service "{service}" is not running')
    c = running[index - 1]
    if not opts.no_tty and not opts.detach and _interactive_shell(ctx, c, argv):
        ctx.engine.containers.check_exec(c)
        _open_shell(ctx, c, argv, main=False, user=opts.user, workdir=opts.workdir)
        return 0
    sink = (lambda text: None) if opts.detach else None
    return ctx.engine.containers.exec(
        c, argv, sink or ctx.out, sink or ctx.err, env=opts.env, workdir=opts.workdir,
        user=opts.user, stdin=ctx.proc.stdin, tty=not opts.no_tty)


@verb("run", "[OPTIONS] SERVICE [COMMAND] [ARGS...]", "Run a one-off command on a service", [
    Flag("build", "", bool, "Build image before starting container"),
    Flag("detach", "d", bool, "Run container in background and print container ID"),
    Flag("entrypoint", "", str, "Override the entrypoint of the image"), ENV,
    Flag("interactive", "i", bool, "Keep STDIN open even if not attached", default=True),
    Flag("name", "", str, "Assign a name to the container"),
    Flag("no-TTY", "T", bool, "Disable pseudo-TTY allocation (default: auto-detected)"),
    Flag("no-deps", "", bool, "Don't start linked services"),
    Flag("publish", "p", list, "Publish a container's port(s) to the host", metavar="stringArray"),
    Flag("quiet-pull", "", bool, "Pull without printing progress information"),
    Flag("remove-orphans", "", bool, "Remove containers for services not defined in the Compose "
         "file"),
    Flag("rm", "", bool, "Automatically remove the container when it exits"),
    Flag("service-ports", "P", bool, "Run command with all service's ports enabled and mapped "
         "to the host"),
    USER, WORKDIR,
], interspersed=False, min_args=1)
def run(ctx, opts, args):
    name, command = args[0], args[1:] or None
    ops = ctx.operations()
    service = ctx.project.services.get(name)
    if service is None:
        raise ComposeError(f"no such service: {name}")
    _start_dependencies(ctx, ops, service, opts)
    ops.ensure_images([name], opts.build, builder_for(ctx))
    c = _create_one_off(ctx, ops, service, command, opts)
    if opts.detach:
        ctx.engine.containers.start(c)
        ctx.out(f"{c.name}\n")
        return 0
    argv = ctx.engine.containers.argv(c)
    if not opts.no_TTY and opts.interactive and _interactive_shell(ctx, c, argv):
        ctx.engine.containers.start(c, terminal=ctx.proc.terminal, interactive=True)
        _open_shell(ctx, c, argv, main=True, user=opts.user, workdir=opts.workdir)
        return 0
    seen = len(c.logs)
    ctx.engine.containers.start(c, stdin=ctx.proc.stdin)
    code = ctx.engine.containers.wait(c)
    for _, stream, text in c.logs[seen:]:
        (ctx.out if stream == "stdout" else ctx.err)(text)
    if code is None:
        raise Blocked()
    return code


def _start_dependencies(ctx, ops, service, opts):
    """`run` brings the service's dependencies up first, like `up -d` would."""
    deps = [] if opts.no_deps else [n for n in ops.project.dependency_order([service.name])
                                     if n != service.name]
    ops.ensure_images(deps, False, builder_for(ctx))
    ops.ensure_networks(deps + [service.name])
    ops.ensure_volumes(deps + [service.name])
    for dep in deps:
        containers = ops.containers([dep])
        if not containers:
            containers = ops.create_service(ctx.project.services[dep])
        ops.start_service(ctx.project.services[dep], containers)
    ctx.finish()
    ops.progress = ctx.progress = ctx.new_progress(ctx.err)


def _create_one_off(ctx, ops, service, command, opts):
    image = ctx.engine.images.find(ops.image_name(service))
    name = opts.name or ops.container_name(service, 1, oneoff=True)
    env = list(opts.env)
    config, host_config, networking = ops.request(service, image, 1, name, oneoff=True,
                                                  command=command, env=env)
    if opts.entrypoint:
        config["Entrypoint"] = opts.entrypoint.split()
    if opts.user:
        config["User"] = opts.user
    if opts.workdir:
        config["WorkingDir"] = opts.workdir
    if opts.service_ports:
        host_config["PortBindings"] = ops.bindings(service)
    for spec in opts.publish:
        published, _, target = spec.rpartition(":")
        target, _, proto = target.partition("/")
        host_config["PortBindings"].setdefault(f"{target}/{proto or 'tcp'}", []).append(
            {"HostIp": "", "HostPort": published})
    tty = not opts.no_TTY and ctx.proc.tty
    config.update({"Tty": tty, "OpenStdin": opts.interactive, "AttachStdin": opts.interactive})
    host_config["AutoRemove"] = opts.rm       # the daemon removes it when it exits
    try:
        return ctx.engine.containers.create(config, host_config, networking, name)
    except DockerError as error:
        raise ComposeError(f"Error response from daemon: {error.message}") from None
