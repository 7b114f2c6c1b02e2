"""Real containers: a process in new PID, mount, UTS, IPC, network and user namespaces, on an
overlay root, inside a cgroup, with capabilities dropped, no_new_privs and a seccomp filter.

Three processes per container, like dockerd's shim and runc:
  caller ──fork──▶ shim (own session, host root: cgroup, ID maps, logs, wall-clock limit, status)
                     └─fork──▶ init (PID 1: mounts, pivot_root, user namespace, then execve)
The caller learns through a close-on-exec pipe whether execve succeeded; everything else (log,
exit status, OOM kills) lands in the container's directory, so any process can pick it up later.
Children run only pre-computed code between fork and execve: no imports, no locks."""
import json
import os
import select
import shutil
import signal
import time
from dataclasses import dataclass, field

from . import cgroups, syscalls
from .syscalls import (CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS,
                       MNT_DETACH, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC,
                       MS_REMOUNT)

HOST_ID_BASE = 100_000          # container uid/gid 0 is this unprivileged host id
ID_RANGE = 65_536
LOG_LIMIT = 1024 * 1024         # bytes of output kept per container
# Docker's default capability set (moby oci/caps/defaults.go); every other one is dropped.
KEPT_CAPS = {0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31}
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
MASKED = ("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug")
LOST = {"exit_code": 137, "oom_killed": False, "timed_out": False, "finished_at": 0.0}  # no status left
READONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus")


class StartError(Exception):
    """The process could not be started; `detail` is runc's text, `exit_code` Docker's status."""

    def __init__(self, detail, exit_code):
        super().__init__(detail)
        self.detail, self.exit_code = detail, exit_code


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


class Paths:
    """Where a container's files live under the runtime's data directory."""

    def __init__(self, root, container_id):
        self.dir = os.path.join(root, "containers", container_id)
        self.upper, self.work, self.rootfs = (os.path.join(self.dir, n) for n in ("upper", "work", "rootfs"))
        self.log, self.status = os.path.join(self.dir, "log"), os.path.join(self.dir, "status.json")
        self.shim_pid, self.init_pid = os.path.join(self.dir, "shim.pid"), os.path.join(self.dir, "init.pid")


# --- the caller's side ------------------------------------------------------------------------
def start(root, spec):
    """Start the container; returns its Handle once execve succeeded, else raises StartError."""
    paths = Paths(root, spec.id)
    for path in (paths.upper, paths.work, paths.rootfs):
        os.makedirs(path)
    os.chown(paths.upper, HOST_ID_BASE, HOST_ID_BASE)
    group = cgroups.Cgroup(spec.id).create(spec.memory, spec.pids, spec.cpus)
    plan = _Plan(spec, paths, group)
    exec_r, exec_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        _child(lambda: _run_shim(plan, exec_w, done_w), keep=(exec_w, done_w))
    _shims.add(pid)
    os.close(exec_w)
    os.close(done_w)
    handle = Handle(root, spec.id, done_r)
    failure = _read_all(exec_r)
    if failure:
        handle.wait()
        handle.remove()
        code, _, detail = failure.decode(errors="replace").partition("\n")
        raise StartError(detail, int(code))
    return handle


class Handle:
    """A started container, found again from its directory by any process."""

    def __init__(self, root, container_id, done_fd=None):
        self.root, self.id = root, container_id
        self.paths = Paths(root, container_id)
        self._done_fd = done_fd

    def status(self):
        """{"exit_code", "oom_killed", "timed_out", "finished_at"} once ended, else None."""
        try:
            with open(self.paths.status) as f:
                return json.load(f)
        except FileNotFoundError:
            return None

    def wait(self, timeout=None):
        """The final status, or None if still running after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            shim_alive = self._shim_alive()      # first: a shim writes the status before it ends
            found = self.status()
            if found is not None or not shim_alive:
                self._close_done()
                return found or dict(LOST, finished_at=time.time())
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if left == 0.0:
                return None
            if self._done_fd is not None:
                if select.select([self._done_fd], [], [], left)[0] and os.read(self._done_fd, 1) == b"":
                    self._close_done()
            else:
                time.sleep(min(0.01, left if left is not None else 0.01))

    def _close_done(self):
        if self._done_fd is not None:
            os.close(self._done_fd)
            self._done_fd = None
        _reap_shims()

    def _shim_alive(self):
        return alive(read_pid(self.paths.shim_pid))

    def signal(self, signum):
        """Deliver a signal to PID 1 (an init without a handler ignores all but SIGKILL, as in Docker)."""
        pid = read_pid(self.paths.init_pid)
        if pid and self.status() is None:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

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
        return _exec(self, init, argv, env, cwd, uid, gid, list(groups), stdin, timeout)

    def remove(self):
        """Kill what still runs, then remove the cgroup and every file of the container."""
        if self.status() is None and self._shim_alive():
            self.signal(signal.SIGKILL)
            self.wait(5)
        self._close_done()
        cgroups.Cgroup(self.id).remove()
        _rmtree(self.paths.dir)


# --- what the children run --------------------------------------------------------------------
class _Plan:
    """Everything the children need, computed before fork."""

    def __init__(self, spec, paths, group):
        self.spec, self.paths, self.group = spec, paths, group
        self.overlay = (f"lowerdir={':'.join(reversed(spec.lowers))},upperdir={paths.upper},"
                        f"workdir={paths.work}")
        self.env = {k.encode(): str(v).encode() for k, v in spec.env.items()}
        self.cap_last = int(open("/proc/sys/kernel/cap_last_cap").read())
        self.seccomp = syscalls.seccomp_filter()


def _child(body, keep):
    """Run body() in a forked child and never return to the caller's code."""
    code = 1
    try:
        for fd in _open_fds():
            if fd > 2 and fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
        body()
        code = 0
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _run_shim(plan, exec_w, done_w):
    os.setsid()                         # a terminal's Ctrl-C is not for the container
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    with open(plan.paths.shim_pid, "w") as f:
        f.write(str(os.getpid()))
    _shim(plan, exec_w, done_w)


