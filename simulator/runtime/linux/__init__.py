"""The optional real-Linux runtime: busybox images run as real processes in namespaces and
cgroups. Only this package starts real processes; see docs/linux-runtime.md."""
from .runtime import LinuxRuntime

__all__ = ["LinuxRuntime"]
