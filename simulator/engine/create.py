"""Container creation as the daemon does it: merge the request's Config with the image's
(moby daemon/commit.go merge), fill HostConfig defaults in Docker's key order, validate."""
import re

from .errors import InvalidParameter, invalid_name, name_conflict
from .names import random_name

NAME = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
RESTART_POLICIES = ("no", "always", "on-failure", "unless-stopped")

MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
                "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

# HostConfig keys in Docker's order with their defaults (None = JSON null). Keys in OMIT_EMPTY
# are left out unless set, as Go's omitempty does.
HOST_CONFIG = [
    ("Binds", None), ("ContainerIDFile", ""), ("LogConfig", {"Type": "json-file", "Config": {}}),
    ("NetworkMode", "bridge"), ("PortBindings", {}), ("RestartPolicy", {"Name": "no", "MaximumRetryCount": 0}),
    ("AutoRemove", False), ("VolumeDriver", ""), ("VolumesFrom", None), ("ConsoleSize", [0, 0]),
    ("Annotations", None), ("CapAdd", None), ("CapDrop", None), ("CgroupnsMode", "private"), ("Dns", []),
    ("DnsOptions", []), ("DnsSearch", []), ("ExtraHosts", None), ("GroupAdd", None), ("IpcMode", "private"),
    ("Cgroup", ""), ("Links", None), ("OomScoreAdj", 0), ("PidMode", ""), ("Privileged", False),
    ("PublishAllPorts", False), ("ReadonlyRootfs", False), ("SecurityOpt", None), ("StorageOpt", None),
    ("Tmpfs", None), ("UTSMode", ""), ("UsernsMode", ""), ("ShmSize", 67108864), ("Sysctls", None),
    ("Runtime", "runc"), ("Isolation", ""), ("CpuShares", 0), ("Memory", 0), ("NanoCpus", 0),
    ("CgroupParent", ""), ("BlkioWeight", 0), ("BlkioWeightDevice", []), ("BlkioDeviceReadBps", []),
    ("BlkioDeviceWriteBps", []), ("BlkioDeviceReadIOps", []), ("BlkioDeviceWriteIOps", []),
    ("CpuPeriod", 0), ("CpuQuota", 0), ("CpuRealtimePeriod", 0), ("CpuRealtimeRuntime", 0),
    ("CpusetCpus", ""), ("CpusetMems", ""), ("Devices", []), ("DeviceCgroupRules", None),
    ("DeviceRequests", None), ("MemoryReservation", 0), ("MemorySwap", 0), ("MemorySwappiness", None),
    ("OomKillDisable", None), ("PidsLimit", None), ("Ulimits", []), ("CpuCount", 0), ("CpuPercent", 0),
    ("IOMaximumIOps", 0), ("IOMaximumBandwidth", 0), ("Mounts", None), ("MaskedPaths", MASKED_PATHS),
    ("ReadonlyPaths", READONLY_PATHS), ("Init", None),
]
HOST_CONFIG_DEFAULTS = dict(HOST_CONFIG)
OMIT_EMPTY = {"Annotations", "StorageOpt", "Tmpfs", "Sysctls", "Mounts", "Init"}

CONFIG_KEYS = ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr",
               "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck", "ArgsEscaped",
               "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled", "MacAddress", "OnBuild",
               "Labels", "StopSignal", "StopTimeout", "Shell"]
CONFIG_OMIT_EMPTY = {"ExposedPorts", "Healthcheck", "ArgsEscaped", "NetworkDisabled", "MacAddress",
                     "StopSignal", "StopTimeout", "Shell"}


def fill_host_config(given):
    """The full HostConfig for a request that set only some keys."""
    if OMIT_EMPTY.isdisjoint(given):
        # The usual case, and every container of a loaded session: the defaults with the given
        # keys set (a merge keeps the defaults' key order).
        out = {**FILLED_HOST_CONFIG, **{k: v for k, v in given.items() if k in HOST_CONFIG_DEFAULTS}}
    else:
        out = _fill(given)
    if out["NetworkMode"] == "default":
        out["NetworkMode"] = "bridge"
    return out


def _fill(given):
    out = {}
    for key, default in HOST_CONFIG:
        value = given.get(key, default)
        if key in OMIT_EMPTY and not value and value is not False:
            continue
        if key == "Init" and value is None:
            continue
        out[key] = value
    return out


FILLED_HOST_CONFIG = _fill({})


