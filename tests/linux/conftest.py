"""Real-container tests: run as root on Linux, skipped elsewhere with what is missing. Each test
gets its own runtime directory and must leave nothing behind: no container directories,
processes, cgroups, mounts (the lab's network namespace among them) or host interfaces."""
import os

import pytest

from simulator.runtime.linux import cgroups, checks, network
from simulator.runtime.linux.container import REMOVED
from simulator.runtime.linux.reaper import mounts_under, reap

MISSING = checks.problems()


def pytest_collection_modifyitems(items):
    """Tests that start real containers (they use `runtime_root`) are marked `linux` and skipped
    with what is missing; the others run everywhere."""
    for item in items:
        if "runtime_root" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.linux)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason="; ".join(MISSING)))


def live_children():
    """This process's children still running: shims and exec helpers it forked (zombies aside)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(pid))
    return found


@pytest.fixture
def runtime_root(tmp_path):
    root = str(tmp_path / "runtime")
    os.makedirs(root)
    interfaces = host_interfaces()
    yield root
    leftovers = [name for name in os.listdir(os.path.join(root, "containers")) if not name.startswith(REMOVED)] \
        if os.path.isdir(root + "/containers") else []       # (REMOVED: the fork server is at it)
    reap(root, everything=True)
    assert leftovers == [], "containers left running or unremoved"
    assert os.listdir(os.path.join(root, "containers")) == [] if os.path.isdir(root + "/containers") else True
    assert cgroups.leftovers(root) == {}
    assert mounts_under(root) == []
    assert not os.path.exists(os.path.join(root, network.LABS))
    assert host_interfaces() == interfaces, "interfaces left in the host's network namespace"
    assert live_children() == []


def host_interfaces():
    return sorted(os.listdir("/sys/class/net"))
