"""Real containers: a process in new PID, mount, UTS, IPC, network, cgroup and user namespaces,
on an overlay root, inside a cgroup, with capabilities dropped, no_new_privs and a seccomp filter.

Two processes per container, like dockerd's shim and runc's init:
  fork server ──fork──▶ shim (own session, host root: cgroup, network, logs, wall-clock limit, status)
                          └─fork──▶ init (PID 1: mounts, pivot_root, user namespace, then execve)
Both are forked ahead as a spare (by forkserver.py, a small process: see there why), the init
already in fresh namespaces with /proc, /sys and /dev mounted and the cgroup attached (a cgroup
v1 attach costs milliseconds); the spec of the next container turns the spare into that
container. The caller learns through a close-on-exec pipe whether execve succeeded; everything
else (log, exit status, OOM kills) lands in the container's directory, so any process can pick
it up later."""
import dataclasses
import json
import os
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field

from . import cgroups, dns, forkserver, network, syscalls
from .exec import exec_in, spawn_in
from .inside import HOST_ID_BASE, become, build_root, launch, mount_kernel_filesystems, user_namespace
from .process import OUTPUT_LIMIT, StartError, alive, child, drain, exit_code, memfd, raise_reported, read_all, read_pid
from .syscalls import CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, \
    CLONE_NEWUTS, MS_PRIVATE, MS_REC

LOST = {"exit_code": 137, "oom_killed": False, "timed_out": False, "finished_at": 0.0}  # no status left
START_FAILURE = 128


@dataclass
class Mount:
    target: str
    source: str = ""            # a host directory or file; "" = a fresh tmpfs
    readonly: bool = False


@dataclass
class Spec:
    id: str
    lowers: list                # layer directories, base first
    argv: list
    env: dict = field(default_factory=dict)
    cwd: str = "/"
    uid: int = 0
    gid: int = 0
    groups: list = field(default_factory=list)      # supplementary groups; [] = just gid
    hostname: str = ""
    memory: int = 0             # bytes; 0 = no limit
    pids: int = 0
    cpus: float = 0.0
    timeout: float = 0.0        # wall-clock seconds before SIGKILL; 0 = none
    mounts: list = field(default_factory=list)
    readonly_rootfs: bool = False
    stdin: bytes = b""
    interactive: bool = False   # standard input is the FIFO Paths.stdin; stderr joins stdout
    networks: list = field(default_factory=list)    # network.interface() dicts, eth0 first; [] = lo only
    engine: str = ""            # the engine's key: whose lab namespace the networks are in


class Paths:
    """Where a container's files live under the runtime's data directory."""

    def __init__(self, root, container_id):
        self.dir = os.path.join(root, "containers", container_id)
        self.upper, self.work, self.rootfs = (os.path.join(self.dir, n) for n in ("upper", "work", "rootfs"))
        self.log, self.status = os.path.join(self.dir, "log"), os.path.join(self.dir, "status.json")
        self.shim_pid, self.init_pid = os.path.join(self.dir, "shim.pid"), os.path.join(self.dir, "init.pid")
        self.stdin = os.path.join(self.dir, "stdin")


def spec_json(spec):
    return json.dumps({**dataclasses.asdict(spec), "stdin": spec.stdin.decode("latin-1")}).encode()


def spec_from_json(data):
    fields = json.loads(data)
    return Spec(**{**fields, "mounts": [Mount(**m) for m in fields["mounts"]],
                   "stdin": fields["stdin"].encode("latin-1")})


# --- the caller's side ------------------------------------------------------------------------
def start(root, spec):
    """Start the container in the spare of `root` (made now if there is none); returns its Handle
    once execve succeeded, else raises StartError."""
    paths = Paths(root, spec.id)
    for path in (paths.upper, paths.work, paths.rootfs):
        os.makedirs(path)
    os.chown(paths.upper, HOST_ID_BASE, HOST_ID_BASE)
    if spec.interactive:
        os.mkfifo(paths.stdin, 0o600)
    pool = _spares.get(root) or [None]
    spare = pool.pop(0)
    if spare is None or not spare.ready():
        spare = Spare(root)
        if not spare.ready():
            raise OSError("the linux runtime could not start a container process")
    handle = Handle(root, spec.id, spare.done_r)
    spare.send(spec)
    failure = read_all(spare.exec_r)
    if failure:
        handle.wait()
        handle.remove()
        raise_reported(failure)
    return handle


