"""`mount` with no operands: the mount table as /proc/mounts gives it. A container sees its overlay
root, the /proc, /dev and /sys that runc sets up, its volumes and the paths runc masks; the host
sees its own disks and each running container's overlay under /var/lib/docker."""
import base64
import hashlib

from .common import getopt, is_busybox, tool

OVERLAY2 = "/var/lib/docker/overlay2"
DISK = "/dev/sda1"
EXT4 = "ext4 (rw,relatime,discard,errors=remount-ro)"
PROC_RO = "proc (ro,nosuid,nodev,noexec,relatime)"
DEV_TMPFS = "tmpfs (rw,nosuid,size=65536k,mode=755,inode64)"
MASK_TMPFS = "tmpfs (ro,relatime,inode64)"

CONTAINER_BASE = [
    ("proc", "/proc", "proc (rw,nosuid,nodev,noexec,relatime)"),
    ("tmpfs", "/dev", DEV_TMPFS),
    ("devpts", "/dev/pts", "devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)"),
    ("sysfs", "/sys", "sysfs (ro,nosuid,nodev,noexec,relatime)"),
    ("cgroup", "/sys/fs/cgroup", "cgroup2 (ro,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot)"),
    ("mqueue", "/dev/mqueue", "mqueue (rw,nosuid,nodev,noexec,relatime)"),
    ("shm", "/dev/shm", "tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k,inode64)"),
]
# runc's read-only and masked paths (moby oci/defaults.go), those a host kernel has
CONTAINER_MASKS = (
    [("proc", path, PROC_RO) for path in ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")]
    + [("tmpfs", "/proc/acpi", MASK_TMPFS)]
    + [("tmpfs", path, DEV_TMPFS) for path in ("/proc/interrupts", "/proc/kcore", "/proc/keys",
                                                "/proc/latency_stats", "/proc/timer_list")]
    + [("tmpfs", path, MASK_TMPFS) for path in ("/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap")]
)
HOST = [
    ("sysfs", "/sys", "sysfs (rw,nosuid,nodev,noexec,relatime)"),
    ("proc", "/proc", "proc (rw,nosuid,nodev,noexec,relatime)"),
    ("udev", "/dev", "devtmpfs (rw,nosuid,relatime,size=2003284k,nr_inodes=500821,mode=755,inode64)"),
    ("devpts", "/dev/pts", "devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000)"),
    ("tmpfs", "/run", "tmpfs (rw,nosuid,nodev,noexec,relatime,size=401660k,mode=755,inode64)"),
    (DISK, "/", EXT4),
    ("tmpfs", "/dev/shm", "tmpfs (rw,nosuid,nodev,inode64)"),
    ("cgroup2", "/sys/fs/cgroup", "cgroup2 (rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot)"),
]


def overlay_dir(container_id):
    """The container's directory under overlay2, as inspect's GraphDriver names it."""
    return f"{OVERLAY2}/{hashlib.sha256(container_id.encode()).hexdigest()}"


def short_link(key):
    """overlay2 shortens each lower directory to a 26-character link under l/."""
    return base64.b32encode(hashlib.sha256(key.encode()).digest()).decode()[:26]


def overlay_options(c):
    own = overlay_dir(c.id)
    lower = ":".join(f"{OVERLAY2}/l/{short_link(key)}" for key in (c.id + "-init", c.image_id))
    return f"overlay (rw,relatime,lowerdir={lower},upperdir={own}/diff,workdir={own}/work,nouserxattr)"


def container_mounts(proc):
    """(device, mount point, "type (options)") in the order runc mounts them."""
    c = proc.machine.container
    mounts = sorted(proc.fs.mounts.items(), key=lambda item: item[0].count("/"))
    etc = [(DISK, "/etc/" + name, EXT4) for name in ("resolv.conf", "hostname", "hosts")
           if "/etc/" + name in proc.fs.mounts]
    own = [("tmpfs", target, "tmpfs (rw,nosuid,nodev,noexec,relatime,inode64)") if m.kind == "tmpfs" else
           (DISK, target, EXT4.replace("(rw,", "(ro,") if m.readonly else EXT4)
           for target, m in mounts if (m.source or {}).get("kind") not in ("etc", "dev")]
    return [("overlay", "/", overlay_options(c))] + CONTAINER_BASE + etc + own + CONTAINER_MASKS


def host_mounts(proc):
    engine = proc.machine.engine
    running = [c for c in engine.containers.all() if c.running] if engine else []
    return HOST + [("overlay", overlay_dir(c.id) + "/merged", overlay_options(c)) for c in running]


@tool("mount")
def mount(proc):
    opts, operands = getopt(proc, "rwanfv", valued="to", usage="[OPTIONS] [-o OPT] DEVICE NODE")
    if operands:
        return refuse(proc, operands)
    rows = container_mounts(proc) if proc.machine.kind == "container" else host_mounts(proc)
    proc.out("".join(f"{device} on {target} type {kind}\n" for device, target, kind in rows
                     if "t" not in opts or kind.split()[0] == opts["t"]))
    return 0


def refuse(proc, operands):
    """Mounting needs CAP_SYS_ADMIN, which a container lacks; the simulated host cannot mount."""
    target = operands[-1]
    if proc.machine.kind == "container" and is_busybox(proc):
        proc.err(f"mount: mounting {operands[0]} on {target} failed: Operation not permitted\n")
        return 255
    if proc.machine.kind == "container":
        proc.err(f"mount: {target}: permission denied.\n")
        return 32
    proc.err(f"mount: {target}: mounting filesystems is not simulated on this host.\n")
    return 32
