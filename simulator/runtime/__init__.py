"""How container processes run: `simulated` (default, pure Python) or `linux` (optional)."""
from .simulated import SimulatedRuntime


def make_runtime(name="simulated", key="engine", linux_network=False):
    """The runtime `name` for the engine whose key (unique among engines) is `key`;
    `linux_network`: the Linux runtime's containers get a private bridge network."""
    if name == "linux":
        from .linux import LinuxRuntime
        return LinuxRuntime(key=key, network=linux_network)
    return SimulatedRuntime()
