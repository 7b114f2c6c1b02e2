"""The engine's Linux runtime: the same interface as the simulated one (start, exec), plus what a
real process needs (poll, wait, signal, pause, unpause, release). Images, containers and output stay the shared
engine's; only the process runs for real, on the container's filesystem written out to disk
and read back when it ends.

A container's main process is awaited for a moment: when it ends within ATTACH_WAIT its exit
code is returned like the simulated runtime's; otherwise it keeps running (a Running marked
`real`) and the engine polls, waits for, signals and releases it through this object. Any process can pick
a running container up again from its directory, so sessions survive serialisation."""
import os
import shutil
import signal as signals
import time

from ...engine.errors import StartFailed, exec_failure, runc_failure
from ...engine.inspect import dns_names
from ...fs import FSError
from ...limits import INTERRUPT, LimitExceeded
from ...programs.base import SIGNALS, Running
from ...programs.common import member_groups
from ..exit_code import ExitCode
from . import cgroups, checks, console, container, network, rootfs, sync, volumes
from .container import Handle, Mount, Spec, StartError
from .reaper import reap, scratch

DEFAULT_ROOT = "/var/lib/slipway/linux"
ATTACH_WAIT = 0.2               # seconds a start waits for the process to end by itself
STOP_WAIT = 0.5                 # seconds a signal is given to end the process
EXEC_TIMEOUT = 60.0
REAL_WAIT = 30.0                # seconds `docker wait` or an attached run waits for a real process
SCRATCH_SIZE = "1g"             # tmpfs for every container's writable layer, logs and mounts


def _setting(name, default):
    return float(os.environ.get(name, default))


