"""How container processes run: `simulated` (default, pure Python) or `linux` (optional)."""
from .simulated import SimulatedRuntime


def make_runtime(name="simulated"):
    if name == "linux":
        from .linux import LinuxRuntime
        return LinuxRuntime()
    return SimulatedRuntime()
