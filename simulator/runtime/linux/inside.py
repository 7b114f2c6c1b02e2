"""What runs inside the new namespaces before execve: build the container's root (overlay,
/proc, /dev, /sys, mounts, pivot_root), take the container user's identity with Docker's
capabilities, no_new_privs and seccomp, and execute the command, reporting a failure in runc's
words through a close-on-exec pipe. Code here runs in forked children: no imports, no locks."""
import json
import os
import signal
from functools import cache

from . import syscalls
from .syscalls import MNT_DETACH, MS_BIND, MS_MOVE, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REC, MS_REMOUNT

HOST_ID_BASE = 100_000          # container uid/gid 0 is this unprivileged host id
ID_RANGE = 65_536
# Docker's default capability set (moby oci/caps/defaults.go); every other one is dropped.
KEPT_CAPS = {0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31}
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
KERNEL_FILESYSTEMS = ("proc", "sys", "dev")
MASKED = ("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug")
READONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus")


class ExecFailure(Exception):
    """The command cannot start: `detail` is runc's text, `code` Docker's exit status."""

    def __init__(self, detail, code):
        super().__init__(detail)
        self.detail, self.code = detail, code


@cache
def last_capability():
    with open("/proc/sys/kernel/cap_last_cap") as f:
        return int(f.read())


def encode_env(env):
    return {key.encode(): str(value).encode() for key, value in env.items()}


def mount_kernel_filesystems(staging, group):
    """/proc, /sys (with the container's cgroup) and /dev as the container will see them, made
    while the spare waits for a spec, under a tmpfs at `staging` private to the init's mount
    namespace: build_root() then only moves them into the root. The init is already PID 1 of
    its PID namespace and alone in its network namespace, which is what proc and sysfs show.
    A v1 group renamed later stays what its bind mount shows; a v2 one is replaced (see
    Cgroup.renamed), so build_root() mounts that one."""
    os.makedirs(staging, exist_ok=True)
    syscalls.mount("tmpfs", staging, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755")
    proc, sys_, dev = (_ensure_dir(f"{staging}/{name}") for name in KERNEL_FILESYSTEMS)
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
    if group.v1:
        _mount_cgroups(group, sys_ + "/fs/cgroup")


def user_namespace(staging):
    """A user namespace mapping container IDs 0-65535 to host IDs HOST_ID_BASE and up, made
    while the spare waits (by a child that enters it and exits once it is kept by a descriptor),
    for the init to join when the root is built: a descriptor to it."""
    entered_r, entered_w = os.pipe()
    leave_r, leave_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(leave_w)               # so the parent's close is the end of the pipe
            syscalls.unshare(syscalls.CLONE_NEWUSER)
            os.write(entered_w, b"1")
            os.read(leave_r, 1)
        finally:
            os._exit(0)
    os.close(entered_w)
    os.close(leave_r)
    try:
        if os.read(entered_r, 1) != b"1":
            raise OSError("could not make the user namespace")
        proc = f"{staging}/proc/{pid}"          # this PID namespace's view of the child
        for kind in ("uid_map", "gid_map"):
            with open(f"{proc}/{kind}", "w") as f:
                f.write(f"0 {HOST_ID_BASE} {ID_RANGE}\n")
        return os.open(f"{proc}/ns/user", os.O_RDONLY)
    finally:
        os.close(leave_w)
        os.close(entered_r)
        os.waitpid(pid, 0)


def build_root(spec, root, overlay, staging, group):
    """Mount the overlay, move the kernel's file systems into it, add the container's mounts
    and pivot_root. Every container path goes through in_root(): the image's symlinks resolve
    within the root, never onto the host."""
    syscalls.mount("overlay", root, "overlay", 0, overlay)
    for name in KERNEL_FILESYSTEMS:
        syscalls.mount(f"{staging}/{name}", _ensure_dir(in_root(root, "/" + name)), None, MS_MOVE)
    if not group.v1:
        _mount_cgroups(group, in_root(root, "/sys") + "/fs/cgroup")
    _ensure_dir(in_root(root, "/tmp"))
    for mount in spec.mounts:
        target = in_root(root, mount.target)
        if not mount.source:
            _ensure_dir(target)
            syscalls.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV,
                           f"mode=1777,uid={HOST_ID_BASE},gid={HOST_ID_BASE}")
        else:
            if os.path.isdir(mount.source):
                _ensure_dir(target)
            elif not os.path.exists(target):
                _ensure_dir(in_root(root, os.path.dirname(mount.target)))
                open(target, "a").close()
            _bind(mount.source, target, mount.readonly)
    _ensure_dir(in_root(root, spec.cwd))
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


def in_root(root, path, hops=40):
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


def launch(exec_w, stdio, cwd, argv, env, failure_code, prepare=lambda: None):
    """The last steps of every container process: prepare() (namespaces, identity), the working
    directory, the executable, seccomp, standard streams, execve. What fails is reported on
    exec_w as "<code>\\n<detail>" and ends the process; success closes exec_w (close-on-exec)."""
    try:
        prepare()
        syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)   # after the last setresuid
        try:
            os.chdir(cwd)
        except OSError as error:
            raise ExecFailure(f'chdir to cwd ("{cwd}") set in config.json failed: '
                              f"{os.strerror(error.errno).lower()}", failure_code) from None
        path = _resolve(argv[0], env.get("PATH", ""))
        syscalls.seccomp_load(syscalls.seccomp_filter())
    except ExecFailure as failure:
        _report(exec_w, failure.code, failure.detail)
    except OSError as error:
        _report(exec_w, failure_code, str(error))
    for fd, target in zip(stdio, (0, 1, 2)):
        os.dup2(fd, target)
    try:
        os.execve(path, argv, encode_env(env))
    except OSError as error:
        detail = "exec format error" if error.errno == 8 else os.strerror(error.errno).lower()
        _report(exec_w, 126 if error.errno in (8, 13) else 127, f"exec: {json.dumps(argv[0])}: {detail}")


def _report(exec_w, code, detail):
    os.write(exec_w, f"{code}\n{detail}".encode())
    os._exit(code)


def become(uid, gid, groups):
    """Take the container user's ids in the new user namespace and keep only Docker's default
    capabilities (for a non-root user setresuid clears them all anyway)."""
    for cap in range(last_capability() + 1):         # while CAP_SETPCAP is still held
        if cap not in KEPT_CAPS:
            syscalls.prctl(syscalls.PR_CAPBSET_DROP, cap)
    os.setgroups(groups or [gid])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    syscalls.prctl(syscalls.PR_CAP_AMBIENT, syscalls.PR_CAP_AMBIENT_CLEAR_ALL)
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)


def _resolve(name, path_var):
    """The executable argv[0] names, looked up as runc does (exec.LookPath)."""
    if "/" in name:
        if not os.path.exists(name):
            raise ExecFailure(f'exec: "{name}": stat {name}: no such file or directory', 127)
        if os.path.isdir(name) or not os.access(name, os.X_OK):
            raise ExecFailure(f'exec: "{name}": permission denied', 126)
        return name
    for directory in path_var.split(":"):
        candidate = os.path.join(directory or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ExecFailure(f'exec: "{name}": executable file not found in $PATH', 127)