class LinuxRuntime:
    name = "linux"

    def __init__(self, root=None, key="engine", network=False):
        self.root = root or os.environ.get("SLIPWAY_LINUX_ROOT", DEFAULT_ROOT)
        self.key = key          # the engine's, telling its shared volumes from another's
        self.network = network  # a private bridge per engine network (network.py), else lo only
        # Operator bounds a student cannot raise: per container memory, processes, wall clock.
        self.max_memory = int(_setting("SLIPWAY_LINUX_MEMORY", 256 * 1024 * 1024))
        self.max_pids = int(_setting("SLIPWAY_LINUX_PIDS", 128))
        self.timeout = _setting("SLIPWAY_LINUX_TIMEOUT", 600)
        self._ready = False

    # --- the runtime interface ------------------------------------------------------------
    def start(self, machine, argv, env, cwd, write_out, write_err, stdin="", tty=False, terminal=None):
        """Run a container's main process: its exit code, or a Running. Raises StartFailed."""
        c = machine.container
        handle = self._start(machine, c.id, argv, env, cwd, stdin, runc_failure, c.host_config)
        status = handle.wait(ATTACH_WAIT)
        if status is None:
            logs = handle.logs()
            _replay([(stream, text) for _, stream, text in logs], write_out, write_err)
            return Running(config={"real": True, "logged": len(logs)})
        return self._finish(machine, handle, status, write_out, write_err)

    def interactive(self, machine, argv, env, cwd, tty=False):
        """A bare shell as the main process, for real: busybox `sh` (`sh -i` with a terminal, so it
        prompts) reading what is typed (see `converse`)."""
        c = machine.container
        self._start(machine, c.id, _prompting(argv, tty), env, cwd, "", runc_failure, c.host_config,
                    interactive=True)
        shown, prompt = self._first_prompt(c.id, "")
        return Running(config={"real": True, "interactive": True, "logged": shown, "shown": shown,
                               "prompt": prompt})

    def exec_interactive(self, machine, argv, env, cwd, tty=False):
        """`docker exec -it c sh` for real: the shell runs in the container's namespaces and reads
        what is typed. Returns (its name, how far its output has been shown, its prompt) for
        `converse`; it outlives the process that started it, so a loaded session goes on with it."""
        c, user = machine.container, machine.user
        name = f"exec-{os.getpid()}-{time.monotonic_ns()}"
        try:
            Handle(self.root, c.id).exec_interactive(name, _prompting(argv, tty), env, cwd, user.uid, user.gid,
                                                     _groups(machine.fs, user))
        except StartError as error:
            raise StartFailed(exec_failure(error.detail), error.exit_code) from None
        return (name, *self._first_prompt(c.id, name))

    def _first_prompt(self, container_id, name):
        """Wait for a new shell's first prompt: (how far its output is shown, the prompt). What
        it prints before (a banner, that job control is off) is left out: on a terminal,
        Docker's busybox says none of it."""
        text, shown = self.converse(container_id, None, 0, name=name)
        return shown, text.rpartition("\n")[2]

    def converse(self, container_id, line, shown, interrupt=False, name=""):
        """Type `line` (None: nothing) into a container's interactive process (its main one, or
        the exec'd `name`), or interrupt what it runs (Ctrl-C), and wait until it asks for the
        next line or ends, at most the wall-clock limit: (what it wrote after `shown`, how far
        that is; see Handle.output)."""
        handle = Handle(self.root, container_id)
        group, stdin = cgroups.Cgroup(self.root, container_id), handle.stdin(name)
        if handle.ended(name) is None:
            if line is not None:
                console.send(stdin, line)
            if interrupt:
                console.foreground(stdin, group, signals.SIGINT)
        console.settle(stdin, group, lambda: handle.ended(name) is not None, self.timeout, INTERRUPT.get())
        return handle.output(name, shown)

    def ended(self, container_id, name):
        """The exit code of the exec'd interactive process `name` once it has ended, else None."""
        return Handle(self.root, container_id).ended(name)

    def exec(self, machine, argv, env, cwd, write_out, write_err, stdin="", tty=False, terminal=None):
        """`docker exec` in a running container; a RUN step (no container) in a one-off one."""
        c = getattr(machine, "container", None)
        if c is None:
            handle = self._start(machine, f"build{os.getpid()}{time.monotonic_ns()}", argv, env, cwd, stdin,
                                 exec_failure, {})
            return self._finish(machine, handle, handle.wait(), write_out, write_err)   # the shim bounds it
        try:
            user = machine.user
            code, output = Handle(self.root, c.id).exec(argv, env, cwd, user.uid, user.gid,
                                                        _groups(machine.fs, user), stdin.encode(), EXEC_TIMEOUT)
        except StartError as error:
            raise StartFailed(exec_failure(error.detail), error.exit_code) from None
        _replay(output, write_out, write_err)
        return code

    def poll(self, machine, write_out, write_err):
        """Hand over the output written since the last look; the exit code once the process has
        ended (its changes brought back and its directory removed), else None."""
        c = machine.container
        config = c.process["config"]
        handle = Handle(self.root, c.id)
        status = handle.status()
        if status is None and os.path.isdir(handle.paths.dir):
            logs = handle.logs()
            _replay([(s, t) for _, s, t in logs[config.get("logged", 0):]], write_out, write_err)
            config["logged"] = len(logs)
            self._bring_back(machine, handle, config, write_err)      # what it or an exec changed so far
            return None
        return self._finish(machine, handle, status or container.LOST, write_out, write_err, config)

    def wait(self, machine, seconds, write_out, write_err):
        """Wait for the process to end, for real but at most REAL_WAIT seconds: its exit code,
        or None (the terminal then interrupts the wait as Ctrl-C would)."""
        Handle(self.root, machine.container.id).wait(min(seconds, REAL_WAIT))
        return self.poll(machine, write_out, write_err)

    def signal(self, machine, name, write_out, write_err):
        """Deliver a signal; the exit code if the process ended within STOP_WAIT, else None."""
        handle = Handle(self.root, machine.container.id)
        handle.signal(SIGNALS[name])
        if handle.wait(STOP_WAIT) is None:
            return None
        return self.poll(machine, write_out, write_err)

    def pause(self, machine, write_out, write_err):
        Handle(self.root, machine.container.id).pause()

    def unpause(self, machine, write_out, write_err):
        Handle(self.root, machine.container.id).pause(False)

    def release(self, machine, write_out, write_err):
        """The engine holds the process for gone (killed after the stop timeout, removed): make it so."""
        handle = Handle(self.root, machine.container.id)
        if os.path.isdir(handle.paths.dir):
            handle.signal(signals.SIGKILL)
            handle.wait(5)
            self.poll(machine, write_out, write_err)

    # --- helpers --------------------------------------------------------------------------
    def _prepare(self):
        if self._ready:
            return
        problems = checks.problems() + (network.problems() if self.network else [])
        if problems:
            raise StartFailed("the linux runtime cannot run on this host: " + "; ".join(problems), 125)
        scratch(self.root, os.environ.get("SLIPWAY_LINUX_SCRATCH", SCRATCH_SIZE))
        reap(self.root)
        self._ready = True

    def _start(self, machine, run_id, argv, env, cwd, stdin, failure, host_config, interactive=False):
        self._prepare()
        fs = machine.fs
        if rootfs.foreign_programs(fs.lowers + [fs.upper]):
            c = getattr(machine, "container", None)
            image = f'image "{c.config["Image"]}"' if c else "this image"
            raise StartFailed(f"{image} runs only in the simulated runtime: the linux runtime runs busybox "
                              "images (docker run --runtime simulated)", 125)
        if os.path.isdir(container.Paths(self.root, run_id).dir):
            Handle(self.root, run_id).remove()      # what a previous run of this container left
        try:
            spec = self._spec(machine, run_id, argv, env, cwd, stdin, host_config)
            spec.interactive = interactive
            return container.start(self.root, spec)
        except StartError as error:
            raise StartFailed(failure(error.detail), error.exit_code) from None
        except (OSError, FSError, ValueError) as error:
            raise StartFailed(failure(str(error)), 128) from None
        finally:
            if not os.path.exists(container.Paths(self.root, run_id).init_pid):
                Handle(self.root, run_id).remove()

    def _spec(self, machine, run_id, argv, env, cwd, stdin, host_config):
        """The container's Spec, with its filesystem and mounts written out under its directory."""
        fs = machine.fs
        paths = container.Paths(self.root, run_id)
        os.makedirs(paths.dir)
        lowers = [rootfs.layer_dir(self.root, layer) for layer in fs.lowers]
        if len(fs.upper.entries) > 1:
            seed = os.path.join(paths.dir, "seed")
            rootfs.write_layer(self.root, fs.upper, seed)
            lowers.append(seed)
        mounts, shared, others = [], [], None
        for target, mount in sorted(fs.mounts.items()):
            if mount.kind == "dev":            # the container builds its own real /dev
                continue
            if mount.kind == "tmpfs":
                mounts.append(Mount(target))
                continue
            source = self._mount_dir(paths, target, mount)
            if not volumes.shares(mount.source):
                sync.write_tree(self.root, mount.fs, mount.subpath, source)
            elif source not in shared:
                if others is None:
                    others = volumes.used(self.root, but=run_id)
                if os.path.basename(source) not in others:               # else as the others left it
                    shutil.rmtree(source, ignore_errors=True)
                    sync.write_tree(self.root, mount.fs, mount.subpath, source)
                shared.append(source)
            mounts.append(Mount(target, source, mount.readonly))
        if shared:
            volumes.record(self.root, run_id, shared)
        memory = min(host_config.get("Memory") or self.max_memory, self.max_memory)
        pids = host_config.get("PidsLimit") or 0
        pids = self.max_pids if pids <= 0 else min(pids, self.max_pids)
        return Spec(id=run_id, lowers=lowers, argv=list(argv), env=env, cwd=cwd, uid=machine.user.uid,
                    gid=machine.user.gid, groups=_groups(fs, machine.user), hostname=machine.hostname,
                    memory=memory, pids=pids, cpus=(host_config.get("NanoCpus") or 0) / 1e9,
                    timeout=self.timeout, mounts=mounts, readonly_rootfs=bool(getattr(fs, "readonly", False)),
                    stdin=stdin.encode(), networks=self._interfaces(machine) if self.network else [],
                    engine=self.key)

    def _interfaces(self, machine):
        """The container's endpoints with an address, in the order it joined their networks (a
        RUN step has none)."""
        c = getattr(machine, "container", None)
        if c is None:
            return []
        networks = machine.net.engine.networks
        found = []
        for name, endpoint in c.networks.items():
            net = networks.get(name)
            if net is not None and net.driver == "bridge" and endpoint.ip:
                prefix = net.subnet.split("/")[1]
                names = dns_names(c, endpoint) if net.user_defined else ()
                found.append(network.interface(self.key, net.id, f"{endpoint.ip}/{prefix}", net.gateway,
                                               endpoint.mac, names))
        return found

    def _bring_back(self, machine, handle, config, write_err):
        """Replay the container's changes onto the engine's view of it, so `docker diff`, `cp`,
        `commit` and later containers see them, and mirror its volumes back (`config` keeps
        what was brought back already). What cannot be kept is said once."""
        fs = machine.fs
        try:
            config["synced"] = sync.apply_upper(handle.paths.upper, fs, config.get("synced"))
            mirrored = config.setdefault("mirrored", {})
            for target, mount in fs.mounts.items():
                source = self._mount_dir(handle.paths, target, mount)
                if os.path.exists(source) and not mount.readonly and (mount.source or {}).get("kind") != "etc":
                    mirrored[target] = sync.mirror(source, mount.fs, mount.subpath, mirrored.get(target))
        except (LimitExceeded, OSError, FSError) as error:
            if not config.get("unsynced"):
                write_err(f"docker: not every change of the container was kept: {error}\n")
            config["unsynced"] = True

    def _mount_dir(self, paths, target, mount):
        """Where the source of the mount at `target` is written out for the container: the
        engine's shared directory for a volume or host path, else the container's own."""
        if volumes.shares(mount.source):
            return volumes.shared_dir(self.root, self.key, mount.source, mount.subpath)
        return os.path.join(paths.dir, "mounts", target.strip("/").replace("/", "%") or "%")

    def _finish(self, machine, handle, status, write_out, write_err, config=None):
        """Hand the logs over, bring the container's changes back into the engine, clean up."""
        config = config if config is not None else {}
        _replay([(stream, text) for _, stream, text in handle.logs()[config.get("logged", 0):]],
                write_out, write_err)
        self._bring_back(machine, handle, config, write_err)
        handle.remove(wait=False)
        network.release_unused(self.root)               # the engine's lab, with its last container
        shared = [self._mount_dir(handle.paths, target, mount) for target, mount in machine.fs.mounts.items()
                  if volumes.shares(mount.source)]
        others = volumes.used(self.root, but=handle.id) if shared else set()
        for source in shared:
            if os.path.isdir(source) and os.path.basename(source) not in others:
                container.remove_soon(self.root, source)
        container.make_spare(self.root)
        return ExitCode.of(status["exit_code"], status["oom_killed"])


def _prompting(argv, tty):
    """A shell given a terminal prompts; on the FIFO that stands for one, `-i` makes it."""
    return [*argv, "-i"] if tty else list(argv)


def _groups(fs, user):
    """The process's groups as runc sets them: the primary one, then the groups listing the user."""
    return list(dict.fromkeys([user.gid] + [gid for gid, _ in member_groups(fs, user)]))


def _replay(chunks, write_out, write_err):
    for stream, text in chunks:
        (write_out if stream == "stdout" else write_err)(text)
