"""How container processes run: `simulated` (default, pure Python) or `linux` (optional)."""
from .simulated import SimulatedRuntime


def make_runtime(name="simulated", key="engine"):
    """The runtime `name` for the engine whose key (unique among engines) is `key`."""
    if name == "linux":
        from .linux import LinuxRuntime
        return LinuxRuntime(key=key)
    return SimulatedRuntime()