def _shim(plan, exec_w, done_w):
    spec, paths = plan.spec, plan.paths
    stdin = os.memfd_create("stdin")
    os.write(stdin, spec.stdin)
    os.lseek(stdin, 0, os.SEEK_SET)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    syscalls.unshare(CLONE_NEWPID)
    pid = os.fork()
    if pid == 0:
        os.close(done_w)
        _child(lambda: _init(plan, stdin, out_w, err_w, ready_w, go_r, exec_w),
               keep=(stdin, out_w, err_w, ready_w, go_r, exec_w))
    for fd in (stdin, out_w, err_w, ready_w, go_r, exec_w):
        os.close(fd)
    with open(paths.init_pid, "w") as f:
        f.write(str(pid))
    plan.group.add(pid)              # slow on cgroup v1 (an RCU grace period): overlaps the mounts
    if os.read(ready_r, 1):
        for kind in ("uid_map", "gid_map"):
            with open(f"/proc/{pid}/{kind}", "w") as f:
                f.write(f"0 {HOST_ID_BASE} {ID_RANGE}\n")
        os.write(go_w, b"1")
    timed_out = _collect_logs(paths.log, {out_r: "stdout", err_r: "stderr"}, pid, spec.timeout)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    result = {"exit_code": 128 - code if code < 0 else code, "oom_killed": plan.group.oom_kills() > 0,
              "timed_out": timed_out, "finished_at": time.time()}
    plan.group.remove()              # before the status: a restart may soon reuse the name
    with open(paths.status + ".tmp", "w") as f:
        json.dump(result, f)
    os.rename(paths.status + ".tmp", paths.status)


def _collect_logs(log_path, streams, pid, timeout):
    """Copy the container's output to its log until both pipes close; SIGKILL it at the
    wall-clock limit. True when the limit was reached."""
    deadline = time.monotonic() + timeout if timeout else None
    timed_out, kept = False, 0
    with open(log_path, "a") as log:
        while streams:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select(list(streams), [], [], left)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                timed_out, deadline = True, None
                continue
            for fd in ready:
                data = os.read(fd, 65536)
                if not data:
                    os.close(fd)
                    del streams[fd]
                elif kept < LOG_LIMIT:
                    kept += len(data)
                    log.write(json.dumps([time.time(), streams[fd], data.decode(errors="replace")]) + "\n")
                    log.flush()
    return timed_out


def _init(plan, stdin, out_w, err_w, ready_w, go_r, exec_w):
    """PID 1 of the new PID namespace: build the root, become unprivileged, execve."""
    spec, paths = plan.spec, plan.paths
    try:
        syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
        syscalls.unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET)
        syscalls.mount(None, "/", None, MS_REC | MS_PRIVATE)
        syscalls.loopback_up()
        _build_root(plan)
        syscalls.sethostname(spec.hostname or spec.id[:12])
        syscalls.unshare(CLONE_NEWUSER)
        os.write(ready_w, b"1")
        if os.read(go_r, 1) != b"1":
            raise OSError("the shim went away")
        syscalls.unshare(CLONE_NEWCGROUP)       # its cgroup, joined by now, becomes its "/"
        _become(spec.uid, spec.gid, spec.groups, plan.cap_last)
        syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
        os.chdir(spec.cwd)
        path = _resolve(spec.argv[0], spec.env.get("PATH", ""))
        syscalls.seccomp_load(plan.seccomp)
    except _ExecFailure as failure:
        os.write(exec_w, f"{failure.code}\n{failure.detail}".encode())
        os._exit(failure.code)
    except OSError as error:
        os.write(exec_w, f"128\n{error}".encode())
        os._exit(128)
    for fd, target in ((stdin, 0), (out_w, 1), (err_w, 2)):
        os.dup2(fd, target)
    _execve(path, spec.argv, plan.env, exec_w)


