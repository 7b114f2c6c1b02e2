"""Clean-up after crashes: containers no shim looks after (or all of them), their processes,
cgroups, stray mounts and half-written layers; with everything, the lab's network namespace.
Run when a runtime starts and after tests."""
import os
import shutil
import signal
import time

from . import cgroups, forkserver, network, syscalls, volumes
from .container import SPARE, Handle, drop_spare, wait_shims
from .process import alive, read_pid


def scratch(root, size):
    """Mount the tmpfs containers write to (fast to create and delete in, and bounded in size)."""
    containers = os.path.join(root, "containers")
    os.makedirs(containers, exist_ok=True)
    if os.path.realpath(containers) not in mounts_under(root):
        syscalls.mount("tmpfs", containers, "tmpfs", syscalls.MS_NOSUID, f"size={size},mode=700")


def reap(root, everything=False):
    """Remove the containers under `root` whose shim is gone and any container cgroup without a
    container or a live spare. With everything=True: every container and spare, their tmpfs
    unmounted, the lab's network namespace unmounted, this process's shims waited for and its
    fork server ended. Returns the container IDs removed."""
    removed = []
    containers = os.path.join(root, "containers")
    try:
        if everything:
            drop_spare(root)
        for name in sorted(os.listdir(containers)) if os.path.isdir(containers) else []:
            if name.startswith(volumes.PREFIX):
                continue                # shared volumes go below, once no container uses them
            handle = Handle(root, name)
            shim = read_pid(handle.paths.shim_pid)
            if everything or not alive(shim):
                _kill([shim, read_pid(handle.paths.init_pid)])
                handle.remove()
                removed.append(name)
        for directory in volumes.unused(root):
            shutil.rmtree(directory, ignore_errors=True)
        if everything:
            wait_shims()
            forkserver.stop()
        for container_id, groups in cgroups.leftovers(root).items():
            if os.path.isdir(os.path.join(containers, container_id)) or _live_spare(container_id):
                continue
            for group in groups:
                _empty(group)
            cgroups.Cgroup(root, container_id).remove()
        cgroups.remove_empty_parents()
    finally:                            # whatever failed above, no mount stays behind...
        labs = os.path.realpath(os.path.join(root, network.LABS)) + "/"
        for target in mounts_under(root):       # ...but what live containers of others use:
            if everything or not (target == os.path.realpath(containers) or target.startswith(labs)):
                syscalls.umount(target, syscalls.MNT_DETACH)
        network.release_unused(root, everything)
    layers = os.path.join(root, "layers")
    for name in os.listdir(layers) if os.path.isdir(layers) else []:
        if name.endswith(".building"):
            shutil.rmtree(os.path.join(layers, name), ignore_errors=True)
    return removed


def mounts_under(root):
    """Mount points of this mount namespace inside `root` (containers mount only in their own)."""
    prefix = os.path.realpath(root).rstrip("/") + "/"
    with open("/proc/self/mountinfo") as lines:
        points = [line.split()[4] for line in lines]
    return sorted((p for p in points if p.startswith(prefix)), reverse=True)


def _live_spare(name):
    return name.startswith(SPARE) and alive(int(name[len(SPARE):]))


def _kill(pids):
    for pid in pids:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _empty(group):
    """SIGKILL every process left in a cgroup and wait (briefly) until it is empty."""
    procs = os.path.join(group, "cgroup.procs")
    for _ in range(100):
        try:
            with open(procs) as f:
                pids = [int(p) for p in f.read().split()]
        except FileNotFoundError:
            return
        if not pids:
            return
        _kill(pids)
        time.sleep(0.01)
