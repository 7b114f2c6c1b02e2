"""Volumes and mounts: named and anonymous volumes (each a FileSystem that outlives its
containers), bind mounts of the host filesystem and tmpfs, spliced into a container's
filesystem at create time and rebound when a session is loaded."""
from ..fs import FileSystem
from .errors import Conflict, InvalidParameter, NotFound
from .state import Volume, dump, load

ROOT = "/var/lib/docker/volumes"


class Volumes:
    def __init__(self, engine):
        self.engine = engine
        self.by_name = {}
        self._fs = {}                # volume name -> FileSystem

    # --- volumes ---------------------------------------------------------------------------
    def create(self, name=None, driver="local", labels=None, options=None, anonymous=False):
        if name in self.by_name:
            return self.by_name[name]
        name = name or self.engine.ids.hex64("volume")
        labels = dict(labels or {})
        if anonymous:
            labels["com.docker.volume.anonymous"] = ""
        volume = Volume(name=name, created=self.engine.clock.now(), driver=driver, labels=labels,
                        options=dict(options or {}), anonymous=anonymous)
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
            fs = FileSystem.from_dict(volume.fs, lambda _: None) if volume.fs else FileSystem(clock=self.engine.clock)
            self._fs[volume.name] = fs
        return fs

    def users(self, volume):
        return [c for c in self.engine.containers.all()
                if any(m.get("Name") == volume.name for m in c.mounts)]

    def remove(self, name, force=False):
        volume = self.find(name)
        users = self.users(volume)
        if users:
            raise Conflict(f"remove {name}: volume is in use - [{', '.join(c.id for c in users)}]")
        del self.by_name[name]
        self._fs.pop(name, None)
        self.engine.events.emit("volume", "destroy", name, {"driver": volume.driver})

    # --- a container's mounts --------------------------------------------------------------
    def prepare(self, c, image):
        """Turn Binds, Mounts, Tmpfs and the image's VOLUMEs into the container's mount list."""
        mounts = []
        for spec in c.host_config.get("Binds") or []:
            mounts.append(self._bind_spec(spec))
        for spec in c.host_config.get("Mounts") or []:
            mounts.append(self._mount_spec(spec))
        for target in c.host_config.get("Tmpfs") or {}:
            mounts.append({"Type": "tmpfs", "Source": "", "Destination": target, "Mode": "", "RW": True,
                           "Propagation": ""})
        taken = {m["Destination"] for m in mounts}
        for target in sorted((c.config.get("Volumes") or {})):
            if target not in taken:
                volume = self.create(anonymous=True)
                mounts.append(self._volume_mount(volume, target, True))
        c.mounts = mounts

    def _volume_mount(self, volume, target, rw):
        return {"Type": "volume", "Name": volume.name, "Source": f"{ROOT}/{volume.name}/_data",
                "Destination": target, "Driver": volume.driver, "Mode": "z", "RW": rw, "Propagation": ""}

    def _bind_spec(self, spec):
        parts = spec.split(":")
        if len(parts) < 2 or not parts[1].startswith("/"):
            raise InvalidParameter(f"invalid volume specification: '{spec}'")
        source, target, mode = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        rw = "ro" not in mode.split(",")
        if source.startswith("/"):
            return {"Type": "bind", "Source": source, "Destination": target, "Mode": mode, "RW": rw,
                    "Propagation": "rprivate"}
        mount = self._volume_mount(self.create(source), target, rw)
        mount["Mode"] = mode or "z"
        return mount

    def _mount_spec(self, spec):
        kind, target = spec.get("Type", "volume"), spec.get("Target", "")
        rw = not spec.get("ReadOnly")
        if kind == "bind":
            return {"Type": "bind", "Source": spec.get("Source", ""), "Destination": target, "Mode": "",
                    "RW": rw, "Propagation": "rprivate"}
        if kind == "tmpfs":
            return {"Type": "tmpfs", "Source": "", "Destination": target, "Mode": "", "RW": rw,
                    "Propagation": ""}
        volume = self.create(spec.get("Source") or None, anonymous=not spec.get("Source"))
        mount = self._volume_mount(volume, target, rw)
        mount["Mode"] = "z"
        return mount

    def mount_all(self, c, fs):
        for m in c.mounts:
            source = {"kind": m["Type"], "name": m.get("Name", ""), "path": m["Source"]}
            fs.mount(m["Destination"], self.source_fs(source), "/" if m["Type"] != "bind" else m["Source"],
                     readonly=not m["RW"], kind=m["Type"], source=source)

    def source_fs(self, source):
        """The FileSystem a saved mount source names (volume, host bind, tmpfs)."""
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
        fs = self.engine.containers._fs.get(c.id)
        if fs is None:
            return
        for target, mount in list(fs.mounts.items()):
            if mount.kind == "tmpfs":
                fs.mount(target, FileSystem(clock=self.engine.clock), kind="tmpfs")

    def release(self, c, remove_anonymous=False):
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
            self.by_name[name].fs = fs.to_dict()
        return dump(self.by_name)

    def load(self, data):
        self.by_name = load(Volume, data)
        self._fs = {}
