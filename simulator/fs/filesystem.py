"""The overlay filesystem: a writable upper layer over shared read-only lower layers, plus
mounts (bind, volume, tmpfs) that splice another FileSystem in at a path.

Lookups walk the path one component at a time through the layer stack (dict hits, no copies);
writes go to the upper layer of whichever filesystem owns the path; deletions of lower entries
leave whiteouts. Symlinks resolve in the global namespace (mounts included), at most MAXSYMLINKS
hops, like Linux."""
import posixpath
from dataclasses import dataclass, replace
from typing import Optional

from ..limits import MAX_FILE, MAX_FS, SPACE
from .nodes import DIR_SIZE, WHITEOUT, Dir, File, Layer, Symlink, Whiteout, saved_size

MAXSYMLINKS = 40

MESSAGES = {
    "ENOENT": "No such file or directory",
    "EEXIST": "File exists",
    "ENOTDIR": "Not a directory",
    "EISDIR": "Is a directory",
    "ENOTEMPTY": "Directory not empty",
    "EROFS": "Read-only file system",
    "EACCES": "Permission denied",
    "ELOOP": "Too many levels of symbolic links",
    "EFBIG": "File too large",
    "ENOSPC": "No space left on device",
    "EBUSY": "Device or resource busy",
    "EINVAL": "Invalid argument",
}


class FSError(Exception):
    def __init__(self, code, path=""):
        super().__init__(MESSAGES[code])
        self.code, self.path = code, path

    def __str__(self):
        return MESSAGES[self.code]


@dataclass
class Stat:
    kind: str                 # "file" | "dir" | "symlink"
    mode: int
    uid: int
    gid: int
    size: int
    mtime: float
    target: Optional[str] = None
    program: Optional[str] = None


@dataclass
class Mount:
    fs: "FileSystem"
    subpath: str = "/"
    readonly: bool = False
    kind: str = "bind"
    source: Optional[dict] = None     # JSON-able key the owner resolves back to `fs` on load


@dataclass
class _Loc:
    """Where a global path lives: which filesystem, under which local path, and its node."""
    fs: "FileSystem"
    local: str
    node: object
    readonly: bool
    path: str                 # the resolved global path


def _norm(path):
    path = posixpath.normpath("/" + path)
    return "/" + path.lstrip("/")


def _join(parent, name):
    return parent + name if parent == "/" else parent + "/" + name


def _stat(node):
    if isinstance(node, File):
        return Stat("file", node.mode, node.uid, node.gid, node.length, node.mtime, None, node.program)
    if isinstance(node, Dir):
        return Stat("dir", node.mode, node.uid, node.gid, DIR_SIZE, node.mtime)
    return Stat("symlink", node.mode, node.uid, node.gid, len(node.target), node.mtime, node.target)


