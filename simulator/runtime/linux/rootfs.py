"""Image layers on disk: a simulated Layer written out as a directory an overlay can stack, with
ownership shifted into the containers' host ID range, whiteouts as overlayfs marks them, and
busybox executables backed by the host's static busybox.

Which images can run: those whose every executable is busybox (busybox itself and images built
FROM it); the rest exist only in the simulated runtime."""
import os
import shutil
import stat

from ...fs.nodes import Dir, File, Symlink, Whiteout
from .inside import HOST_ID_BASE

HOST_BUSYBOX = "/bin/busybox"
RUNNABLE = {"busybox"}


def foreign_programs(layers):
    """Programs the layers' executables name that this runtime cannot run (sorted)."""
    found = set()
    for layer in layers:
        for node in layer.entries.values():
            if isinstance(node, File) and node.program and node.program not in RUNNABLE:
                found.add(node.program)
    return sorted(found)


def layer_dir(root, layer):
    """The directory holding `layer`, written once and shared by every container using it."""
    key = layer.id.split(":")[-1]
    target = os.path.join(root, "layers", key)
    if not os.path.isdir(target):
        building = target + ".building"
        shutil.rmtree(building, ignore_errors=True)
        write_layer(root, layer, building)
        os.rename(building, target)
    return target


def write_layer(root, layer, target):
    os.makedirs(target)
    _own(target, Dir())
    for path in sorted(layer.entries):
        host = host_path(target, path)
        if path != "/" and host:
            write_node(root, host, layer.entries[path])


def host_path(base, path):
    """Where the simulated `path` goes under `base`, or None when a symlink written before it
    would carry it outside `base` (a layer may hold a link and entries beneath it)."""
    host = os.path.join(base, path.lstrip("/"))
    parent = os.path.realpath(os.path.dirname(host))
    return host if (parent + "/").startswith(os.path.realpath(base) + "/") else None


def write_node(root, path, node):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(node, Whiteout):
        os.mknod(path, stat.S_IFCHR, 0)
        return
    if isinstance(node, Dir):
        os.makedirs(path, exist_ok=True)
        if node.opaque:
            os.setxattr(path, "trusted.overlay.opaque", b"y")
    elif isinstance(node, Symlink):
        os.symlink(node.target, path)
    elif node.program in RUNNABLE:
        try:
            os.link(_busybox(root), path)
            return               # shares the busybox copy's inode, ownership and mode
        except OSError:          # another filesystem (a container's scratch space): copy it
            shutil.copyfile(_busybox(root), path)
    else:
        with open(path, "wb") as f:
            f.write(node.data)
    _own(path, node)


def _own(path, node):
    os.lchown(path, HOST_ID_BASE + node.uid, HOST_ID_BASE + node.gid)
    if not isinstance(node, Symlink):
        os.chmod(path, node.mode & 0o7777)


def _busybox(root):
    """One copy of the host's busybox owned by the container's root, hard-linked into layers."""
    copy = os.path.join(root, "busybox")
    if not os.path.exists(copy):
        shutil.copyfile(HOST_BUSYBOX, copy + ".tmp")
        os.chown(copy + ".tmp", HOST_ID_BASE, HOST_ID_BASE)
        os.chmod(copy + ".tmp", 0o755)
        os.rename(copy + ".tmp", copy)
    return copy
