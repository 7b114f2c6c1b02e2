"""Containers start in a spare: a shim and init forked ahead, in fresh namespaces and an attached
cgroup, made when the previous container ended. The reaper leaves a live spare alone, replaces a
dead one, and removes it with everything else (the fixture asserts nothing is left)."""
import os
import signal
import time

from simulator import Session
from simulator.runtime.linux import cgroups, container, forkserver
from simulator.runtime.linux.container import SPARE, Handle
from simulator.runtime.linux.process import alive, read_pid
from simulator.runtime.linux.reaper import reap


def lab(root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", root)
    session = Session(seed=0, runtime="linux")
    session.run("docker pull -q busybox")
    return session


def spare_groups(root):
    return sorted(name for name in cgroups.leftovers(root) if name.startswith(SPARE))


def attached(root, spares):
    """Wait until the spares have made their cgroups (each does so after forking its init)."""
    expected = sorted(f"{SPARE}{spare.pid}" for spare in spares)
    deadline = time.monotonic() + 5
    while spare_groups(root) != expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return spare_groups(root) == expected


def test_a_container_starts_in_a_spare_left_by_the_previous_one(runtime_root, monkeypatch):
    session = lab(runtime_root, monkeypatch)
    assert session.run("docker run --rm busybox true").exit_code == 0
    spares = list(container._spares[runtime_root])
    assert len(spares) == container.SPARES == 2
    assert all(spare.ready() for spare in spares) and attached(runtime_root, spares)
    reap(runtime_root)                              # a runtime starting elsewhere keeps them
    assert all(alive(spare.pid) for spare in spares) and attached(runtime_root, spares)
    session.run("docker run -d --name sleeper busybox sleep 30")
    c = session.engine.containers.get("sleeper")
    assert read_pid(Handle(runtime_root, c.id).paths.shim_pid) == spares[0].pid
    assert spare_groups(runtime_root) == [f"{SPARE}{spares[1].pid}"]   # the first one's is the container's
    assert session.run("docker rm -f sleeper").exit_code == 0


def test_a_dead_spare_is_replaced(runtime_root, monkeypatch):
    session = lab(runtime_root, monkeypatch)
    session.run("docker run --rm busybox true")
    assert container._spares[runtime_root][0].ready()
    spare = container._spares[runtime_root][0].pid
    os.kill(spare, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while alive(spare) and time.monotonic() < deadline:
        time.sleep(0.01)
    result = session.run("docker run --rm -m 16m busybox cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                         if cgroups.version() == 1 else "docker run --rm -m 16m busybox cat /sys/fs/cgroup/memory.max")
    assert (result.output, result.exit_code) == ("16777216\n", 0)


def parent(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def test_spares_come_from_the_small_fork_server(runtime_root, monkeypatch):
    session = lab(runtime_root, monkeypatch)
    session.run("docker run --rm busybox true")
    server = forkserver._server.process
    assert container._spares[runtime_root][0].ready()
    assert parent(container._spares[runtime_root][0].pid) == server.pid != os.getpid()
    with open(f"/proc/{server.pid}/cmdline") as f:
        assert f.read().split("\0")[1:3] == ["-I", "-S"]
    with open(f"/proc/{server.pid}/status") as f:
        rss_kb = int(next(line for line in f if line.startswith("VmRSS:")).split()[1])
    assert rss_kb < 40_000                          # no engine in it


def test_a_container_gets_default_signal_dispositions(runtime_root, monkeypatch):
    """Python ignores SIGPIPE and SIGXFSZ, the fork server SIGINT and SIGCHLD, make signals 32
    and 33: none of it may reach the container's processes (a shell ignoring SIGCHLD could not
    wait for its children)."""
    session = lab(runtime_root, monkeypatch)
    forkserver.stop()                   # the next one starts with SIGRTMIN ignored, as make ignores 32 and 33
    ignored = signal.signal(signal.SIGRTMIN, signal.SIG_IGN)
    try:
        session.run("docker run --rm busybox true")
    finally:
        signal.signal(signal.SIGRTMIN, ignored)
    result = session.run("docker run --rm busybox grep -E 'Sig(Ign|Cgt)' /proc/self/status")
    assert (result.output, result.exit_code) == ("SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n", 0)


def test_the_fork_server_comes_back_after_it_ended(runtime_root, monkeypatch):
    session = lab(runtime_root, monkeypatch)
    session.run("docker run --rm busybox true")
    container.drop_spare(runtime_root)
    forkserver._server.process.kill()
    forkserver._server.process.wait()
    assert session.run("docker run --rm busybox echo again").output == "again\n"