class Spare:
    """A shim and its init forked ahead (by the fork server) for the runtime at `root`, waiting
    for a container's spec. Asked for now, taken when a container starts."""

    def __init__(self, root):
        self._answer = forkserver.ask_spare(root)
        self.pid = None

    def ready(self):
        """Take the spare from the fork server if not done yet: whether it is alive."""
        if self.pid is None:
            try:
                self.pid, self.spec_w, self.init_spec_w, self.exec_r, self.done_r = \
                    forkserver.take_spare(self._answer)
            except OSError:
                return False
            _shims.add(self.pid)
        return alive(self.pid)

    def send(self, spec):
        """Give the shim the spec and, where the cgroup keeps its directory when renamed (v1),
        the init at once too (else the shim does, once the container's group is made)."""
        data = spec_json(spec)
        with open(self.init_spec_w, "wb") as init, open(self.spec_w, "wb") as shim:
            if cgroups.version() == 1:
                init.write(data)
            shim.write(data)

    def drop(self):
        """End the spare unused (its shim removes its cgroup and exits; wait_shims() waits)."""
        if self.pid is not None or self.ready():
            for fd in (self.spec_w, self.init_spec_w, self.exec_r, self.done_r):
                os.close(fd)


def fork_spare(root):
    """Fork a spare's shim (which forks its init): (shim pid, the shim's and the init's spec
    pipes, exec_r, done_r)."""
    exec_r, exec_w = os.pipe()
    done_r, done_w = os.pipe()
    spec_r, spec_w = os.pipe()
    init_spec_r, init_spec_w = os.pipe()
    shim_side = (spec_r, init_spec_r, init_spec_w, exec_w, done_w)
    pid = os.fork()
    if pid == 0:
        child(lambda: _shim(root, *shim_side), keep=shim_side)
    for fd in (exec_w, done_w, spec_r, init_spec_r):
        os.close(fd)
    return pid, spec_w, init_spec_w, exec_r, done_r


def make_spare(root):
    """Spares for the next containers, asked for when one has ended: a cgroup attach (which
    holds back every fork, exec and exit on the host while it waits) then delays no container
    that is typed after a pause, and with two, a container started at once still finds one
    ready."""
    pool = _spares.setdefault(root, [])
    while len(pool) < SPARES:
        pool.append(Spare(root))


def drop_spare(root):
    for spare in _spares.pop(root, []):
        spare.drop()


