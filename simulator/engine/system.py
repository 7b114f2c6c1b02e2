"""The daemon's own description: /version and /info, with live counts."""
import hashlib

VERSION = "28.5.2"
API_VERSION = "1.51"
MIN_API_VERSION = "1.24"
GO_VERSION = "go1.24.9"
BUILT = "Wed Nov  5 14:43:25 2025"
CLIENT_COMMIT = "ecc6942"
SERVER_COMMIT = "89c5e8f"
KERNEL = "6.8.0-87-generic"
NCPU = 2
MEM_TOTAL = 4_102_725_632
COMPONENTS = [
    {"Name": "containerd", "Version": "v1.7.28", "Details": {"GitCommit": "b98a3aace656320842a23f4a392a33f46af97866"}},
    {"Name": "runc", "Version": "1.3.3", "Details": {"GitCommit": "v1.3.3-0-gd842d771"}},
    {"Name": "docker-init", "Version": "0.19.0", "Details": {"GitCommit": "de40ad0"}},
]


class System:
    def __init__(self, engine):
        self.engine = engine

    def version(self):
        """The server half of `docker version` (API /version)."""
        return {
            "Platform": {"Name": "Docker Engine - Community"},
            "Components": [{"Name": "Engine", "Version": VERSION,
                            "Details": {"ApiVersion": API_VERSION, "Arch": "amd64", "BuildTime": BUILT,
                                        "Experimental": "false", "GitCommit": SERVER_COMMIT,
                                        "GoVersion": GO_VERSION, "KernelVersion": KERNEL,
                                        "MinAPIVersion": MIN_API_VERSION, "Os": "linux"}}] + COMPONENTS,
            "Version": VERSION, "ApiVersion": API_VERSION, "MinAPIVersion": MIN_API_VERSION,
            "GitCommit": SERVER_COMMIT, "GoVersion": GO_VERSION, "Os": "linux", "Arch": "amd64",
            "KernelVersion": KERNEL, "BuildTime": BUILT,
        }

    def _daemon_id(self):
        """A stable UUID-shaped daemon ID for this session."""
        digest = hashlib.sha256(f"daemon:{self.engine.ids.seed}".encode()).hexdigest()
        return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"

    def info(self):
        """API /info with live counts."""
        containers = self.engine.containers.all()
        states = [c.state.status for c in containers]
        return {
            "ID": self._daemon_id(),
            "Containers": len(containers),
            "ContainersRunning": sum(s in ("running", "restarting") for s in states),
            "ContainersPaused": states.count("paused"),
            "ContainersStopped": sum(s in ("exited", "created", "dead") for s in states),
            "Images": len(self.engine.images.by_id),
            "Driver": "overlay2",
            "DriverStatus": [["Backing Filesystem", "extfs"], ["Supports d_type", "true"],
                             ["Using metacopy", "false"], ["Native Overlay Diff", "true"],
                             ["userxattr", "false"]],
            "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
                        "Authorization": None,
                        "Log": ["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local",
                                "splunk", "syslog"]},
            "MemoryLimit": True, "SwapLimit": True, "CpuCfsPeriod": True, "CpuCfsQuota": True,
            "CPUShares": True, "CPUSet": True, "PidsLimit": True, "IPv4Forwarding": True, "Debug": False,
            "NFd": 27 + 4 * len(containers), "OomKillDisable": False,
            "NGoroutines": 44 + 9 * len(containers), "SystemTime": "", "LoggingDriver": "json-file",
            "CgroupDriver": "systemd", "CgroupVersion": "2", "NEventsListener": 0,
            "KernelVersion": KERNEL, "OperatingSystem": "Debian GNU/Linux 12 (bookworm)", "OSVersion": "12",
            "OSType": "linux", "Architecture": "x86_64", "IndexServerAddress": "https://index.docker.io/v1/",
            "NCPU": NCPU, "MemTotal": MEM_TOTAL, "DockerRootDir": "/var/lib/docker", "Name": "slipway",
            "Labels": [], "ExperimentalBuild": False, "ServerVersion": VERSION,
            "Runtimes": {"io.containerd.runc.v2": {"path": "runc"}, "runc": {"path": "runc"}},
            "DefaultRuntime": "runc", "Swarm": {"LocalNodeState": "inactive"}, "LiveRestoreEnabled": False,
            "Isolation": "", "InitBinary": "docker-init",
            "ContainerdCommit": {"ID": COMPONENTS[0]["Details"]["GitCommit"]},
            "RuncCommit": {"ID": COMPONENTS[1]["Details"]["GitCommit"]},
            "InitCommit": {"ID": "de40ad0"},
            "SecurityOptions": ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"],
        }

    # --- disk usage and events -------------------------------------------------------------
    def disk_usage(self):
        """API /system/df: images with shared and unique sizes (a layer in several images is
        counted once in LayersSize), containers' writable layers, volumes, build cache."""
        engine = self.engine
        images = engine.images.list()
        holders = {}
        for image in images:
            for diff_id in set(image.layers):
                holders[diff_id] = holders.get(diff_id, 0) + 1
        sizes = {diff_id: record.size for diff_id, record in engine.images.layers.items()}
        image_rows = [{"image": image, "size": image.size,
                       "shared": sum(sizes.get(d, 0) for d in set(image.layers) if holders[d] > 1),
                       "containers": len(engine.images.containers_using(image))} for image in images]
        volumes = sorted(engine.volumes.by_name.values(), key=lambda v: v.created)
        return {
            "layers_size": sum(sizes.get(diff_id, 0) for diff_id in holders),
            "images": image_rows,
            "containers": [{"container": c, "size": engine.containers.size_rw(c)}
                           for c in sorted(engine.containers.all(), key=lambda c: c.created, reverse=True)],
            "volumes": [{"volume": v, "size": engine.volumes.size(v), "links": len(engine.volumes.users(v))}
                        for v in volumes],
            "build_cache": engine.builder.cache.disk_usage(),
        }

    def events(self, since=None, until=None):
        """The event log between two times (seconds), oldest first."""
        return [event for event in self.engine.events.log
                if (since is None or event["time"] >= since) and (until is None or event["time"] <= until)]
