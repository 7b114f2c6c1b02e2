"""The daemon: one object per kind of thing it manages, sharing the session's clock and IDs.
Operations live with their objects (images.py, containers.py, networks.py, volumes.py,
ports.py, system.py); this module wires them together and (de)serialises them."""
import secrets

from ..runtime import make_runtime
from .build.builder import Builder
from .containers import Containers
from .events import Events
from .images import Images
from .networks import Networks
from .ports import Ports
from .registry import Registries
from .system import System
from .volumes import Volumes


class Engine:
    def __init__(self, clock, ids, runtime="simulated", host_fs=None, linux_network=False):
        self.clock, self.ids = clock, ids
        self.key = secrets.token_hex(8)   # tells this engine's real resources from another's
        self.runtime_name, self.linux_network = runtime, linux_network
        self.runtime = make_runtime(runtime, self.key, linux_network)
        self.other_runtimes = {}
        self.host_fs = host_fs            # the host's FileSystem, for bind mounts
        self.events = Events(self)
        self.images = Images(self)
        self.containers = Containers(self)
        self.networks = Networks(self)
        self.volumes = Volumes(self)
        self.ports = Ports(self)
        self.system = System(self)
        self.builder = Builder(self)
        self.registries = Registries(self)
        self.networks.create_defaults()

    def runtime_for(self, c):
        """The runtime of a container: the engine's, or the other one `--runtime` named."""
        name = c.host_config.get("Runtime")
        if name not in ("linux", "simulated") or name == self.runtime_name:
            return self.runtime
        if name not in self.other_runtimes:
            self.other_runtimes[name] = make_runtime(name, self.key, self.linux_network)
        return self.other_runtimes[name]

    def refresh(self):
        """Bring every container up to the present (called before each command)."""
        self.containers.refresh()

    def to_dict(self, layer_data=True):
        return {"key": self.key, "images": self.images.to_dict(layer_data), "containers": self.containers.to_dict(),
                "networks": self.networks.to_dict(), "volumes": self.volumes.to_dict(),
                "ports": self.ports.to_dict(), "events": self.events.to_dict(),
                "build": self.builder.to_dict(), "registries": self.registries.to_dict()}

    @classmethod
    def from_dict(cls, data, clock, ids, runtime="simulated", host_fs=None, linux_network=False):
        engine = cls.__new__(cls)
        engine.clock, engine.ids = clock, ids
        engine.key = data.get("key") or secrets.token_hex(8)
        engine.runtime_name, engine.linux_network = runtime, linux_network
        engine.runtime = make_runtime(runtime, engine.key, linux_network)
        engine.other_runtimes = {}
        engine.host_fs = host_fs
        engine.events, engine.images, engine.containers = Events(engine), Images(engine), Containers(engine)
        engine.networks, engine.volumes, engine.ports = Networks(engine), Volumes(engine), Ports(engine)
        engine.system = System(engine)
        engine.builder = Builder(engine)
        engine.builder.load(data.get("build"))
        engine.registries = Registries(engine)
        engine.registries.load(data.get("registries"))
        engine.events.load(data["events"])
        engine.images.load(data["images"])
        engine.networks.load(data["networks"])
        engine.volumes.load(data["volumes"])
        engine.containers.load(data["containers"])
        engine.ports.load(data["ports"])
        return engine