class Handle:
    """A started container, found again from its directory by any process."""

    def __init__(self, root, container_id, done_fd=None):
        self.root, self.id = root, container_id
        self.paths = Paths(root, container_id)
        self._done_fd = done_fd         # the process that started it hears the status here first
        self._status = None

    def status(self):
        """{"exit_code", "oom_killed", "timed_out", "finished_at"} once ended, else None."""
        if self._status is None:
            try:
                with open(self.paths.status) as f:
                    self._status = json.load(f)
            except FileNotFoundError:
                pass
        return self._status

    def wait(self, timeout=None):
        """The final status, or None if still running after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if self._done_fd is not None:
                if not select.select([self._done_fd], [], [], left)[0]:
                    return None
                said = os.read(self._done_fd, select.PIPE_BUF)
                self._close_done()
                if said:
                    self._status = json.loads(said)
                continue                    # else the shim ended without a word: see its files
            shim_alive = self._shim_alive()      # first: a shim writes the status before it ends
            found = self.status()
            if found is not None or not shim_alive:
                return found or dict(LOST, finished_at=time.time())
            if left == 0.0:
                return None
            time.sleep(min(0.01, left if left is not None else 0.01))

    def _close_done(self):
        if self._done_fd is not None:
            os.close(self._done_fd)
            self._done_fd = None
        _forget_ended_shims()

    def _shim_alive(self):
        return alive(read_pid(self.paths.shim_pid))

    def signal(self, signum):
        """Deliver a signal to PID 1 (an init without a handler ignores all but SIGKILL, as in
        Docker); a paused container is thawed first, or the signal would wait."""
        pid = read_pid(self.paths.init_pid)
        if pid and self.status() is None:
            _kill(cgroups.Cgroup(self.root, self.id), pid, signum)

    def pause(self, frozen=True):
        cgroups.Cgroup(self.root, self.id).freeze(frozen)

    def logs(self):
        """[(time, "stdout"|"stderr", text)] in the order written."""
        try:
            with open(self.paths.log) as f:
                return [tuple(json.loads(line)) for line in f if line.endswith("\n")]
        except FileNotFoundError:
            return []

    def exec(self, argv, env, cwd="/", uid=0, gid=0, groups=(), stdin=b"", timeout=30.0):
        """Run a process in the running container: (exit code, [(stream, text)]). Raises StartError."""
        init = read_pid(self.paths.init_pid)
        if not init or self.status() is not None:
            raise StartError("container is not running", 126)
        return exec_in(cgroups.Cgroup(self.root, self.id), init, argv, env, cwd, uid, gid, list(groups), stdin,
                       timeout)

    # An interactive process: the main one (name "") or one exec'd (`docker exec -it`), whose
    # FIFO, output and exit code are <name>.stdin, <name>.out and <name>.status.
    def exec_interactive(self, name, argv, env, cwd="/", uid=0, gid=0, groups=()):
        """Start an interactive process in the running container. Raises StartError."""
        init = read_pid(self.paths.init_pid)
        if not init or self.status() is not None:
            raise StartError("container is not running", 126)
        os.mkfifo(self.stdin(name), 0o600)
        out = os.open(self._exec_file(name, "out"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        stdio = (os.open(self.stdin(name), os.O_RDWR), out, os.dup(out))
        status = os.open(self._exec_file(name, "status"), os.O_WRONLY | os.O_CREAT, 0o600)
        _joiners.add(spawn_in(cgroups.Cgroup(self.root, self.id), init, argv, env, cwd, uid, gid, list(groups),
                              stdio, status))

    def stdin(self, name=""):
        return self._exec_file(name, "stdin") if name else self.paths.stdin

    def ended(self, name=""):
        """The exit code of an interactive process once it has ended (the container's status
        for the main one), else None."""
        _reap(_joiners)
        if not name:
            found = self.status()
            return None if found is None else found["exit_code"]
        try:
            with open(self._exec_file(name, "status")) as f:
                code = f.read()
        except OSError:
            return 137              # gone with its container
        return int(code) if code else None

    def output(self, name="", shown=0):
        """(what an interactive process wrote after `shown`, how far that is): `shown` counts log
        entries for the main process, bytes for an exec'd one."""
        if not name:
            logs = self.logs()
            return "".join(text for _, _, text in logs[shown:]), len(logs)
        try:
            with open(self._exec_file(name, "out"), "rb") as f:
                f.seek(shown)
                data = f.read(OUTPUT_LIMIT)
        except OSError:
            return "", shown
        return data.decode(errors="replace"), shown + len(data)

    def _exec_file(self, name, kind):
        return os.path.join(self.paths.dir, f"{name}.{kind}")

    def remove(self, wait=True):
        """Kill what still runs, then remove the cgroup and every file of the container; with
        wait=False the files are moved aside at once and removed by the fork server."""
        if self.status() is None and self._shim_alive():
            self.signal(signal.SIGKILL)
            self.wait(5)
        self._close_done()
        cgroups.Cgroup(self.root, self.id).remove()
        if wait:
            remove_directory(self.paths.dir)
        else:
            remove_soon(self.root, self.paths.dir)


def listed(root, filename, but=None):
    """The words the containers under `root` (other than `but`) write in their file `filename`
    (which volumes they mount, whose network lab they use). Names starting with "." are not
    containers: one being removed, a shared volume."""
    containers = os.path.join(root, "containers")
    found = set()
    for name in os.listdir(containers) if os.path.isdir(containers) else []:
        if name == but or name.startswith("."):
            continue
        try:
            with open(os.path.join(containers, name, filename)) as f:
                found.update(f.read().split())
        except OSError:
            pass
    return found