def _build_root(plan):
    """Mount everything under the overlay root. Every container path goes through inside(): the
    image's symlinks resolve within the root, never onto the host."""
    spec, root = plan.spec, plan.paths.rootfs
    syscalls.mount("overlay", root, "overlay", 0, plan.overlay)
    proc, dev, sys_ = (_ensure_dir(inside(root, name)) for name in ("/proc", "/dev", "/sys"))
    _ensure_dir(inside(root, "/tmp"))
    syscalls.mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    syscalls.mount("sysfs", sys_, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    syscalls.mount("tmpfs", dev, "tmpfs", MS_NOSUID, f"mode=755,size=65536k,uid={HOST_ID_BASE},gid={HOST_ID_BASE}")
    for name in DEVICES:
        open(f"{dev}/{name}", "w").close()
        syscalls.mount(f"/dev/{name}", f"{dev}/{name}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    for path in MASKED:
        if os.path.exists(proc + path[5:]):
            syscalls.mount("/dev/null", proc + path[5:], None, MS_BIND)
    for path in READONLY:
        if os.path.exists(proc + path[5:]):
            _bind(proc + path[5:], proc + path[5:], readonly=True)
    _mount_cgroups(plan.group, sys_ + "/fs/cgroup")
    for mount in spec.mounts:
        target = inside(root, mount.target)
        if not mount.source:
            _ensure_dir(target)
            syscalls.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV,
                           f"mode=1777,uid={HOST_ID_BASE},gid={HOST_ID_BASE}")
        else:
            if os.path.isdir(mount.source):
                _ensure_dir(target)
            elif not os.path.exists(target):
                _ensure_dir(inside(root, os.path.dirname(mount.target)))
                open(target, "a").close()
            _bind(mount.source, target, mount.readonly)
    _ensure_dir(inside(root, spec.cwd))
    if spec.readonly_rootfs:
        syscalls.mount(None, root, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    os.chdir(root)
    syscalls.pivot_root(".", ".")          # the old root ends up stacked beneath the new one
    syscalls.umount(".", MNT_DETACH)
    os.chdir("/")


def _mount_cgroups(group, target):
    """The container's own cgroup(s), read-only, where Docker shows them: one directory per
    v1 controller under a tmpfs, or the v2 group itself."""
    if not os.path.isdir(target):
        return
    if not group.v1:
        _bind(group.dirs[""], target, readonly=True)
        return
    syscalls.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755")
    for controller, path in group.dirs.items():
        os.mkdir(f"{target}/{controller}")
        _bind(path, f"{target}/{controller}", readonly=True)
    syscalls.mount(None, target, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _bind(source, target, readonly=False):
    syscalls.mount(source, target, None, MS_BIND | MS_REC)
    if readonly:
        syscalls.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def _ensure_dir(path):
    """Make a directory the container's root owns (its parents exist or are made the same way)."""
    if not os.path.isdir(path):
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            _ensure_dir(parent)
        os.mkdir(path)
        os.chown(path, HOST_ID_BASE, HOST_ID_BASE)
    return path


def inside(root, path, hops=40):
    """The host path of the container path `path`, with symlinks followed as the container
    would see them (an absolute target starts again at `root`), so it never leaves `root`."""
    resolved = root
    parts = [p for p in path.split("/") if p not in ("", ".")]
    while parts:
        part = parts.pop(0)
        if part == "..":
            resolved = os.path.dirname(resolved) if resolved != root else root
            continue
        candidate = os.path.join(resolved, part)
        if os.path.islink(candidate):
            hops -= 1
            if hops < 0:
                raise OSError(40, f"too many levels of symbolic links: {path}")
            target = os.readlink(candidate)
            parts = [p for p in target.split("/") if p not in ("", ".")] + parts
            resolved = root if target.startswith("/") else resolved
        else:
            resolved = candidate
    return resolved


def _become(uid, gid, groups, cap_last):
    """Take the container user's ids in the new user namespace and keep only Docker's default
    capabilities (for a non-root user setresuid clears them all anyway)."""
    os.setgroups(groups or [gid])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    for cap in range(cap_last + 1):
        if cap not in KEPT_CAPS:
            syscalls.prctl(syscalls.PR_CAPBSET_DROP, cap)
    syscalls.prctl(syscalls.PR_CAP_AMBIENT, syscalls.PR_CAP_AMBIENT_CLEAR_ALL)
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)


class _ExecFailure(Exception):
    def __init__(self, detail, code):
        super().__init__(detail)
        self.detail, self.code = detail, code


def _resolve(name, path_var):
    """The executable argv[0] names, looked up as runc does (exec.LookPath)."""
    if "/" in name:
        if not os.path.exists(name):
            raise _ExecFailure(f'exec: "{name}": stat {name}: no such file or directory', 127)
        if os.path.isdir(name) or not os.access(name, os.X_OK):
            raise _ExecFailure(f'exec: "{name}": permission denied', 126)
        return name
    for directory in path_var.split(":"):
        candidate = os.path.join(directory or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise _ExecFailure(f'exec: "{name}": executable file not found in $PATH', 127)


def _execve(path, argv, env, exec_w):
    try:
        os.execve(path, argv, env)
    except OSError as error:
        detail = "exec format error" if error.errno == 8 else os.strerror(error.errno).lower()
        code = 126 if error.errno in (8, 13) else 127
        os.write(exec_w, f"{code}\n{'exec: ' + json.dumps(argv[0]) + ': ' + detail}".encode())
        os._exit(code)


# --- exec -------------------------------------------------------------------------------------
NAMESPACES = ("cgroup", "ipc", "uts", "net", "pid", "mnt")


def _exec(handle, init, argv, env, cwd, uid, gid, groups, stdin, timeout):
    group = cgroups.Cgroup(handle.id)
    ns = [os.open(f"/proc/{init}/ns/{name}", os.O_RDONLY) for name in NAMESPACES]
    user_ns = os.open(f"/proc/{init}/ns/user", os.O_RDONLY)
    plan_env = {k.encode(): str(v).encode() for k, v in env.items()}
    seccomp = syscalls.seccomp_filter()
    cap_last = int(open("/proc/sys/kernel/cap_last_cap").read())
    stdin_fd = os.memfd_create("stdin")
    os.write(stdin_fd, stdin)
    os.lseek(stdin_fd, 0, os.SEEK_SET)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    exec_r, exec_w = os.pipe()
    keep = (*ns, user_ns, stdin_fd, out_w, err_w, exec_w)

    def joiner():
        group.add(os.getpid())
        for fd in ns:
            syscalls.setns(fd)
        pid = os.fork()             # the child is inside the container's PID namespace
        if pid == 0:
            _child(process, keep)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        os._exit(128 - code if code < 0 else code)

    def process():
        try:
            syscalls.setns(user_ns)
            _become(uid, gid, groups, cap_last)
            syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
            os.chdir(cwd)
            path = _resolve(argv[0], env.get("PATH", ""))
            syscalls.seccomp_load(seccomp)
        except _ExecFailure as failure:
            os.write(exec_w, f"{failure.code}\n{failure.detail}".encode())
            os._exit(failure.code)
        except OSError as error:
            os.write(exec_w, f"126\n{error}".encode())
            os._exit(126)
        for fd, target in ((stdin_fd, 0), (out_w, 1), (err_w, 2)):
            os.dup2(fd, target)
        _execve(path, argv, plan_env, exec_w)

    pid = os.fork()
    if pid == 0:
        _child(joiner, keep)
    for fd in (*ns, user_ns, stdin_fd, out_w, err_w, exec_w):
        os.close(fd)
    failure = _read_all(exec_r)
    output = _read_streams({out_r: "stdout", err_r: "stderr"}, timeout, pid)
    _, status = os.waitpid(pid, 0)
    if failure:
        code, _, detail = failure.decode(errors="replace").partition("\n")
        raise StartError(detail, int(code))
    return os.waitstatus_to_exitcode(status), output


def _read_streams(streams, timeout, pid):
    """[(stream, text)] read until both pipes close; the process is killed after `timeout`."""
    chunks, kept = [], 0
    deadline = time.monotonic() + timeout
    while streams:
        ready, _, _ = select.select(list(streams), [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
            continue
        for fd in ready:
            data = os.read(fd, 65536)
            if not data:
                os.close(fd)
                del streams[fd]
            elif kept < LOG_LIMIT:
                kept += len(data)
                chunks.append((streams[fd], data.decode(errors="replace")))
    return chunks


# --- small helpers ----------------------------------------------------------------------------
_shims = set()          # shims this process started and has not reaped yet


def _reap_shims():
    """Collect the exit status of ended shims (they are this process's children, not daemons:
    one fork less per container)."""
    for pid in list(_shims):
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                _shims.discard(pid)
        except ChildProcessError:
            _shims.discard(pid)


def _read_all(fd):
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
    os.close(fd)
    return data


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def alive(pid):
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _open_fds():
    return [int(name) for name in os.listdir("/proc/self/fd")]


def _rmtree(path):
    shutil.rmtree(path, ignore_errors=True)
