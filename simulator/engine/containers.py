"""Containers: the store, and the lifecycle of each one's main process (create, start, signals,
stop with its timeout, restart policies, removal). Processes advance lazily: every command
first calls refresh(), which finishes what has ended by now and restarts what must restart."""
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..clock import Clock, ProcessClock
from ..fs import FileSystem, FSError
from ..fs.devices import device_fs
from ..limits import MAIN_HORIZON, MAX_CONTAINERS, LimitExceeded
from ..machine import Machine
from ..programs.base import SIGNALS, Blocked, Running, User, signal_name
from ..runtime.simulated import is_interactive_shell
from . import create as creation
from . import dns
from .errors import Conflict, DockerError, InvalidParameter, StartFailed, no_such_container, not_running
from .routing import ServiceHandle
from .state import Container, dump, load
from .system import NCPU

LOG_LIMIT = 2000                  # log entries kept per container (oldest dropped)
CATCH_UP = 200                    # process endings/restarts replayed per container per refresh
UNCATCHABLE = {"SIGKILL", "SIGSTOP"}
NON_FATAL = {"SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD", "SIGCONT", "SIGURG"}
DEFAULT_STOP_TIMEOUT = 10
WAIT_LIMIT = 120                  # seconds a foreground wait is compressed to nothing; longer blocks


@dataclass
class ContainerMachine(Machine):
    """A container as programs see it: also lists its processes for `ps` (the main one is PID 1)."""
    main_process: Optional[dict] = None
    container: Optional[Container] = None      # its state, for a runtime running it for real
    traps: dict = field(default_factory=dict)  # what its main shell's `trap` set
    deliver: Optional[Callable] = None         # deliver(signal, sender PID) to the main process

    def processes(self):
        return [self.main_process] if self.main_process else []

    def signal(self, pid, sig, sender=0):
        """`kill` from inside the container: PID 1 is the only process it knows."""
        if pid != 1 or self.main_process is None or self.deliver is None:
            return False
        self.deliver(sig, sender)
        return True


