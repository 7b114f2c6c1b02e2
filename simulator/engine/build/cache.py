"""The build cache: one record per built step, found by a key chained from the parent step's
key, so a miss changes every key after it. Records keep their layers alive in the daemon's
layer store (a removed image still builds from cache), until `docker builder prune`."""
from dataclasses import dataclass
from typing import Optional

from ...fs import FileSystem
from ..state import Image, Record

ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def cache_id(hex64):
    """A BuildKit-style record id: 25 lowercase base-36 characters."""
    value, out = int(hex64, 16), []
    for _ in range(25):
        value, digit = divmod(value, 36)
        out.append(ID_ALPHABET[digit])
    return "".join(out)


@dataclass
class CacheRecord(Record):
    id: str
    key: str
    diff_id: Optional[str]        # the layer the step made; None when it changed no file
    size: int
    created: float
    last_used: float
    description: str              # "[2/5] RUN npm install", as `docker buildx du --verbose` shows
    kind: str = "regular"         # regular | source.local | exec.cachemount
    usage: int = 1


class BuildCache:
    def __init__(self, engine):
        self.engine = engine
        self.records = {}         # key -> CacheRecord
        self.mounts = {}          # cache mount id -> FileSystem (RUN --mount=type=cache)

    def get(self, key):
        record = self.records.get(key)
        if record is not None:
            record.last_used = self.engine.clock.now()
            record.usage += 1
        return record

    def put(self, key, diff_id, size, description, kind="regular"):
        now = self.engine.clock.now()
        old = self.records.get(key)
        if old is not None:
            self._release(old)
        record = CacheRecord(cache_id(self.engine.ids.hex64("buildcache")), key, diff_id, size,
                             now, now, description, kind)
        self.records[key] = record
        self._hold(record, +1)
        return record

    def mount(self, mount_id, description):
        """The filesystem of a cache mount, created on first use and kept until pruned."""
        key = "mount:" + mount_id
        if self.get(key) is None:
            self.put(key, None, 0, description, kind="exec.cachemount")
        if mount_id not in self.mounts:
            self.mounts[mount_id] = FileSystem(clock=self.engine.clock)
        return self.mounts[mount_id]

    def _hold(self, record, delta):
        if record.diff_id and record.diff_id in self.engine.images.layers:
            self.engine.images.hold(Image("", {}, [record.diff_id], "", 0), delta)

    def _release(self, record):
        self._hold(record, -1)

    def disk_usage(self):
        """Every record, oldest first: what `docker system df` counts as Build Cache (none is
        in use between builds, none shared)."""
        for mount_id, fs in self.mounts.items():
            self.records["mount:" + mount_id].size = fs.upper.size
        return sorted(self.records.values(), key=lambda r: r.created)

    def size(self):
        return sum(record.size for record in self.disk_usage())

    def prune(self, everything=False):
        """`docker builder prune`: records (id, size) removed. Without `everything`, only the
        dangling ones: records whose layer no image uses any more, and context transfers."""
        used = {diff_id for image in self.engine.images.by_id.values() for diff_id in image.layers}
        removed = []
        for key, record in list(self.records.items()):
            if everything or record.diff_id not in used:
                del self.records[key]
                self._release(record)
                mount = self.mounts.pop(key.removeprefix("mount:"), None)
                removed.append((record.id, mount.upper.size if mount else record.size))
        return removed

    def to_dict(self):
        return {"records": {key: record.to_dict() for key, record in self.records.items()},
                "mounts": {key: fs.to_dict() for key, fs in self.mounts.items()}}

    def load(self, data):
        data = data or {}
        self.records = {key: CacheRecord(**value) for key, value in data.get("records", {}).items()}
        self.mounts = {key: FileSystem.from_dict(fs, lambda _: None, clock=self.engine.clock)
                       for key, fs in data.get("mounts", {}).items()}