def remove_directory(directory):
    """Remove a container's directory, again if its shim wrote the status file into it meanwhile
    (the shim sends the status on its pipe first, so the caller may be removing the directory
    by then)."""
    for _ in range(100):
        shutil.rmtree(directory, ignore_errors=True)
        if not os.path.exists(directory):
            return
        time.sleep(0.01)


def remove_soon(root, directory):
    """Move a directory under the containers' tmpfs aside at once; the fork server removes it."""
    aside = os.path.join(root, "containers", f"{REMOVED}{os.path.basename(directory)}-{time.monotonic_ns()}")
    try:
        os.rename(directory, aside)
        forkserver.remove_soon(aside)
    except OSError:
        remove_directory(aside if os.path.exists(aside) else directory)


# --- what the children run --------------------------------------------------------------------
def _shim(root, spec_r, init_spec_r, init_spec_w, exec_w, done_w):
    """Start init in a new PID namespace in a spare cgroup; given a spec, make that group the
    container's with its limits, pass the spec on, plug its network, keep its output, end it at the
    wall-clock limit, and write its exit status (then say so on done_w, sooner than the shim's
    own exit would). Without a spec (the spare dropped), end init and remove the group."""
    os.setsid()                         # a terminal's Ctrl-C is not for the container
    syscalls.default_signals()          # as a command expects them, whatever this process ignored
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    syscalls.unshare(CLONE_NEWPID)
    group = cgroups.Cgroup(root, f"{SPARE}{os.getpid()}").create()
    init_side = (out_w, err_w, ready_w, go_r, exec_w, init_spec_r)
    pid = os.fork()
    if pid == 0:
        child(lambda: _init(root, group, init_side), keep=init_side)
    for fd in init_side:
        os.close(fd)
    group.add(pid)                      # slow on cgroup v1 (an RCU grace period): done ahead
    os.read(ready_r, 1)                 # the init has mounted /proc, /sys and /dev
    data = read_all(spec_r)
    if not data:
        os.close(init_spec_w)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        group.remove()
        return

    # A v1 group keeps its directory when renamed: the caller gave the init the spec too, and
    # it builds the root meanwhile. A v2 one is replaced: the init, which mounts the
    # container's group, gets the spec once that is made.
    if group.v1:
        os.close(init_spec_w)
    spec = spec_from_json(data)
    paths = Paths(root, spec.id)
    for path, value in ((paths.shim_pid, os.getpid()), (paths.init_pid, pid)):
        with open(path, "w") as f:
            f.write(str(value))
    group = group.renamed(root, spec.id).limit(spec.memory, spec.pids, spec.cpus)
    if not group.v1:
        with open(init_spec_w, "wb") as pipe:
            pipe.write(data)
    resolver = None                     # the embedded DNS, on a user-defined network
    os.write(go_w, b"1")                # the limits are set: the init may go on to execve
    if spec.networks and os.read(ready_r, 1):
        said, resolver = _plugged(root, spec, pid, paths.dir)
        os.write(go_w, said)
    with open(paths.log, "a") as log:
        def keep(stream, text):
            log.write(json.dumps([time.time(), stream, text]) + "\n")
            log.flush()
        timed_out = drain({out_r: "stdout", err_r: "stderr"}, keep, spec.timeout, lambda: _kill(group, pid),
                          {resolver.sock.fileno(): resolver.serve} if resolver else None)
    result = {"exit_code": exit_code(os.waitpid(pid, 0)[1]), "oom_killed": group.oom_kills() > 0,
              "timed_out": timed_out, "finished_at": time.time()}
    # A restart may soon want the group's name: on v1 its rename waits until this one is gone
    # (Cgroup.renamed), so the status goes out first; v2 makes the group anew, so it goes now.
    if not group.v1:
        group.remove()
    os.write(done_w, json.dumps(result).encode())       # the caller hears it first
    try:
        with open(paths.status + ".tmp", "w") as f:     # then any process can read it
            json.dump(result, f)
        os.rename(paths.status + ".tmp", paths.status)
    except FileNotFoundError:
        pass                            # the caller has removed the container meanwhile
    group.remove()


