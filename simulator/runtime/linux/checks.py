"""What this host lacks for the Linux runtime, in plain words. `problems()` is empty when it
can run; the CLI prints the list, and a web project can turn each entry into a system check."""
import os
import sys

from . import cgroups
from .rootfs import HOST_BUSYBOX

ENABLE_VARIABLE = "SLIPWAY_LINUX_RUNTIME"


def problems():
    if not sys.platform.startswith("linux"):
        return [f"the linux runtime needs Linux (this host is {sys.platform})"]
    found = []
    if os.geteuid() != 0:
        found.append(f"the linux runtime needs root (running as uid {os.geteuid()})")
    if not _static_executable(HOST_BUSYBOX):
        found.append(f"no static busybox at {HOST_BUSYBOX}: install Debian's busybox-static")
    if not _filesystem("overlay"):
        found.append("the kernel has no overlay filesystem (modprobe overlay)")
    if cgroups.version() is None:
        found.append("no cgroup v1 memory hierarchy or cgroup v2 mounted at /sys/fs/cgroup")
    if not os.path.exists("/proc/self/ns/user") or _read("/proc/sys/user/max_user_namespaces") == "0":
        found.append("the kernel does not allow user namespaces (user.max_user_namespaces)")
    return found


def enabled(environ=os.environ):
    """Whether the operator allowed the Linux runtime in the web lab."""
    return environ.get(ENABLE_VARIABLE, "") == "1"


def _static_executable(path):
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return head.startswith(b"\x7fELF") and b"ld-linux" not in head


def _filesystem(name):
    return any(line.split()[-1] == name for line in _read("/proc/filesystems").splitlines())


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""
