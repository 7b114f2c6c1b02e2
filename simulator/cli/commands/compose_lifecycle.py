"""`docker compose` verbs that change the project: up, down, create, start, stop, restart, kill,
rm, pause, unpause, scale, wait."""
from ...engine import health
from ...engine.compose.errors import ComposeError
from ...engine.compose.model import check_scale
from ...engine.compose.output import ERROR, Progress
from ...programs.base import Blocked
from ..flags import Flag
from .compose import verb
from .compose_images import builder_for
from .compose_logs import LogPrinter, short_name

TIMEOUT = Flag("timeout", "t", int, "Specify a shutdown timeout in seconds", default=-1)


def _timeout(opts):
    return None if opts.timeout < 0 else opts.timeout


def _scale(values, project):
    """--scale SERVICE=NUM options, checked before anything is done."""
    scale = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not number.isdigit():
            raise ComposeError(f"invalid --scale option {value!r}. Should be SERVICE=NUM")
        if name not in project.services:
            raise ComposeError(f"no such service: {name}")
        check_scale(project.services[name], int(number))
        scale[name] = int(number)
    return scale


UP_FLAGS = [
    Flag("abort-on-container-exit", "", bool, "Stops all containers if any container was "
         "stopped. Incompatible with -d"),
    Flag("build", "", bool, "Build images before starting containers"),
    Flag("detach", "d", bool, "Detached mode: Run containers in the background"),
    Flag("force-recreate", "", bool, "Recreate containers even if their configuration and image "
         "haven't changed"),
    Flag("no-build", "", bool, "Don't build an image, even if it's policy"),
    Flag("no-color", "", bool, "Produce monochrome output"),
    Flag("no-deps", "", bool, "Don't start linked services"),
    Flag("no-log-prefix", "", bool, "Don't print prefix in logs"),
    Flag("no-recreate", "", bool, "If containers already exist, don't recreate them. "
         "Incompatible with --force-recreate."),
    Flag("no-start", "", bool, "Don't start the services after creating them"),
    Flag("pull", "", str, 'Pull image before running ("always"|"missing"|"never")',
         default="policy"),
    Flag("quiet-pull", "", bool, "Pull without printing progress information"),
    Flag("remove-orphans", "", bool, "Remove containers for services not defined in the Compose "
         "file"),
    Flag("scale", "", list, "Scale SERVICE to NUM instances. Overrides the scale setting in the "
         "Compose file if present.", metavar="scale"),
    TIMEOUT,
    Flag("wait", "", bool, "Wait for services to be running|healthy. Implies detached mode."),
]


def _create(ctx, ops, args, opts, with_dependencies=True):
    """What `up` and `create` share: images, networks, volumes, then each service's
    containers converged; {service: its containers}, in dependency order."""
    if opts.force_recreate and opts.no_recreate:
        raise ComposeError("--force-recreate and --no-recreate are incompatible")
    if opts.pull not in ("policy", "missing", "always", "never", "build"):
        raise ComposeError(f"invalid --pull option {opts.pull!r}")
    services = ops.selected(args, with_dependencies)
    scale = _scale(opts.scale, ctx.project)
    ops.handle_orphans(opts.remove_orphans)
    ops.ensure_images(services, opts.build and not opts.no_build, builder_for(ctx), opts.pull,
                      opts.quiet_pull)
    ops.ensure_networks(services)
    ops.ensure_volumes(services)
    return {name: ops.create_service(ctx.project.services[name], scale.get(name),
                                     opts.force_recreate, opts.no_recreate)
            for name in services}


@verb("up", "[OPTIONS] [SERVICE...]", "Create and start containers", UP_FLAGS)
def up(ctx, opts, args):
    if opts.detach and opts.abort_on_container_exit:
        raise ComposeError("--abort-on-container-exit and --detach are incompatible options")
    ops = ctx.operations()
    planned = _create(ctx, ops, args, opts, with_dependencies=not opts.no_deps)
    services = list(planned)
    if opts.no_start:
        return 0
    detached = opts.detach or opts.wait
    if not detached:
        ctx.finish()
        ops.progress = Progress(lambda text: None)    # attached: starting is silent
    for name in services:
        ops.start_service(ctx.project.services[name], planned[name])
    containers = [c for name in services for c in planned[name]]
    if opts.wait:
        _wait_healthy(ops, containers)
    if detached:
        return 0
    return _attach(ctx, ops, containers, opts)


def _attach(ctx, ops, containers, opts):
    """Attached `up`: the services' output until they all exit, one exits (with
    --abort-on-container-exit), or Ctrl-C stops them."""
    engine = ctx.engine
    ctx.out(f"Attaching to {', '.join(short_name(ctx.project, c) for c in containers)}\n")
    printer = LogPrinter(ctx, containers, prefix=not opts.no_log_prefix,
                         colour=False if opts.no_color else None)
    ends = {c.id: engine.containers.wait_time(c) for c in containers}
    finite = sorted((c for c in containers if ends[c.id] is not None), key=lambda c: ends[c.id])
    if opts.abort_on_container_exit and finite:
        first = finite[0]
        engine.containers.wait(first)
        printer.interleaved(containers)
        printer.exited(first)
        ctx.out("Aborting on container exit...\n")
        _stop_all(ctx, ops)
        return first.state.exit_code
    if len(finite) == len(containers):
        for c in finite:
            engine.containers.wait(c)
        printer.interleaved(containers)
        for c in finite:
            printer.exited(c)
        return 0
    printer.interleaved(containers)
    for c in sorted((c for c in containers if not c.running), key=lambda c: c.state.finished_at):
        printer.exited(c)
    ctx.out("Gracefully stopping... (press Ctrl+C again to force)\n")
    _stop_all(ctx, ops)
    raise Blocked()


