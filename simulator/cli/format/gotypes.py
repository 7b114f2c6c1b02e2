"""Inspect answers as Go templates see them. docker runs `-f` over the typed struct first: a
struct prints as `{a b}` (a port binding `{0.0.0.0 8080}`, a restart policy `{no 0}`), a nil
slice as `[]`, a nil map as `map[]`, and a field the struct lacks sends it to the JSON map,
where a missing key is an error (cli/command/inspect/inspector.go)."""
from .gotemplate import NilMap, NilSlice, Struct, StructPointer

# Paths (with * for any key) of Go maps; every other object in the answer is a struct.
CONTAINER_MAPS = {"Config.Labels", "Config.ExposedPorts", "Config.Volumes", "HostConfig.PortBindings",
                  "HostConfig.LogConfig.Config", "HostConfig.Tmpfs", "HostConfig.Sysctls", "HostConfig.StorageOpt",
                  "HostConfig.Annotations", "NetworkSettings.Ports", "NetworkSettings.Networks",
                  "NetworkSettings.Networks.*.DriverOpts", "GraphDriver.Data"}
IMAGE_MAPS = {"Config.Labels", "Config.ExposedPorts", "Config.Volumes", "GraphDriver.Data"}
# Structs reached through a pointer, which print as &{...}.
POINTERS = {"State", "Config", "HostConfig", "NetworkSettings", "State.Health", "NetworkSettings.Networks.*"}
# Pointer fields: a null one prints <nil>; any other null is a nil slice, or a nil map at a map path.
NIL_POINTERS = {"HostConfig.MemorySwappiness", "HostConfig.OomKillDisable", "HostConfig.PidsLimit",
                "HostConfig.Init", "NetworkSettings.Networks.*.IPAMConfig", "State.Health", "Config.Healthcheck",
                "Config.StopTimeout", "SizeRw", "SizeRootFs"}
# Fields the JSON leaves out when empty (omitempty) but the struct always has, with their zero.
CONTAINER_ZEROS = {"Config": {"ExposedPorts": None, "Healthcheck": None, "ArgsEscaped": False,
                              "NetworkDisabled": False, "MacAddress": "", "StopSignal": "", "StopTimeout": None,
                              "Shell": None},
                   "HostConfig": {"Annotations": None, "StorageOpt": None, "Tmpfs": None, "Sysctls": None,
                                  "Mounts": None, "Init": None}}


def _path(parent, key):
    return f"{parent}.{key}" if parent else key


def _matches(path, patterns):
    parts = path.split(".")
    return any(len(p.split(".")) == len(parts) and all(a in ("*", b) for a, b in zip(p.split("."), parts))
               for p in patterns)


def typed(value, maps, path=""):
    """The answer with Go's types: structs, maps, and nil slices, maps and pointers told apart."""
    if value is None:
        if _matches(path, NIL_POINTERS):
            return None
        return NilMap() if _matches(path, maps) else NilSlice()
    if isinstance(value, list):
        return [typed(item, maps, path) for item in value]
    if not isinstance(value, dict):
        return value
    if _matches(path, maps):
        return {key: typed(item, maps, _path(path, "*")) for key, item in value.items()}
    kind = StructPointer if _matches(path, POINTERS) else Struct
    return kind((key, typed(item, maps, _path(path, key))) for key, item in value.items())


def container_view(data):
    """Container inspect for templates: the struct's omitempty fields restored, types applied."""
    full = dict(data, SizeRw=data.get("SizeRw"), SizeRootFs=data.get("SizeRootFs"))
    for section, zeros in CONTAINER_ZEROS.items():
        full[section] = {**data[section], **{k: v for k, v in zeros.items() if k not in data[section]}}
    full["State"] = dict(data["State"], Health=data["State"].get("Health"))
    return typed(full, CONTAINER_MAPS)


def image_view(data):
    return typed(data, IMAGE_MAPS)
