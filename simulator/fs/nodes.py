"""Filesystem entries and layers. Nodes are immutable values; a Layer maps absolute paths to
nodes and, once committed, never changes (so any number of filesystems can share it)."""
import base64
import hashlib
import json
import posixpath
from dataclasses import dataclass
from typing import Optional

DIR_SIZE = 4096


@dataclass(frozen=True, slots=True)
class File:
    data: bytes = b""
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    mtime: float = 0.0
    program: Optional[str] = None   # the simulated program this executable runs
    size: Optional[int] = None      # declared size of a marker file that holds no data

    @property
    def length(self):
        return len(self.data) if self.size is None else self.size


@dataclass(frozen=True, slots=True)
class Dir:
    mode: int = 0o755
    uid: int = 0
    gid: int = 0
    mtime: float = 0.0
    opaque: bool = False            # hides what lower layers hold beneath it (a recreated dir)


@dataclass(frozen=True, slots=True)
class Symlink:
    target: str
    mode: int = 0o777
    uid: int = 0
    gid: int = 0
    mtime: float = 0.0


@dataclass(frozen=True, slots=True)
class Whiteout:
    """Marks a path deleted in this layer: lower layers' entry (and its subtree) is hidden."""


WHITEOUT = Whiteout()
KINDS = {File: "file", Dir: "dir", Symlink: "symlink", Whiteout: "whiteout"}


PLAIN = bytes(range(0x20, 0x7f)).replace(b'"', b"").replace(b"\\", b"")   # bytes JSON keeps as they are
SHORT_ESCAPES = b'"\\\n\r\t\b\f'                                              # bytes JSON writes as two


def saved_size(data):
    """Characters file data takes in a saved session: node_to_dict's encoding inside JSON."""
    if data.isascii():      # counted in C: every write of a file pays this
        escaped = data.translate(None, PLAIN)
        short = sum(escaped.count(c) for c in SHORT_ESCAPES)
        return len(data) + short + 5 * (len(escaped) - short)
    try:
        return len(json.dumps(data.decode("utf-8"))) - 2
    except UnicodeDecodeError:
        return (len(data) + 2) // 3 * 4


def node_to_dict(node):
    kind = KINDS[type(node)]
    if kind == "whiteout":
        return {"k": "w"}
    out = {"k": kind[0], "m": node.mode, "u": node.uid, "g": node.gid, "t": node.mtime}
    if kind == "file":
        try:
            out["d"] = node.data.decode("utf-8")
        except UnicodeDecodeError:
            out["b"] = base64.b64encode(node.data).decode("ascii")
        if node.program:
            out["p"] = node.program
        if node.size is not None:
            out["s"] = node.size
    elif kind == "dir" and node.opaque:
        out["o"] = True
    elif kind == "symlink":
        out["l"] = node.target
    return out


def node_from_dict(d):
    k = d["k"]
    if k == "w":
        return WHITEOUT
    common = dict(mode=d["m"], uid=d["u"], gid=d["g"], mtime=d["t"])
    if k == "f":
        data = base64.b64decode(d["b"]) if "b" in d else d.get("d", "").encode("utf-8")
        return File(data=data, program=d.get("p"), size=d.get("s"), **common)
    if k == "d":
        return Dir(opaque=d.get("o", False), **common)
    return Symlink(target=d["l"], **common)


class Layer:
    """Paths → nodes, with a child index so directory listings are dict hits."""

    def __init__(self, entries=None, committed=True):
        self.entries = {}
        self.children = {}
        self.committed = False
        self.stored = 0                 # bytes of data held (for MAX_FS)
        for path, node in (entries or {}).items():
            self.put(path, node)
        self.committed = committed
        self._id = None

    def put(self, path, node):
        if self.committed:
            raise ValueError("a committed layer is immutable")
        old = self.entries.get(path)
        if isinstance(old, File):
            self.stored -= len(old.data)
        if isinstance(node, File):
            self.stored += len(node.data)
        self.entries[path] = node
        if path != "/":
            parent, name = posixpath.split(path)
            self.children.setdefault(parent, set()).add(name)

    def drop(self, path):
        """Forget an entry of this layer entirely (not a deletion: lower layers show through)."""
        if self.committed:
            raise ValueError("a committed layer is immutable")
        old = self.entries.pop(path, None)
        if isinstance(old, File):
            self.stored -= len(old.data)
        if path != "/":
            parent, name = posixpath.split(path)
            self.children.get(parent, set()).discard(name)

    @property
    def size(self):
        return sum(n.length for n in self.entries.values() if isinstance(n, File))

    @property
    def id(self):
        """sha256:<hex> of the canonical content (mtimes left out, so equal content, equal id)."""
        if self._id is None or not self.committed:
            canon = []
            for path in sorted(self.entries):
                d = node_to_dict(self.entries[path])
                d.pop("t", None)
                canon.append([path, d])
            digest = hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()
            if not self.committed:
                return "sha256:" + digest
            self._id = "sha256:" + digest
        return self._id

    def frozen_copy(self):
        return Layer(dict(self.entries), committed=True)

    def to_dict(self):
        return {path: node_to_dict(node) for path, node in self.entries.items()}

    @classmethod
    def from_dict(cls, data, committed=True):
        return cls({path: node_from_dict(d) for path, d in data.items()}, committed=committed)