def _stop_all(ctx, ops):
    ops.progress = ctx.progress = ctx.new_progress(ctx.err)
    ops.stop()
    ctx.finish()


def _wait_healthy(ops, containers):
    """`up --wait`: every container running, and healthy where it has a healthcheck."""
    for c in containers:
        event = f"Container {c.name}"
        state = health.wait(ops.engine, c) if c.running else "exited"
        if state != "healthy":
            ops.progress.event(event, "Error", ERROR, working="Waiting")
            raise ComposeError(f"container {c.name} is {state}")
        ops.progress.event(event, "Healthy", working="Waiting")


@verb("down", "[OPTIONS] [SERVICES]", "Stop and remove containers, networks", [
    Flag("remove-orphans", "", bool, "Remove containers for services not defined in the Compose "
         "file"),
    Flag("rmi", "", str, 'Remove images used by services. "local" remove only images that don\'t '
         'have a custom tag ("local"|"all")'),
    TIMEOUT,
    Flag("volumes", "v", bool, "Remove named volumes declared in the \"volumes\" section of the "
         "Compose file and anonymous volumes attached to containers"),
])
def down(ctx, opts, args):
    if opts.rmi not in ("", "local", "all"):
        raise ComposeError(f"invalid value for --rmi: {opts.rmi}")
    ctx.operations().down(opts.volumes, opts.rmi, opts.remove_orphans, _timeout(opts))


CREATE_FLAGS = ["build", "force-recreate", "no-build", "no-recreate", "pull", "quiet-pull",
                "remove-orphans", "scale"]


@verb("create", "[OPTIONS] [SERVICE...]", "Creates containers for a service",
      [flag for flag in UP_FLAGS if flag.name in CREATE_FLAGS])
def create(ctx, opts, args):
    _create(ctx, ctx.operations(), args, opts)


@verb("start", "[SERVICE...]", "Start services")
def start(ctx, opts, args):
    ops = ctx.operations()
    for name in ops.selected(args, with_dependencies=False):
        containers = ops.containers([name])
        if not containers:
            raise ComposeError(f'service "{name}" has no container to start')
        ops.start_service(ctx.project.services[name], containers)


@verb("stop", "[OPTIONS] [SERVICE...]", "Stop services", [TIMEOUT])
def stop(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    ops.stop(args, _timeout(opts))


@verb("restart", "[OPTIONS] [SERVICE...]", "Restart service containers", [
    Flag("no-deps", "", bool, "Don't restart dependent services"), TIMEOUT])
def restart(ctx, opts, args):
    ops = ctx.operations()
    order = ops.selected(args, with_dependencies=False)
    for name in order:
        for c in ops.containers([name]):
            ctx.engine.containers.restart(c, _timeout(opts))
            ops.progress.event(f"Container {c.name}", "Started", working="Restarting")


@verb("kill", "[OPTIONS] [SERVICE...]", "Force stop service containers", [
    Flag("remove-orphans", "", bool, "Remove containers for services not defined in the Compose "
         "file"),
    Flag("signal", "s", str, "SIGNAL to send to the container", default="SIGKILL")])
def kill(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    for c in ops.containers(args or None, stopped=False):
        ctx.engine.containers.kill(c, opts.signal)
        ops.progress.event(f"Container {c.name}", "Killed", working="Killing")


@verb("rm", "[OPTIONS] [SERVICE...]", "Removes stopped service containers", [
    Flag("force", "f", bool, "Don't ask to confirm removal"),
    Flag("stop", "s", bool, "Stop the containers, if required, before removing"),
    Flag("volumes", "v", bool, "Remove any anonymous volumes attached to containers")])
def rm(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    if opts.stop:
        ops.stop(args)
    stopped = [c for c in ops.containers(args or None) if not c.running]
    if not stopped:
        ctx.err("No stopped containers\n")
        return 0
    if not opts.force:
        ctx.out(f"Going to remove {', '.join(c.name for c in stopped)}\n")
    for c in stopped:
        ops.remove_container(c, volumes=opts.volumes)


def _each_running(ctx, args, action, working, done):
    ops = ctx.operations()
    ops.selected(args)
    for c in ops.containers(args or None, stopped=False):
        action(c)
        ops.progress.event(f"Container {c.name}", done, working=working)


@verb("pause", "[SERVICE...]", "Pause services")
def pause(ctx, opts, args):
    _each_running(ctx, args, ctx.engine.containers.pause, "Pausing", "Paused")


@verb("unpause", "[SERVICE...]", "Unpause services")
def unpause(ctx, opts, args):
    _each_running(ctx, args, ctx.engine.containers.unpause, "Unpausing", "Unpaused")


@verb("scale", "[SERVICE=REPLICAS...]", "Scale services ", [
    Flag("no-deps", "", bool, "Don't start linked services")])
def scale(ctx, opts, args):
    ops = ctx.operations()
    wanted = _scale(args, ctx.project)
    names = ops.selected(list(wanted), with_dependencies=not opts.no_deps)
    ops.ensure_networks(names)
    ops.ensure_volumes(names)
    for name in names:
        service = ctx.project.services[name]
        ops.start_service(service, ops.create_service(service, wanted.get(name)))


@verb("wait", "SERVICE [SERVICE...] [OPTIONS]", "Block until containers of all (or specified) "
      "services stop.", [Flag("down-project", "", bool, "Drops project when the first container "
                              "stops")], min_args=1)
def wait(ctx, opts, args):
    ops = ctx.operations()
    ops.selected(args)
    containers = ops.containers(args)
    codes = [ctx.engine.containers.wait(c) for c in containers]
    if None in codes:
        raise Blocked()
    ctx.out("".join(f"{code}\n" for code in codes))
    if opts.down_project:
        ops.down()
    return max(codes, default=0)
