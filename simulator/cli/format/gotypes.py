"""Inspect answers as Go templates see them. docker runs `-f` over the typed struct first: a
struct prints as `{a b}` (a port binding `{0.0.0.0 8080}`, a restart policy `{no 0}`), a nil
slice as `[]`, a nil map as `map[]`, and a field the struct lacks sends it to the JSON map,
where a missing key is an error (cli/command/inspect/inspector.go)."""
from dataclasses import dataclass, field

from .gotemplate import NilMap, NilSlice, Struct, StructPointer


@dataclass(frozen=True)
class GoType:
    """Where an inspect answer holds what: paths (`*` for any key) of Go maps (every other object
    is a struct), of structs reached through a pointer (printed `&{...}`), of pointer fields (a
    null one prints `<nil>`; any other null is a nil slice, or a nil map at a map path), and the
    fields the JSON leaves out when empty (omitempty) but the struct always has, with their zero."""
    maps: frozenset
    pointers: frozenset = frozenset()
    nil_pointers: frozenset = frozenset()
    zeros: dict = field(default_factory=dict)

    def view(self, data):
        full = dict(data)
        for path, zeros in self.zeros.items():
            if not path:
                full.update({k: v for k, v in zeros.items() if k not in data})
            elif path in full:
                full[path] = {**full[path], **{k: v for k, v in zeros.items() if k not in full[path]}}
        return self.typed(full, "")

    def typed(self, value, path):
        if value is None:
            if _matches(path, self.nil_pointers):
                return None
            return NilMap() if _matches(path, self.maps) else NilSlice()
        if isinstance(value, list):
            return [self.typed(item, path) for item in value]
        if not isinstance(value, dict):
            return value
        if _matches(path, self.maps):
            return {key: self.typed(item, _path(path, "*")) for key, item in value.items()}
        kind = StructPointer if _matches(path, self.pointers) else Struct
        return kind((key, self.typed(item, _path(path, key))) for key, item in value.items())


def _path(parent, key):
    return f"{parent}.{key}" if parent else key


def _matches(path, patterns):
    parts = path.split(".")
    return any(len(p.split(".")) == len(parts) and all(a in ("*", b) for a, b in zip(p.split("."), parts))
               for p in patterns)


CONTAINER = GoType(
    maps=frozenset({"Config.Labels", "Config.ExposedPorts", "Config.Volumes", "HostConfig.PortBindings",
                    "HostConfig.LogConfig.Config", "HostConfig.Tmpfs", "HostConfig.Sysctls", "HostConfig.StorageOpt",
                    "HostConfig.Annotations", "NetworkSettings.Ports", "NetworkSettings.Networks",
                    "NetworkSettings.Networks.*.DriverOpts", "GraphDriver.Data"}),
    pointers=frozenset({"State", "Config", "HostConfig", "NetworkSettings", "State.Health",
                        "NetworkSettings.Networks.*"}),
    nil_pointers=frozenset({"HostConfig.MemorySwappiness", "HostConfig.OomKillDisable", "HostConfig.PidsLimit",
                            "HostConfig.Init", "NetworkSettings.Networks.*.IPAMConfig", "State.Health",
                            "Config.Healthcheck", "Config.StopTimeout", "SizeRw", "SizeRootFs"}),
    zeros={"": {"SizeRw": None, "SizeRootFs": None}, "State": {"Health": None},
           "Config": {"ExposedPorts": None, "Healthcheck": None, "ArgsEscaped": False, "NetworkDisabled": False,
                      "MacAddress": "", "StopSignal": "", "StopTimeout": None, "Shell": None},
           "HostConfig": {"Annotations": None, "StorageOpt": None, "Tmpfs": None, "Sysctls": None,
                          "Mounts": None, "Init": None}})
IMAGE = GoType(maps=frozenset({"Config.Labels", "Config.ExposedPorts", "Config.Volumes", "GraphDriver.Data"}),
               pointers=frozenset({"Config"}), nil_pointers=frozenset({"Config.Healthcheck"}))
VOLUME = GoType(maps=frozenset({"Labels", "Options", "Status"}),
                nil_pointers=frozenset({"ClusterVolume", "UsageData"}),
                zeros={"": {"ClusterVolume": None, "Status": None, "UsageData": None}})
NETWORK = GoType(maps=frozenset({"IPAM.Options", "Containers", "Options", "Labels", "Services"}),
                 zeros={"": {"Peers": None, "Services": None}})