def _init(root, spare_group, fds):
    """PID 1 of the new PID namespace: enter fresh namespaces, mount the kernel's file systems
    and make the user namespace, wait for the spec, build the root as host root, then join the
    user namespace once the shim has set the limits, and become the container's user."""
    out_w, err_w, ready_w, go_r, exec_w, spec_r = fds
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    staging = os.path.join(root, "staging")
    try:
        syscalls.unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET)
        syscalls.mount(None, "/", None, MS_REC | MS_PRIVATE)
        syscalls.loopback_up()
        mount_kernel_filesystems(staging, spare_group)
        users = user_namespace(staging)
        unprepared = None
    except OSError as error:
        unprepared = error              # reported once there is a container to report it for
    os.write(ready_w, b"1")
    data = read_all(spec_r)
    if not data:
        return                          # the spare was dropped
    spec = spec_from_json(data)
    paths, group = Paths(root, spec.id), cgroups.Cgroup(root, spec.id)

    def prepare():
        if unprepared:
            raise unprepared
        overlay = f"lowerdir={':'.join(reversed(spec.lowers))},upperdir={paths.upper},workdir={paths.work}"
        build_root(spec, paths.rootfs, overlay, staging, group)
        syscalls.sethostname(spec.hostname or spec.id[:12])
        syscalls.setns(users, CLONE_NEWUSER)
        _wait_for_shim(go_r)
        if spec.networks:
            # A network namespace of the container's user namespace: its root may ping
            # (CAP_NET_RAW) but not reconfigure it (no CAP_NET_ADMIN). The shim plugs it in.
            syscalls.unshare(CLONE_NEWNET)
            os.write(ready_w, b"1")
            _wait_for_shim(go_r)
        syscalls.unshare(CLONE_NEWCGROUP)       # its cgroup, joined by now, becomes its "/"
        become(spec.uid, spec.gid, spec.groups)

    # An interactive process reads what is typed from the FIFO (held open for writing too, so no
    # end of file between two lines) and, as on a terminal, writes both streams to one.
    if spec.interactive:
        stdio = (os.open(paths.stdin, os.O_RDWR), out_w, out_w)
    else:
        stdio = (memfd(spec.stdin), out_w, err_w)
    launch(exec_w, stdio, spec.cwd, spec.argv, spec.env, START_FAILURE, prepare)


def _plugged(root, spec, pid, directory):
    """(b"1" once the container's interfaces are in, else what failed (the init reports it);
    its embedded DNS Resolver when it is on a user-defined network, else None)."""
    networks = spec.networks
    try:
        network.plug(root, spec.engine, pid, networks, directory)
        if not dns.publish(directory, networks):
            return b"1", None
        return b"1", dns.Resolver(network.resolver_socket(pid), directory)
    except (OSError, subprocess.SubprocessError) as error:
        return str(error).encode()[:select.PIPE_BUF] or b"0", None


def _wait_for_shim(go_r):
    """Go on once the shim says "1"; anything else is what it could not do."""
    said = os.read(go_r, select.PIPE_BUF)
    if said != b"1":
        raise OSError(said.decode(errors="replace") if len(said) > 1 else "the shim went away")


def _kill(group, pid, signum=signal.SIGKILL):
    try:
        group.freeze(False)
        os.kill(pid, signum)
    except (ProcessLookupError, FileNotFoundError):
        pass                            # it has just ended


# --- shims ------------------------------------------------------------------------------------
SPARE = "spare-"        # a spare's cgroup: SPARE + its shim's pid
REMOVED = ".removed-"   # a container directory the fork server is removing
_shims = set()          # shims started for this process that may still run
_joiners = set()        # the same for the joiners of interactive exec'd processes
_spares = {}            # runtime root -> its Spares, the oldest first
SPARES = 2


def wait_shims(timeout=5.0):
    """Wait (at most `timeout` seconds) until every shim started for this process has exited:
    once their containers are gone they are only ending, but until then they still count as
    running."""
    deadline = time.monotonic() + timeout
    _forget_ended_shims()
    while _shims and time.monotonic() < deadline:
        time.sleep(0.002)
        _forget_ended_shims()


def _forget_ended_shims():
    """Shims are the fork server's children (the kernel reaps them): forget those gone."""
    _shims.difference_update([pid for pid in _shims if not alive(pid)])


def _reap(children):
    for pid in list(children):
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                children.discard(pid)
        except ChildProcessError:
            children.discard(pid)
