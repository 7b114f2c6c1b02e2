"""How container processes run: `simulated` (default, pure Python) or `linux` (optional)."""
from .simulated import SimulatedRuntime


def make_runtime(name="simulated", linux_network=False):
    """`linux_network`: the Linux runtime's containers get a private bridge network."""
    if name == "linux":
        from .linux import LinuxRuntime
        return LinuxRuntime(network=linux_network)
    return SimulatedRuntime()
