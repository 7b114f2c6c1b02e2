"""Between the engine's simulated filesystems and real directories: write a subtree out for a
container to use, and bring what the container changed back (so `docker diff`, `commit`,
`cp`, builds and volumes keep working through the shared engine)."""
import os
import stat

from ...fs import FSError
from ...fs.nodes import Dir, File
from ...limits import MAX_FILE, LimitExceeded
from .inside import HOST_ID_BASE
from .rootfs import host_path, write_node

OVERLAY_OPAQUE = "trusted.overlay.opaque"
MAX_ENTRIES = 10_000            # files and directories brought back from one container


def _bounded(walk):
    """os.walk, stopping with LimitExceeded past MAX_ENTRIES entries."""
    count = 0
    for directory, dirs, files in walk:
        count += len(dirs) + len(files)
        if count > MAX_ENTRIES:
            raise LimitExceeded(f"more than {MAX_ENTRIES} files changed")
        yield directory, dirs, files


def write_tree(root, fs, path, target):
    """Write the simulated `path` of `fs` (a file or a directory tree) to the host path `target`."""
    node = fs.node(path)
    if not isinstance(node, Dir):
        write_node(root, target, node)
        return
    write_node(root, target, node)
    for directory, dirs, files in fs.walk(path):
        for name in dirs + files:
            source = directory.rstrip("/") + "/" + name
            host = host_path(target, source[len(path.rstrip("/")):])
            if host:
                write_node(root, host, fs.node(source, follow=False))


def apply_upper(upper, fs, seen=None):
    """Replay an overlay upper directory onto `fs`: whiteouts delete, opaque directories
    replace, everything else is written. Mount points are the mounts' business, not the layer's.
    `seen` ({path: signature}) is what an earlier replay of the same running container brought
    back: entries unchanged since are skipped, and entries gone from the upper are deleted (a
    file made and deleted since: what the image or the start had shows a whiteout instead).
    Returns the new `seen`."""
    seen = seen or {}
    now = {}
    for directory, dirs, files in _bounded(os.walk(upper)):
        dirs[:] = [d for d in dirs if "/" + os.path.relpath(os.path.join(directory, d), upper) not in fs.mounts]
        for name in sorted(dirs) + sorted(files):
            host = os.path.join(directory, name)
            path = "/" + os.path.relpath(host, upper)
            if path in fs.mounts:
                continue
            info = os.lstat(host)
            now[path] = _signature(info)
            if seen.get(path) == now[path]:
                continue
            if stat.S_ISCHR(info.st_mode) and info.st_rdev == 0:
                _remove(fs, path)
            elif stat.S_ISDIR(info.st_mode) and _opaque(host):
                _remove(fs, path)
                _put(fs, path, host, info)
            else:
                _put(fs, path, host, info)
    for path in sorted(seen.keys() - now.keys()):
        _remove(fs, path)
    return now


def mirror(target, fs, path, seen=None):
    """Make the simulated `path` hold exactly what the host `target` holds (a volume after use).
    `seen` ({host path: signature}) is what an earlier mirror of the same target read: files
    unchanged since are not read again. Returns the new `seen`."""
    seen = seen or {}
    now = {}
    info = os.lstat(target)
    if not stat.S_ISDIR(info.st_mode):
        _put(fs, path, target, info)
        return now
    for directory, dirs, files in _bounded(os.walk(target)):
        local = path.rstrip("/") + "/" + os.path.relpath(directory, target) if directory != target else path
        local = os.path.normpath(local)
        present = set(dirs + files)
        for name in fs.listdir(local) if fs.is_dir(local) else []:
            if name not in present:
                _remove(fs, os.path.join(local, name))
        for name in sorted(dirs) + sorted(files):
            host = os.path.join(directory, name)
            info = os.lstat(host)
            now[host] = _signature(info)
            if seen.get(host) != now[host] or not fs.exists(os.path.join(local, name), follow=False):
                _put(fs, os.path.join(local, name), host, info)
    return now


def _signature(info):
    """What tells an entry unchanged since the last replay (JSON-friendly: kept with the session)."""
    return [info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _put(fs, path, host, info):
    uid, gid = max(0, info.st_uid - HOST_ID_BASE), max(0, info.st_gid - HOST_ID_BASE)
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        if fs.is_dir(path):
            current = fs.stat(path)
            if (current.mode & 0o7777, current.uid, current.gid) == (mode, uid, gid):
                return           # copied up by the overlay, not changed
        fs.mkdir(path, parents=True, exist_ok=True)
    elif stat.S_ISLNK(info.st_mode):
        if fs.exists(path, follow=False):
            fs.remove(path)
        fs.symlink(os.readlink(host), path)
        return
    elif stat.S_ISREG(info.st_mode):
        if _unchanged(fs, path, info):
            return
        if info.st_size > MAX_FILE:
            raise LimitExceeded(f"{path}: file too large for the lab ({info.st_size} bytes)")
        with open(os.open(host, os.O_RDONLY | os.O_NOFOLLOW), "rb") as f:
            fs.write(path, f.read(), mode=mode)
    else:
        return                   # sockets, fifos and devices stay in the container
    fs.chmod(path, mode)
    fs.chown(path, uid, gid)


def _unchanged(fs, path, info):
    """A busybox executable still linked to the shared copy: the simulated file already says so."""
    try:
        node = fs.node(path, follow=False)
    except FSError:
        return False
    return isinstance(node, File) and node.program is not None and info.st_nlink > 1


def _remove(fs, path):
    try:
        if fs.is_dir(path) and not fs.is_link(path):
            fs.rmtree(path)
        elif fs.exists(path, follow=False):
            fs.remove(path)
    except FSError:
        pass


def _opaque(path):
    try:
        return os.getxattr(path, OVERLAY_OPAQUE, follow_symlinks=False) == b"y"
    except OSError:
        return False