def compact_host_config(host_config):
    """Only what differs from the defaults (how a HostConfig is saved; fill_host_config restores it)."""
    return {k: v for k, v in host_config.items() if k not in HOST_CONFIG_DEFAULTS or HOST_CONFIG_DEFAULTS[k] != v}


def merge_config(user, image_config, container_id):
    """moby's merge(): run arguments replace CMD, --entrypoint drops the image CMD, env by key."""
    image = image_config or {}
    conf = dict(user)
    image_env = image.get("Env") or []
    user_env = conf.get("Env") or []
    keys = {e.split("=", 1)[0] for e in user_env}
    conf["Env"] = list(user_env) + [e for e in image_env if e.split("=", 1)[0] not in keys]
    if not conf.get("Entrypoint"):
        if not conf.get("Cmd"):
            conf["Cmd"] = image.get("Cmd")
        if conf.get("Entrypoint") is None:
            conf["Entrypoint"] = image.get("Entrypoint")
    if conf.get("Entrypoint") == [""]:
        conf["Entrypoint"] = None
    for key in ("User", "WorkingDir", "StopSignal", "Healthcheck", "OnBuild", "Shell"):
        if not conf.get(key) and image.get(key):
            conf[key] = image[key]
    for key in ("ExposedPorts", "Volumes", "Labels"):
        merged = {**(image.get(key) or {}), **(conf.get(key) or {})}
        conf[key] = dict(sorted(merged.items())) if merged else (None if key == "Volumes" else {})
    if not conf["ExposedPorts"]:
        conf.pop("ExposedPorts")
    conf["Hostname"] = conf.get("Hostname") or container_id[:12]
    if not (conf.get("Entrypoint") or conf.get("Cmd")):
        raise InvalidParameter("no command specified")
    return ordered_config(conf)


def ordered_config(conf):
    defaults = {"Hostname": "", "Domainname": "", "User": "", "AttachStdin": False, "AttachStdout": False,
                "AttachStderr": False, "Tty": False, "OpenStdin": False, "StdinOnce": False, "Env": None,
                "Cmd": None, "Image": "", "Volumes": None, "WorkingDir": "", "Entrypoint": None,
                "OnBuild": None, "Labels": {}}
    out = {}
    for key in CONFIG_KEYS:
        value = conf.get(key, defaults.get(key))
        if key in CONFIG_OMIT_EMPTY and not value:
            continue
        out[key] = value
    return out


def check_name(name, containers, ids):
    """The container's name: the requested one validated, or a fresh random one."""
    taken = {c.name: c for c in containers}
    if not name:
        return random_name(ids, taken)
    if not NAME.match(name):
        raise invalid_name(name)
    name = name.lstrip("/")
    if name in taken:
        raise name_conflict(name, taken[name].id)
    return name


def check_restart_policy(policy, auto_remove):
    name = policy.get("Name") or "no"
    if name not in RESTART_POLICIES:
        raise InvalidParameter(f"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', "
                               "'on-failure', or 'unless-stopped'")
    if policy.get("MaximumRetryCount") and name != "on-failure":
        raise InvalidParameter("invalid restart policy: maximum retry count can only be used with 'on-failure'")
    if policy.get("MaximumRetryCount", 0) < 0:
        raise InvalidParameter("invalid restart policy: maximum retry count cannot be negative")
    if auto_remove and name != "no":
        raise InvalidParameter("can't create 'AutoRemove' container with restart policy")


def check_workdir(config):
    """moby translateWorkingDir: the working directory must be absolute."""
    workdir = config.get("WorkingDir") or ""
    if workdir and not workdir.startswith("/"):
        raise InvalidParameter(f"the working directory '{workdir}' is invalid, it needs to be an absolute path")


def check_resources(host_config, cpus_available):
    """The daemon's checks of -m and --cpus (daemon/daemon_unix.go verifyPlatformContainerResources)."""
    memory = host_config.get("Memory") or 0
    if 0 < memory < 6 * 1024 * 1024:
        raise InvalidParameter("Minimum memory limit allowed is 6MB")
    nano = host_config.get("NanoCpus") or 0
    if nano and not 0.01 <= nano / 1e9 <= cpus_available:
        raise InvalidParameter(f"range of CPUs is from 0.01 to {cpus_available:.2f}, as there are only "
                               f"{cpus_available} CPUs available")


def entrypoint_and_args(config):
    """Path and Args as inspect shows them: the first word of Entrypoint+Cmd, then the rest."""
    argv = list(config.get("Entrypoint") or []) + list(config.get("Cmd") or [])
    return argv[0], argv[1:]
