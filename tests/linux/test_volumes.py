"""Volumes and bind mounts on the Linux runtime: one directory per source, shared by the
running containers of one engine (and only of that engine), mirrored back to the engine, removed
with its last user."""
import os

import pytest

from simulator import Session
from simulator.runtime.linux import volumes
from simulator.runtime.linux.container import REMOVED
from simulator.runtime.linux.reaper import reap


@pytest.fixture
def new_lab(runtime_root, monkeypatch):
    """new_lab() -> run(line) -> (output, exit code), each in a session (an engine) of its own."""
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    sessions = []

    def new():
        session = Session(seed=0, runtime="linux")
        session.run("docker pull -q busybox")
        sessions.append(session)

        def run(line):
            result = session.run(line)
            return result.output, result.exit_code
        return run
    yield new
    for session in sessions:
        session.run("docker rm -f $(docker ps -aq)")


def shared_dirs(root):
    return sorted(n for n in os.listdir(os.path.join(root, "containers")) if n.startswith(volumes.PREFIX))


def test_running_containers_share_a_volume_as_it_is_written(new_lab, runtime_root):
    lab = new_lab()
    assert lab("docker run -d --name writer -v data:/data busybox sh -c 'echo one > /data/f; sleep 300'")[1] == 0
    assert lab("docker run -d --name reader -v data:/srv busybox sleep 300")[1] == 0
    assert lab("docker exec reader cat /srv/f") == ("one\n", 0)
    assert lab("docker exec writer sh -c 'echo two > /data/f; echo new > /data/g'") == ("", 0)
    assert lab("docker exec reader cat /srv/f /srv/g") == ("two\nnew\n", 0)
    assert len(shared_dirs(runtime_root)) == 1
    # the engine's copy follows, so the simulated runtime reads it too
    assert lab("docker run --rm --runtime simulated -v data:/data busybox cat /data/f") == ("two\n", 0)
    lab("docker rm -f writer")
    assert lab("docker exec reader cat /srv/g") == ("new\n", 0)      # still there for the other user
    lab("docker rm -f reader")
    assert shared_dirs(runtime_root) == []                            # gone with the last user
    assert lab("docker run --rm -v data:/data busybox cat /data/f /data/g") == ("two\nnew\n", 0)


def test_a_host_directory_is_shared_too(new_lab):
    lab = new_lab()
    lab("mkdir -p /root/site && echo hello > /root/site/index.html")
    lab("docker run -d --name web -v /root/site:/www busybox sleep 300")
    assert lab("docker run --rm -v /root/site:/www busybox sh -c 'echo changed > /www/index.html'") == ("", 0)
    assert lab("docker exec web cat /www/index.html") == ("changed\n", 0)
    assert lab("cat /root/site/index.html") == ("changed\n", 0)


def test_two_engines_never_share_a_volume_of_the_same_name(new_lab):
    first, second = new_lab(), new_lab()
    first("docker run -d --name writer -v data:/data busybox sh -c 'echo mine > /data/f; sleep 300'")
    assert first("docker exec writer cat /data/f") == ("mine\n", 0)
    assert second("docker run --rm -v data:/data busybox cat /data/f") == (
        "cat: can't open '/data/f': No such file or directory\n", 1)


def test_the_reaper_removes_shared_directories_no_container_uses(new_lab, runtime_root):
    lab = new_lab()
    lab("docker run -d --name user -v data:/data busybox sleep 300")
    [used] = shared_dirs(runtime_root)
    left = os.path.join(runtime_root, "containers", f"{volumes.PREFIX}crashed-0123456789abcdef")
    os.makedirs(left)
    reap(runtime_root)
    assert shared_dirs(runtime_root) == [used]
    lab("docker rm -f user")
    assert [n for n in shared_dirs(runtime_root) if not n.startswith(REMOVED)] == []