class FileSystem:
    def __init__(self, lowers=(), upper=None, readonly=False, clock=None):
        self.lowers = list(lowers)                   # base first, like an image's layer list
        self.upper = upper if upper is not None else Layer(committed=False)
        self.stack = [self.upper] + self.lowers[::-1]  # top first
        self.mounts = {}                             # global target path → Mount
        self.pending_mounts = []                     # mounts loaded but not yet rebound by the owner
        self.readonly = readonly
        self.clock = clock
        if self._local("/")[0] is None:
            self.upper.put("/", Dir())

    # --- lookups ---------------------------------------------------------------------------
    def _now(self):
        return self.clock.now() if self.clock else 0.0

    def _local(self, path):
        """(node, visible layer count) of a local path with no symlinks in it, or (None, 0)."""
        limit = len(self.stack)
        node = None
        prefix = ""
        parts = [p for p in path.split("/") if p]
        for i, part in enumerate(["/"] + parts):
            prefix = "/" if part == "/" else _join(prefix, part)
            node = None
            for depth in range(limit):
                node = self.stack[depth].entries.get(prefix)
                if node is not None:
                    if isinstance(node, Dir) and node.opaque:
                        limit = depth + 1
                    break
            if node is None or node is WHITEOUT:
                return None, 0
            if i < len(parts) and not isinstance(node, Dir):
                return node, -1     # a non-directory in the middle of a path
        return node, limit

    def _child(self, local, limit):
        """(node, visible layer count) of `local` in the top `limit` layers, which its parent
        directory's lookup left visible; (None, 0) when absent or whited out."""
        stack = self.stack
        for depth in range(limit):
            node = stack[depth].entries.get(local)
            if node is not None:
                if node is WHITEOUT:
                    return None, 0
                if isinstance(node, Dir) and node.opaque:
                    return node, depth + 1
                return node, limit
        return None, 0

    def _resolve(self, path, follow=True):
        path = _norm(path)
        for _ in range(MAXSYMLINKS + 1):
            parts = [p for p in path.split("/") if p]
            fs, local, readonly, gpath = self, "/", self.readonly, "/"
            node, limit = self._local("/")
            restart = None
            for i, name in enumerate(parts):
                gpath = _join(gpath, name)
                mount = self.mounts.get(gpath)
                if mount:
                    fs, local, readonly = mount.fs, mount.subpath, mount.readonly
                    node, limit = fs._local(local)
                else:
                    # The parent is a directory already looked up: one step down from it.
                    local = _join(local, name)
                    node, limit = fs._child(local, limit)
                last = i == len(parts) - 1
                if limit == -1:
                    raise FSError("ENOTDIR", path)
                if node is None:
                    if not last:
                        raise FSError("ENOENT", path)
                elif isinstance(node, Symlink) and (follow or not last):
                    base = posixpath.dirname(gpath)
                    rest = "/".join(parts[i + 1:])
                    restart = _norm(posixpath.join(base, node.target, rest))
                    break
                elif not last and not isinstance(node, Dir):
                    raise FSError("ENOTDIR", path)
            if restart is None:
                return _Loc(fs, local, node, readonly, gpath)
            path = restart
        raise FSError("ELOOP", path)

    def _existing(self, path, follow=True):
        loc = self._resolve(path, follow)
        if loc.node is None:
            raise FSError("ENOENT", path)
        return loc

    def node(self, path, follow=True):
        """The node at path (File, Dir or Symlink): for copying with its program tag."""
        return self._existing(path, follow).node

    def stat(self, path, follow=True):
        return _stat(self._existing(path, follow).node)

    def lstat(self, path):
        return self.stat(path, follow=False)

    def exists(self, path, follow=True):
        try:
            return self._resolve(path, follow).node is not None
        except FSError:
            return False

    def is_dir(self, path):
        try:
            return isinstance(self._resolve(path).node, Dir)
        except FSError:
            return False

    def is_file(self, path):
        try:
            return isinstance(self._resolve(path).node, File)
        except FSError:
            return False

    def is_link(self, path):
        try:
            return isinstance(self._resolve(path, follow=False).node, Symlink)
        except FSError:
            return False

    def realpath(self, path):
        return self._resolve(path).path

    def read(self, path):
        node = self._existing(path).node
        if isinstance(node, Dir):
            raise FSError("EISDIR", path)
        return node.data

    def read_text(self, path):
        return self.read(path).decode("utf-8", errors="replace")

    def listdir(self, path):
        loc = self._existing(path)
        if not isinstance(loc.node, Dir):
            raise FSError("ENOTDIR", path)
        names = loc.fs._names(loc.local)
        prefix = loc.path.rstrip("/") + "/"
        names.update(t[len(prefix):] for t in self.mounts if t.startswith(prefix) and "/" not in t[len(prefix):])
        return sorted(names)

    def _names(self, local):
        _, limit = self._local(local)
        names = set()
        for depth in range(limit):
            names.update(self.stack[depth].children.get(local, ()))
        out = set()
        for name in names:
            child = _join(local, name)
            for depth in range(limit):
                node = self.stack[depth].entries.get(child)
                if node is not None:
                    if node is not WHITEOUT:
                        out.add(name)
                    break
        return out

    def walk(self, path):
        """Top-down (dirpath, dirnames, filenames), not following symlinked directories."""
        path = _norm(path)
        dirs, files = [], []
        for name in self.listdir(path):
            child = _join(path, name)
            (dirs if isinstance(self._resolve(child, follow=False).node, Dir) else files).append(name)
        yield path, dirs, files
        for name in dirs:
            yield from self.walk(_join(path, name))

    # --- writes ----------------------------------------------------------------------------
    def _writable(self, loc, path):
        if loc.readonly:
            raise FSError("EROFS", path)

    def _put(self, loc, node, path):
        self._writable(loc, path)
        upper = loc.fs.upper
        old = upper.entries.get(loc.local)
        if isinstance(node, File):
            if len(node.data) > MAX_FILE:
                raise FSError("EFBIG", path)
            grow = len(node.data) - (len(old.data) if isinstance(old, File) else 0)
            if grow > 0 and upper.stored + grow > MAX_FS:
                raise FSError("ENOSPC", path)
        if isinstance(node, Dir) and old is WHITEOUT:
            node = replace(node, opaque=True)
        upper.put(loc.local, node)
        self._charge(upper, loc.local, old, path)

    @staticmethod
    def _charge(upper, local, old, path):
        """Counts what a write adds to the session's saved state (after the layer had its say: a
        device keeps nothing); undoes the write and fails with ENOSPC when the session is full."""
        space, new = SPACE.get(), upper.entries.get(local)
        if space is None or not isinstance(new, File) or new is old:
            return
        before = saved_size(old.data) if isinstance(old, File) else 0
        if not space.take(saved_size(new.data) - before):
            if old is None:
                upper.drop(local)
            else:
                upper.put(local, old)
            raise FSError("ENOSPC", path)

    def _parent_dir(self, path):
        parent = self._resolve(posixpath.dirname(_norm(path)))
        if parent.node is None:
            raise FSError("ENOENT", path)
        if not isinstance(parent.node, Dir):
            raise FSError("ENOTDIR", path)

    def write(self, path, data, append=False, mode=None):
        if isinstance(data, str):
            data = data.encode("utf-8")
        loc = self._resolve(path)
        if loc.node is None:
            self._parent_dir(path)
        elif isinstance(loc.node, Dir):
            raise FSError("EISDIR", path)
        old = loc.node if isinstance(loc.node, File) else None
        if append and old:
            data = old.data + data
        node = File(data, mode if mode is not None else (old.mode if old else 0o644),
                    old.uid if old else 0, old.gid if old else 0, self._now())
        self._put(loc, node, path)

    def put(self, path, node):
        """Place a node as it is (a copied executable keeps its program tag)."""
        loc = self._resolve(path, follow=not isinstance(node, Symlink))
        if loc.node is None:
            self._parent_dir(path)
        self._put(loc, node, path)

    def mkdir(self, path, parents=False, exist_ok=False, mode=0o755):
        path = _norm(path)
        if parents:
            prefix = "/"
            for part in [p for p in path.split("/") if p]:
                prefix = _join(prefix, part)
                loc = self._resolve(prefix)
                if loc.node is None:
                    self._put(loc, Dir(mode, mtime=self._now()), prefix)
                elif not isinstance(loc.node, Dir):
                    raise FSError("ENOTDIR" if prefix != path else "EEXIST", prefix)
            return
        loc = self._resolve(path)
        if loc.node is not None:
            if exist_ok and isinstance(loc.node, Dir):
                return
            raise FSError("EEXIST", path)
        self._parent_dir(path)
        self._put(loc, Dir(mode, mtime=self._now()), path)

    def symlink(self, target, path):
        loc = self._resolve(path, follow=False)
        if loc.node is not None:
            raise FSError("EEXIST", path)
        self._parent_dir(path)
        self._put(loc, Symlink(target, mtime=self._now()), path)

    def _delete(self, loc, path):
        self._writable(loc, path)
        if _norm(path) in self.mounts:
            raise FSError("EBUSY", path)
        fs = loc.fs
        old, space = fs.upper.entries.get(loc.local), SPACE.get()
        below = fs.stack[1:]
        if any(loc.local in layer.entries for layer in below):
            fs.upper.put(loc.local, WHITEOUT)
        else:
            fs.upper.drop(loc.local)
        if space is not None and isinstance(old, File):
            space.take(-saved_size(old.data))

    def remove(self, path):
        """Unlink a file or symlink."""
        loc = self._existing(path, follow=False)
        if isinstance(loc.node, Dir):
            raise FSError("EISDIR", path)
        self._delete(loc, path)

    def rmdir(self, path):
        loc = self._existing(path, follow=False)
        if not isinstance(loc.node, Dir):
            raise FSError("ENOTDIR", path)
        if self.listdir(path):
            raise FSError("ENOTEMPTY", path)
        self._delete(loc, path)

    def rmtree(self, path):
        loc = self._existing(path, follow=False)
        if not isinstance(loc.node, Dir):
            return self.remove(path)
        for name in self.listdir(path):
            self.rmtree(_join(_norm(path), name))
        self.rmdir(path)

    def copy(self, src, dst):
        """Copy a node or a whole tree (no symlinks followed below src)."""
        node = self._existing(src, follow=False).node
        if isinstance(node, Dir):
            self.mkdir(dst, exist_ok=True, mode=node.mode)
            for name in self.listdir(src):
                self.copy(_join(_norm(src), name), _join(_norm(dst), name))
        else:
            self.put(dst, node)

    def rename(self, src, dst):
        self._existing(src, follow=False)
        if _norm(dst).startswith(_norm(src).rstrip("/") + "/"):
            raise FSError("EINVAL", dst)
        room = SPACE.set(None)      # a move takes no room: what the copy adds, the removal gives back
        try:
            self.copy(src, dst)
            self.rmtree(src)
        finally:
            SPACE.reset(room)

    def chmod(self, path, mode):
        loc = self._existing(path)
        self._put(loc, replace(loc.node, mode=mode), path)

    def chown(self, path, uid=None, gid=None):
        loc = self._existing(path)
        node = loc.node
        self._put(loc, replace(node, uid=node.uid if uid is None else uid,
                                gid=node.gid if gid is None else gid), path)

    def touch(self, path):
        loc = self._resolve(path)
        if loc.node is None:
            self.write(path, b"")
        else:
            self._put(loc, replace(loc.node, mtime=self._now()), path)

    # --- mounts ----------------------------------------------------------------------------
    def mount(self, target, source_fs, subpath="/", readonly=False, kind="bind", source=None):
        """Splice source_fs (at subpath) in at target; `source` is the key saved in to_dict."""
        self.mounts[_norm(target)] = Mount(source_fs, _norm(subpath), readonly, kind, source)

    def unmount(self, target):
        self.mounts.pop(_norm(target), None)

    # --- layers ----------------------------------------------------------------------------
    def diff(self):
        """docker diff: (A|C|D, path) for the upper layer, changed parent dirs included."""
        changes = {}
        for path, node in self.upper.entries.items():
            if path == "/":
                continue
            in_lower = any(path in layer.entries for layer in self.stack[1:])
            changes[path] = "D" if isinstance(node, Whiteout) else ("C" if in_lower else "A")
            parent = posixpath.dirname(path)
            while parent != "/" and parent not in changes:
                changes[parent] = "C"
                parent = posixpath.dirname(parent)
        for path in list(changes):
            if changes[path] == "C" and path not in self.upper.entries:
                if not any(path in layer.entries for layer in self.stack[1:]):
                    changes[path] = "A"
        return sorted((kind, path) for path, kind in changes.items())

    def commit(self):
        """A committed snapshot of the upper layer."""
        return self.upper.frozen_copy()

    def to_dict(self):
        mounts = []
        for target, m in self.mounts.items():
            source = m.source if m.source is not None else {"kind": m.kind}
            if m.kind == "tmpfs" and m.source is None:
                source = {"kind": "tmpfs", "fs": m.fs.to_dict()}
            mounts.append({"target": target, "subpath": m.subpath, "readonly": m.readonly,
                           "kind": m.kind, "source": source})
        return {"lowers": [layer.id for layer in self.lowers], "upper": self.upper.to_dict(),
                "readonly": self.readonly, "mounts": mounts}

    @classmethod
    def from_dict(cls, data, layers, mounts=None, clock=None):
        """layers(layer_id) → Layer; mounts(source_key) → FileSystem, or None to leave the mounts
        in fs.pending_mounts for the owner to rebind with fs.mount(**entry)."""
        fs = cls([layers(i) for i in data["lowers"]], Layer.from_dict(data["upper"], committed=False),
                 data.get("readonly", False), clock)
        for entry in data.get("mounts", []):
            source = entry["source"]
            if source.get("kind") == "tmpfs" and "fs" in source:
                fs.mount(entry["target"], cls.from_dict(source["fs"], layers), entry["subpath"],
                         entry["readonly"], "tmpfs")
            elif mounts is not None:
                fs.mount(entry["target"], mounts(source), entry["subpath"], entry["readonly"],
                         entry["kind"], source)
            else:
                fs.pending_mounts.append(entry)
        return fs
