"""Volumes and mounts: named and anonymous volumes (each a FileSystem that outlives its
containers, filled from the image on first use), bind mounts of the host filesystem, tmpfs
(emptied when the container stops) and `--volumes-from`, spliced into a container's
filesystem; volume create, remove, prune and the inspect answer."""
import re

from ..fs import FileSystem
from ..limits import MAX_VOLUMES
from .errors import Conflict, DockerError, InvalidParameter, NotFound
from .state import Volume, dump, load, timestamp

ROOT = "/var/lib/docker/volumes"
ANONYMOUS = "com.docker.volume.anonymous"
NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
MODES = {"ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "slave", "rslave", "private", "rprivate",
         "consistent", "cached", "delegated"}


class Volumes:
    def __init__(self, engine):
        self.engine = engine
        self.by_name = {}
        self._fs = {}                # volume name -> FileSystem

    # --- volumes ---------------------------------------------------------------------------
    def create(self, name=None, driver="local", labels=None, options=None, anonymous=False):
        """A volume; an existing name returns that volume (as the daemon does). Labels and
        options stay null unless given, as for volumes a container creates."""
        if name in self.by_name:
            return self.by_name[name]
        if name and not NAME.match(name):
            raise InvalidParameter(f'create {name}: "{name}" includes invalid characters for a local volume name, '
                                   'only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host '
                                   "directory, use absolute path")
        if driver != "local":
            raise NotFound(f'create {name or ""}: error looking up volume plugin {driver}: plugin "{driver}" not found')
        if len(self.by_name) >= MAX_VOLUMES:
            raise DockerError(f"this lab allows at most {MAX_VOLUMES} volumes")
        name = name or self.engine.ids.hex64("volume")
        if anonymous:
            labels = {**(labels or {}), ANONYMOUS: ""}
        volume = Volume(name=name, created=self.engine.clock.now(), driver=driver, labels=labels,
                        options=options, anonymous=anonymous)
        self.by_name[name] = volume
        self.engine.events.emit("volume", "create", name, {"driver": driver})
        return volume

    def get(self, name):
        return self.by_name.get(name)

    def find(self, name):
        volume = self.get(name)
        if volume is None:
            raise NotFound(f"get {name}: no such volume")
        return volume

    def fs(self, volume):
        fs = self._fs.get(volume.name)
        if fs is None:
            fs = (FileSystem.from_dict(volume.fs, lambda _: None, clock=self.engine.clock) if volume.fs
                  else FileSystem(clock=self.engine.clock))
            self._fs[volume.name] = fs
        return fs

    def size(self, volume):
        return self.fs(volume).upper.size

    def users(self, volume):
        """Every container (running or not) that mounts the volume."""
        return [c for c in self.engine.containers.all()
                if any(m.get("Name") == volume.name for m in c.mounts)]

    def remove(self, name, force=False):
        volume = self.get(name)
        if volume is None:
            if force:
                return
            raise NotFound(f"get {name}: no such volume")
        users = self.users(volume)
        if users:
            raise Conflict(f"remove {name}: volume is in use - [{', '.join(c.id for c in users)}]")
        del self.by_name[name]
        self._fs.pop(name, None)
        self.engine.events.emit("volume", "destroy", name, {"driver": volume.driver})

    def prune(self, all_volumes=False, keep=lambda volume: False):
        """Remove unused anonymous volumes (every unused one with all_volumes): (names, bytes)."""
        removed, reclaimed = [], 0
        for volume in sorted(self.by_name.values(), key=lambda v: v.created):
            if (volume.anonymous or all_volumes) and not self.users(volume) and not keep(volume):
                reclaimed += self.size(volume)
                self.remove(volume.name)
                removed.append(volume.name)
        return removed, reclaimed

    def inspect(self, volume):
        """The API's volume inspect (FIDELITY 4.2)."""
        return {"CreatedAt": timestamp(volume.created, nano=False), "Driver": volume.driver,
                "Labels": volume.labels, "Mountpoint": f"{ROOT}/{volume.name}/_data", "Name": volume.name,
                "Options": volume.options, "Scope": "local"}

    # --- a container's mounts --------------------------------------------------------------
    def prepare(self, c, image):
        """Turn Binds, Mounts, Tmpfs, VolumesFrom and the image's VOLUMEs into the mount list."""
        mounts = []
        for spec in c.host_config.get("Binds") or []:
            mounts.append(self._bind_spec(spec))
        for spec in c.host_config.get("Mounts") or []:
            mounts.append(self._mount_spec(spec))
        for target in c.host_config.get("Tmpfs") or {}:
            mounts.append(_tmpfs(target, True))
        mounts += self._volumes_from(c, {m["Destination"] for m in mounts})
        taken = {m["Destination"] for m in mounts}
        for target in sorted((c.config.get("Volumes") or {})):
            if target not in taken:
                mounts.append(self._volume_mount(self.create(anonymous=True), target, True, ""))
        c.mounts = mounts

    def _volume_mount(self, volume, target, rw, mode="z"):
        return {"Type": "volume", "Name": volume.name, "Source": f"{ROOT}/{volume.name}/_data",
                "Destination": target, "Driver": volume.driver, "Mode": mode, "RW": rw, "Propagation": ""}

    def _bind_spec(self, spec):
        """`-v source:target[:mode]` (moby's linux parser)."""
        parts = spec.split(":")
        if len(parts) == 1 and spec.startswith("/"):
            return self._volume_mount(self.create(anonymous=True), spec, True, "")
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise InvalidParameter(f"invalid volume specification: '{spec}'")
        source, target, mode = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        if not target.startswith("/"):
            raise InvalidParameter(f"invalid volume specification: '{spec}': invalid mount config for type "
                                   f'"{"bind" if source.startswith("/") else "volume"}": invalid mount path: '
                                   f"'{target}' mount path must be absolute")
        if any(m not in MODES for m in mode.split(",") if mode):
            raise InvalidParameter(f"invalid mode: {mode}")
        rw = "ro" not in mode.split(",")
        if source.startswith("/"):
            return {"Type": "bind", "Source": source, "Destination": target, "Mode": mode, "RW": rw,
                    "Propagation": "rprivate"}
        return self._volume_mount(self.create(source), target, rw, mode or "z")

    def _mount_spec(self, spec):
        """`--mount type=...,source=...,target=...[,readonly]`."""
        kind, target = spec.get("Type", "volume"), spec.get("Target", "")
        rw = not spec.get("ReadOnly")
        if kind == "bind":
            source = spec.get("Source", "")
            if not source:
                raise InvalidParameter('invalid mount config for type "bind": field Source must not be empty')
            host = self.engine.host_fs
            if host is not None and not host.exists(source):
                raise InvalidParameter(f'invalid mount config for type "bind": bind source path does not exist: '
                                       f"{source}")
            return {"Type": "bind", "Source": source, "Destination": target, "Mode": "", "RW": rw,
                    "Propagation": "rprivate"}
        if kind == "tmpfs":
            if spec.get("Source"):
                raise InvalidParameter('invalid mount config for type "tmpfs": field Source must not be specified')
            return _tmpfs(target, rw)
        if kind != "volume":
            raise InvalidParameter(f'mount type unknown: "{kind}"' if kind not in ("npipe", "cluster", "image")
                                   else f'invalid mount config for type "{kind}": mount type unknown')
        volume = self.create(spec.get("Source") or None, anonymous=not spec.get("Source"))
        return self._volume_mount(volume, target, rw)

    def _volumes_from(self, c, taken):
        """The volume and bind mounts of `--volumes-from other[:ro|:rw]`."""
        mounts = []
        for entry in c.host_config.get("VolumesFrom") or []:
            name, _, mode = entry.partition(":")
            if mode not in ("", "ro", "rw"):
                raise InvalidParameter(f"invalid mode: {mode}")
            other = self.engine.containers.find(name)
            for m in other.mounts:
                if m["Type"] == "tmpfs" or m["Destination"] in taken:
                    continue
                copied = dict(m)
                if mode:
                    copied["RW"] = mode == "rw"
                mounts.append(copied)
                taken.add(m["Destination"])
        return mounts

    def mount_all(self, c, fs):
        for m in c.mounts:
            if not fs.exists(m["Destination"]):
                fs.mkdir(m["Destination"], parents=True, exist_ok=True)     # the runtime makes mount points
            if m["Type"] == "tmpfs":
                fs.mount(m["Destination"], FileSystem(clock=self.engine.clock), readonly=not m["RW"], kind="tmpfs")
                continue
            source = {"kind": m["Type"], "name": m.get("Name", ""), "path": m["Source"]}
            target_fs = self.source_fs(source)
            if m["Type"] == "volume":
                self._copy_up(fs, m["Destination"], target_fs)
            fs.mount(m["Destination"], target_fs, "/" if m["Type"] != "bind" else m["Source"],
                     readonly=not m["RW"], kind=m["Type"], source=source)

    @staticmethod
    def _copy_up(image_fs, target, volume_fs):
        """An empty volume first mounted over image content gets a copy of it (moby copyExistingContents)."""
        if volume_fs.listdir("/") or not image_fs.is_dir(target):
            return
        volume_fs.put("/", image_fs.node(target))
        for path, dirs, files in image_fs.walk(target):
            for name in dirs + files:
                inside = f"{path}/{name}"
                volume_fs.put(inside[len(target):], image_fs.node(inside, follow=False))

    def source_fs(self, source):
        """The FileSystem a saved mount source names (volume, host bind)."""
        kind = source.get("kind")
        if kind == "volume":
            return self.fs(self.find(source["name"]))
        if kind == "bind":
            host = self.engine.host_fs
            if host is not None and not host.exists(source["path"]):
                host.mkdir(source["path"], parents=True, exist_ok=True)
            return host
        return FileSystem(clock=self.engine.clock)

    def on_stop(self, c):
        """tmpfs mounts lose their content when the container stops."""
        fs = self.engine.containers.fs(c)
        for target, mount in list(fs.mounts.items()):
            if mount.kind == "tmpfs":
                fs.mount(target, FileSystem(clock=self.engine.clock), readonly=mount.readonly, kind="tmpfs")

    def release(self, c, remove_anonymous=False):
        """A removed container's volumes: anonymous ones go with `rm -v` and `--rm`."""
        if not remove_anonymous:
            return
        c_mounts, c.mounts = c.mounts, []
        for m in c_mounts:
            volume = self.by_name.get(m.get("Name", ""))
            if volume is not None and volume.anonymous and not self.users(volume):
                self.remove(volume.name)

    # --- serialisation ---------------------------------------------------------------------
    def to_dict(self):
        for name, fs in self._fs.items():
            if name in self.by_name:
                self.by_name[name].fs = fs.to_dict()
        return dump(self.by_name)

    def load(self, data):
        self.by_name = load(Volume, data)
        self._fs = {}


def _tmpfs(target, rw):
    return {"Type": "tmpfs", "Source": "", "Destination": target, "Mode": "", "RW": rw, "Propagation": ""}