class Containers:
    def __init__(self, engine):
        self.engine = engine
        self.by_id = {}
        self._fs = {}                  # container id -> FileSystem, built on first use

    # --- lookup ----------------------------------------------------------------------------
    def all(self):
        return list(self.by_id.values())

    def newest_first(self):
        """Containers as the daemon lists them: newest first (creation order breaks ties)."""
        return [c for _, c in sorted(enumerate(self.by_id.values()), key=lambda p: (p[1].created, p[0]),
                                     reverse=True)]

    def get(self, name):
        if name in self.by_id:
            return self.by_id[name]
        bare = name.lstrip("/")
        for c in self.by_id.values():
            if c.name == bare:
                return c
        if name and all(ch in "0123456789abcdef" for ch in name):
            found = [c for c in self.by_id.values() if c.id.startswith(name)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise DockerError(f"multiple IDs found with provided prefix: {name}", 400)
        return None

    def find(self, name):
        found = self.get(name)
        if found is None:
            raise no_such_container(name)
        return found

    # --- create ----------------------------------------------------------------------------
    def create(self, config, host_config=None, networking=None, name=None):
        """Create a container from an API request (Config, HostConfig, NetworkingConfig)."""
        engine = self.engine
        host = creation.fill_host_config(host_config or {})
        creation.check_workdir(config)           # the daemon verifies settings before the image
        creation.check_restart_policy(host["RestartPolicy"], host["AutoRemove"])
        creation.check_resources(host, NCPU)
        image = engine.images.find(config.get("Image", ""))
        if len(self.by_id) >= MAX_CONTAINERS:
            raise DockerError(f"this lab allows at most {MAX_CONTAINERS} containers")
        name = creation.check_name(name, self.all(), engine.ids)
        container_id = engine.ids.hex64("container")
        merged = creation.merge_config(config, image.config, container_id)
        path, args = creation.entrypoint_and_args(merged)
        c = Container(id=container_id, name=name, created=engine.clock.now(), image_id=image.id,
                      config=merged, host_config=host, path=path, args=args)
        engine.networks.prepare(c, networking or {})
        engine.volumes.prepare(c, image)
        engine.images.hold(image, +1)
        self.by_id[c.id] = c
        self._make_workdir(c)
        engine.events.emit("container", "create", c.id, {"name": c.name, "image": merged["Image"]})
        return c

    def _make_workdir(self, c):
        """The working directory exists from creation on (moby SetupWorkingDirectory)."""
        workdir = c.config.get("WorkingDir")
        try:
            if workdir:
                self.fs(c).mkdir(workdir, parents=True, exist_ok=True)
        except FSError:
            self.remove(c, force=True, volumes=True)
            raise DockerError(f"Cannot mkdir: {workdir} is not a directory") from None
        self.fs(c)

    # --- the container's filesystem and machine --------------------------------------------
    def fs(self, c):
        fs = self._fs.get(c.id)
        if fs is None:
            images = self.engine.images
            if c.fs:
                fs = FileSystem.from_dict(c.fs, images.layer_by_fs_id,
                                          lambda source: self._mount_source(c, source), self.engine.clock)
            else:
                image = images.by_id[c.image_id]
                fs = FileSystem(images.fs_layers(image), clock=self.engine.clock)
                self.engine.volumes.mount_all(c, fs)
                fs.readonly = bool(c.host_config.get("ReadonlyRootfs"))   # mount points exist by now
            self._fs[c.id] = fs
            self._write_etc(c, fs)
            self._mount_dev(c, fs)
        return fs

    def _mount_source(self, c, source):
        if source.get("kind") == "etc":
            return FileSystem(clock=self.engine.clock)
        if source.get("kind") == "dev":
            return device_fs(bool(c.config.get("Tty")), self.engine.clock)
        return self.engine.volumes.source_fs(source)

    def write_etc(self, c):
        """Rewrite /etc/hosts and /etc/resolv.conf after the container's networks changed."""
        self._write_etc(c, self.fs(c))

    def _write_etc(self, c, fs):
        """/etc/hostname, /etc/hosts and /etc/resolv.conf, bind-mounted as Docker does (so
        `docker diff` never lists them)."""
        etc = FileSystem(clock=self.engine.clock)
        etc.write("/hostname", (c.config["Hostname"] + "\n").encode())
        etc.write("/hosts", self.engine.networks.hosts_file(c).encode())
        etc.write("/resolv.conf", self.engine.networks.resolv_conf(c).encode())
        if fs.is_dir("/etc"):
            for name in ("hostname", "hosts", "resolv.conf"):
                fs.mount("/etc/" + name, etc, "/" + name, kind="bind", source={"kind": "etc"})

    def _mount_dev(self, c, fs):
        """A fresh tmpfs on /dev with the device nodes (a runtime that builds a real /dev skips
        this kind of mount)."""
        fs.mount("/dev", device_fs(bool(c.config.get("Tty")), self.engine.clock), kind="dev", source={"kind": "dev"})

    def machine(self, c, clock=None):
        fs = self.fs(c)
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in c.config.get("Env") or [])
        busybox = fs.exists("/bin/busybox")
        user = self.user(c, fs)
        main = {"pid": 1, "user": user.name, "command": " ".join(self.argv(c))} if c.running else None
        return ContainerMachine(fs=fs, hostname=c.config["Hostname"], user=user, kind="container",
                                env=env, clock=clock or self.engine.clock, engine=None,
                                net=self.engine.networks.view(c), flavor="busybox" if busybox else "gnu",
                                shell_name="sh", main_process=main, container=c,
                                deliver=lambda sig, sender: self.signal_from_inside(c, sig, sender))

    @staticmethod
    def user(c, fs, spec=None):
        """The process user of `-u name|uid[:gid]`, looked up in the container's /etc/passwd."""
        spec = spec if spec is not None else c.config.get("User") or ""
        if not spec:
            return User("root", 0, 0, "/root")
        name, _, group = spec.partition(":")
        try:
            lines = fs.read_text("/etc/passwd").splitlines()
        except FSError:
            lines = []
        for line in lines:
            fields = line.split(":")
            if len(fields) >= 6 and (fields[0] == name or fields[2] == name):
                gid = int(group) if group.isdigit() else int(fields[3])
                return User(fields[0], int(fields[2]), gid, fields[5])
        if name.isdigit():
            return User(name, int(name), int(group) if group.isdigit() else 0, "/")
        raise StartFailed(f"unable to find user {name}: no matching entries in passwd file", 128)

    def process_env(self, c, machine, tty=None):
        """The process environment (moby CreateDaemonEnvironment): PATH, HOSTNAME, TERM with a
        tty, the variables of --link, then Config.Env replacing or appending, and HOME from the
        user last."""
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               "HOSTNAME": c.config["Hostname"]}
        if c.config.get("Tty") if tty is None else tty:
            env["TERM"] = "xterm"
        env.update(dns.link_env(self.engine, c))
        for entry in c.config.get("Env") or []:
            key, _, value = entry.partition("=")
            env[key] = value
        env.setdefault("HOME", machine.user.home)
        return env

    def argv(self, c):
        return [c.path] + list(c.args)

    def cwd(self, c):
        return c.config.get("WorkingDir") or "/"

    # --- start -----------------------------------------------------------------------------
    def start(self, c, stdin="", terminal=None, interactive=False):
        """Start a created or exited container. Returns the process outcome: an exit code or a
        Running (the container then runs); raises DockerError for what the daemon refuses."""
        if c.state.status == "paused":
            raise Conflict("cannot start a paused container, try unpause instead")
        if c.state.status in ("running", "restarting"):
            return None
        now = self.engine.clock.now()
        c.state.stopped_by_user = False
        self.engine.networks.connect_all(c)
        try:
            self.engine.ports.publish(c)
        except DockerError:
            self.engine.networks.disconnect_all(c)
            raise
        self._write_etc(c, self.fs(c))
        self._mount_dev(c, self.fs(c))
        return self._run_main(c, now, stdin=stdin, terminal=terminal, interactive=interactive)

    def _run_main(self, c, at, stdin="", terminal=None, interactive=False):
        """Run the main process on its own clock, starting at `at`: what it sleeps through in
        the foreground (`sh -c 'sleep 5; echo done'`) makes it end later, not the session wait."""
        own = ProcessClock(at, MAIN_HORIZON, on_horizon=self._runs_on)
        machine = self.machine(c, clock=own)
        ignores = ["SIGTERM", "SIGINT"]
        try:
            if interactive or (not stdin and self.waits_for_input(c)):
                result = self.engine.runtime_for(c).interactive(machine, self.argv(c), self.process_env(c, machine),
                                                                self.cwd(c), tty=bool(c.config.get("Tty")))
                result.ignores = ignores
            else:
                result = self.engine.runtime_for(c).start(
                    machine, self.argv(c), self.process_env(c, machine), self.cwd(c),
                    lambda t: self.log(c, "stdout", t, own.now()), lambda t: self.log(c, "stderr", t, own.now()),
                    stdin=stdin, tty=bool(c.config.get("Tty")), terminal=terminal)
        except StartFailed as failure:
            self.engine.ports.unpublish(c)
            self.engine.networks.disconnect_all(c)
            c.state.exit_code = failure.exit_code
            c.state.error = failure.message
            self.engine.events.emit("container", "die", c.id, {"exitCode": str(failure.exit_code)})
            if c.host_config["AutoRemove"]:
                self.remove(c, force=True)
            raise
        except Blocked:
            result = Running(ignores=ignores, traps=machine.traps)
        except LimitExceeded as error:
            self.log(c, "stderr", f"sh: {error}\n", own.now())
            result = 1
        c.state.status, c.state.error, c.state.exit_code = "running", "", 0     # moby SetRunning
        c.state.started_at, c.state.pid = at, self.engine.ids.randint(1000, 60000, "pid")
        c.state.restart_at = None
        self.engine.events.emit("container", "start", c.id, {"name": c.name})
        if not isinstance(result, Running) and own.now() > max(at, self.engine.clock.now()):
            result = Running(until=own.now(), exit_code=result, ignores=ignores, traps=machine.traps)
        if isinstance(result, Running):
            if result.until is not None and result.until < at:
                result.until = at
            c.process = result.to_dict()
            return result
        self._exited(c, result, own.now())
        return result

    @staticmethod
    def _runs_on():
        raise Blocked("simulated ahead as far as the horizon")

    def waits_for_input(self, c):
        """A bare shell as the main process with a terminal (-t) or an open stdin (-i) reads
        commands that never come unless someone attaches: it waits (`docker run -dt ubuntu`)."""
        if not (c.config.get("Tty") or c.config.get("OpenStdin")):
            return False
        machine = self.machine(c)
        return is_interactive_shell(machine.fs, self.argv(c), self.process_env(c, machine), self.cwd(c))

    # --- the main process ends -------------------------------------------------------------
    def _exited(self, c, code, at, manual=False):
        if self._real(c):
            self._ask_runtime(c, "release")
        c.state.status, c.state.exit_code, c.state.finished_at = "exited", code, at
        c.state.oom_killed = bool(getattr(code, "oom_killed", False))
        c.state.pid, c.process = 0, None
        self.engine.ports.unpublish(c)
        self.engine.networks.disconnect_all(c)
        self.engine.volumes.on_stop(c)
        self.engine.events.emit("container", "die", c.id, {"exitCode": str(code), "name": c.name})
        if manual:
            c.state.stopped_by_user = True
        if self._should_restart(c, code):
            # moby's restart manager: 100 ms, doubling up to a minute; a run of 10 s resets it
            ran_long = c.state.started_at is not None and at - c.state.started_at >= 10
            c.state.backoff = 0.1 if ran_long or not c.state.backoff else min(60.0, c.state.backoff * 2)
            c.state.status, c.state.restart_at = "restarting", at + c.state.backoff
        elif c.host_config["AutoRemove"]:
            self.remove(c, force=True)

    def _should_restart(self, c, code):
        if c.state.stopped_by_user:
            return False
        policy = c.host_config["RestartPolicy"]
        name = policy.get("Name") or "no"
        if name in ("always", "unless-stopped"):
            return True
        if name == "on-failure" and code != 0:
            limit = policy.get("MaximumRetryCount") or 0
            return limit == 0 or c.restart_count < limit
        return False

    def refresh(self):
        """Replay what has happened since the last look: processes that ended, restarts due."""
        now = self.engine.clock.now()
        for c in list(self.by_id.values()):
            if c.state.status == "running" and self._real(c):
                code = self._ask_runtime(c, "poll")
                if code is not None:
                    self._exited(c, code, now)
            for _ in range(CATCH_UP):
                if c.state.status == "running" and c.process and c.process.get("until") is not None \
                        and c.process["until"] <= now:
                    self._exited(c, c.process.get("exit_code", 0), c.process["until"])
                elif c.state.status == "restarting" and c.state.restart_at is not None \
                        and c.state.restart_at <= now:
                    c.restart_count += 1
                    self.engine.networks.connect_all(c)
                    try:
                        self.engine.ports.publish(c)
                        self._run_main(c, c.state.restart_at)
                    except DockerError:
                        c.state.status = "exited"
                        break
                else:
                    break
                if c.id not in self.by_id:
                    break

    # --- real processes (the Linux runtime) --------------------------------------------------
    @staticmethod
    def _real(c):
        return bool(c.process and c.process.get("config", {}).get("real"))

    def _ask_runtime(self, c, action, *args):
        """poll/signal/release a real main process: its exit code once it has ended, else None."""
        at = self.engine.clock.now()
        return getattr(self.engine.runtime_for(c), action)(
            self.machine(c), *args, lambda t: self.log(c, "stdout", t, at), lambda t: self.log(c, "stderr", t, at))

    # --- signals ---------------------------------------------------------------------------
    def _signal(self, c, sig, at, sender=None):
        """Deliver a signal to the main process; True when it ended it. A sender inside the
        container (its PID) reaches only what PID 1 handles: the kernel shields a namespace's init."""
        if c.state.status == "restarting":
            c.state.status = "exited"
            c.state.restart_at = None
            return True
        if self._real(c):
            code = self._ask_runtime(c, "signal", sig)
            if code is None and sig != "SIGKILL":
                return False
            self._exited(c, 137 if code is None else code, at, manual=True)
            return True
        proc = Running.from_dict(c.process) if c.process else Running()
        if sender is not None and sig not in proc.traps and not (proc.service and sig not in UNCATCHABLE):
            return False
        if sig == "SIGKILL":
            self._exited(c, 137, at, manual=True)
            return True
        if sig in proc.traps:
            return self._trap(c, proc.traps[sig], at)
        service = ServiceHandle(self.engine, c, proc, client_ip="") if proc.service else None
        if service and service.handle_signal(sig, sender):
            return False
        if sig in proc.ignores or sig in NON_FATAL or sig == "SIGSTOP":
            return False
        logs = service.stop(sig) if service else None
        logs = proc.stop_logs if logs is None else logs
        if logs:
            self.log(c, "stderr", logs, at)
        self._exited(c, 0 if proc.service else 128 + SIGNALS[sig], at, manual=True)
        return True

    def signal_from_inside(self, c, sig, sender):
        """A process in the container signals PID 1 (`kill 1`, `nginx -s reload`)."""
        if c.state.status == "running" and not self._real(c):
            self._signal(c, sig, self.engine.clock.now(), sender)

    def _trap(self, c, action, at):
        """The main shell runs its trap for a signal; True when the trap's `exit` ended it."""
        machine = self.machine(c, clock=Clock(frozen=at))
        code = self.engine.runtime_for(c).trap(machine, action, self.process_env(c, machine), self.cwd(c),
                                               lambda t: self.log(c, "stdout", t, at),
                                               lambda t: self.log(c, "stderr", t, at))
        if code is None:
            return False
        self._exited(c, code, at, manual=True)
        return True

    def stop(self, c, timeout=None, signal=None):
        """`docker stop`: the stop signal, then SIGKILL once the timeout has passed (the wait is
        compressed: the clock moves on instead)."""
        if not c.running:
            return
        if c.state.status == "paused":
            c.state.status = "running"
        sig = signal_name(signal or c.config.get("StopSignal") or "SIGTERM") or "SIGTERM"
        if timeout is None:
            timeout = c.config.get("StopTimeout")
        timeout = DEFAULT_STOP_TIMEOUT if timeout is None else timeout
        now = self.engine.clock.now()
        self.engine.events.emit("container", "kill", c.id, {"signal": str(SIGNALS[sig])})
        if self._signal(c, sig, now):
            c.state.stopped_by_user = True
            self.engine.events.emit("container", "stop", c.id, {"name": c.name})
            return
        if timeout >= 0:
            self.engine.clock.advance(timeout)
            self.refresh()
            if not c.running:
                self.engine.events.emit("container", "stop", c.id, {"name": c.name})
                return
            self._exited(c, 137, self.engine.clock.now(), manual=True)
            self.engine.events.emit("container", "stop", c.id, {"name": c.name})
            return
        # a negative timeout waits forever for a process that will not stop
        raise DockerError("container did not stop: waiting indefinitely")

    def kill(self, c, signal="SIGKILL", typed=None):
        sig = signal_name(signal)
        if sig is None:
            raise InvalidParameter(f"Invalid signal: {signal}")
        if c.state.status not in ("running", "paused", "restarting"):
            raise Conflict(f"cannot kill container: {typed or c.name}: container {c.id} is not running")
        if c.state.status == "paused" and sig != "SIGKILL":
            return
        self.engine.events.emit("container", "kill", c.id, {"signal": str(SIGNALS[sig])})
        c.state.stopped_by_user = True        # moby: any kill cancels the restart policy
        self._signal(c, sig, self.engine.clock.now())

    def restart(self, c, timeout=None, signal=None):
        self.stop(c, timeout, signal)
        c.state.stopped_by_user = False
        result = self.start(c)
        self.engine.events.emit("container", "restart", c.id, {"name": c.name})
        return result

    def pause(self, c):
        if c.state.status == "paused":
            raise Conflict(f"Container {c.id} is already paused")
        if c.state.status != "running":
            raise Conflict(f"Container {c.id} is not running")
        if self._real(c):
            self._ask_runtime(c, "pause")
        c.state.status = "paused"
        self.engine.events.emit("container", "pause", c.id, {"name": c.name})

    def unpause(self, c):
        if c.state.status != "paused":
            raise Conflict(f"Container {c.id} is not paused")
        if self._real(c):
            self._ask_runtime(c, "unpause")
        c.state.status = "running"
        self.engine.events.emit("container", "unpause", c.id, {"name": c.name})

    def finish_interactive(self, c, code):
        """The interactive shell that is a container's main process has exited."""
        if c.state.status in ("running", "paused"):
            self._exited(c, code, self.engine.clock.now())

    # --- remove, rename --------------------------------------------------------------------
    def remove(self, c, force=False, volumes=False, typed=None):
        if c.state.status == "paused" and not force:
            raise Conflict(f'cannot remove container "{typed or c.name}": container is paused and must be '
                           "unpaused first")
        if c.running and not force:
            raise Conflict(f'cannot remove container "{typed or c.name}": container is running: stop the '
                           "container before removing or force remove")
        if c.running:
            self._signal(c, "SIGKILL", self.engine.clock.now())
        if c.id not in self.by_id:
            return
        c.state.status = "removing"
        self.engine.ports.unpublish(c)
        self.engine.networks.disconnect_all(c)
        self.engine.volumes.release(c, remove_anonymous=volumes or c.host_config["AutoRemove"])
        image = self.engine.images.by_id.get(c.image_id)
        self.engine.images.hold(image, -1, c)
        del self.by_id[c.id]
        self._fs.pop(c.id, None)
        self.engine.events.emit("container", "destroy", c.id, {"name": c.name})

    def rename(self, c, new_name):
        if not creation.NAME.match(new_name):
            raise InvalidParameter(f"Invalid container name ({new_name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        new_name = new_name.lstrip("/")
        if new_name == c.name:
            raise InvalidParameter(f"Renaming a container with the same name as its current name")
        other = self.get(new_name)
        if other is not None and other.name == new_name:
            raise Conflict(f'Error when allocating new name: Conflict. The container name "/{new_name}" is '
                           f'already in use by container "{other.id}". You have to remove (or rename) that '
                           "container to be able to reuse that name.")
        c.name = new_name
        self.engine.events.emit("container", "rename", c.id, {"name": new_name})

    def update(self, c, changes):
        """`docker update`: new resource limits or restart policy."""
        if "RestartPolicy" in changes:
            creation.check_restart_policy(changes["RestartPolicy"], c.host_config["AutoRemove"])
        c.host_config.update(changes)
        self.engine.events.emit("container", "update", c.id, {"name": c.name})

    def prune(self, keep=lambda c: False):
        """Remove stopped containers; (ids, bytes reclaimed)."""
        removed, reclaimed = [], 0
        for c in reversed(self.newest_first()):
            if c.running or keep(c):
                continue
            reclaimed += self.size_rw(c)
            self.remove(c)
            removed.append(c.id)
        return removed, reclaimed

    # --- waiting and logs ------------------------------------------------------------------
    def wait_time(self, c):
        """When the container's main process will end by itself: a time, or None (never)."""
        if not c.running:
            return self.engine.clock.now()
        if c.state.status == "restarting" or not c.process:
            return None
        return c.process.get("until")

    def wait(self, c, limit=WAIT_LIMIT):
        """Advance the clock to the container's exit; its exit code, or None when it will not
        exit within `limit` seconds (a student would press Ctrl-C long before)."""
        if c.state.status == "running" and self._real(c):
            code = self._ask_runtime(c, "wait", limit)
            if code is None:
                return None
            self._exited(c, code, self.engine.clock.now())
            return None if c.state.status == "restarting" else c.state.exit_code
        until = self.wait_time(c)
        now = self.engine.clock.now()
        if until is None or until - now > limit:
            return None
        if until > now:
            self.engine.clock.advance(until - now)
        self.refresh()
        if c.state.status == "restarting":
            return None
        return c.state.exit_code

    def visible_logs(self, c, start=0):
        """Log entries written by now (a process may have logged ahead on its own clock)."""
        now = self.engine.clock.now()
        return [entry for entry in c.logs[start:] if entry[0] <= now]

    def log(self, c, stream, text, at=None):
        if not text:
            return
        c.logs.append([self.engine.clock.now() if at is None else at, stream, text])
        if len(c.logs) > LOG_LIMIT:
            del c.logs[: len(c.logs) - LOG_LIMIT]

    # --- exec ------------------------------------------------------------------------------
    def exec(self, c, argv, out, err, env=(), workdir="", user="", stdin="", tty=False, terminal=None):
        self.check_exec(c)
        machine = self.machine(c)
        if user:
            machine.user = self.user(c, machine.fs, user)
        environment = self.process_env(c, machine, tty)
        environment.update(dict(e.split("=", 1) if "=" in e else (e, "") for e in env))
        exec_id = self.engine.ids.hex64("exec")
        self.engine.events.emit("container", f"exec_start: {' '.join(argv)}", c.id, {"execID": exec_id})
        code = self.engine.runtime_for(c).exec(machine, argv, environment, workdir or self.cwd(c), out, err,
                                        stdin=stdin, tty=tty, terminal=terminal)
        self.engine.events.emit("container", "exec_die", c.id, {"execID": exec_id, "exitCode": str(code)})
        return code

    def exec_shell(self, c, machine, argv, environment, workdir, tty=False):
        """An interactive shell exec'd into the container (`docker exec -it c sh`): the runtime's
        handle on it when it runs for real (see terminal.RealShell), else None."""
        return self.engine.runtime_for(c).exec_interactive(machine, argv, environment, workdir or self.cwd(c), tty)

    def check_exec(self, c):
        if c.state.status == "paused":
            raise Conflict(f"Container {c.name} is paused, unpause the container before exec")
        if c.state.status != "running":
            raise not_running(c.id)

    # --- sizes -----------------------------------------------------------------------------
    def size_rw(self, c):
        return self.fs(c).upper.size

    def size_root_fs(self, c):
        image = self.engine.images.by_id.get(c.image_id)
        return (image.size if image else 0) + self.size_rw(c)

    # --- serialisation ---------------------------------------------------------------------
    def to_dict(self):
        for cid, fs in self._fs.items():
            self.by_id[cid].fs = fs.to_dict()
        data = dump(self.by_id)
        for item in data.values():
            item["host_config"] = creation.compact_host_config(item["host_config"])
        return data

    def load(self, data):
        self.by_id = load(Container, data)
        for c in self.by_id.values():
            c.host_config = creation.fill_host_config(c.host_config)
        self._fs = {}


