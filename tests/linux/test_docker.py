"""The docker CLI on the Linux runtime: the shared engine's output, real processes."""
import time

import pytest

from simulator import Session
from simulator.clock import Clock
from simulator.runtime.linux import cgroups

START = 1_764_316_800.0


@pytest.fixture
def lab(runtime_root, monkeypatch):
    """lab(line) -> (output, exit code) in a session on the Linux runtime."""
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    session = Session(seed=0, runtime="linux", clock=Clock(frozen=START))
    session.run("docker pull -q busybox")

    def run(line):
        result = session.run(line)
        return result.output, result.exit_code

    run.session = session
    yield run
    session.run("docker rm -f $(docker ps -aq)")


def both_runtimes(line, root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", root)
    outputs = []
    for runtime in ("simulated", "linux"):
        session = Session(seed=0, runtime=runtime, clock=Clock(frozen=START))
        session.run("docker pull -q busybox")
        result = session.run(line)
        outputs.append((result.output, result.exit_code))
    return outputs


@pytest.mark.parametrize("line", [
    "docker run --rm busybox echo hello world",
    "docker run --rm busybox sh -c 'exit 42'",
    "docker run --rm busybox ls /",
    "docker run --rm busybox cat /etc/passwd",
    "docker run --rm busybox sh -c 'echo out; echo err >&2; false'",
    "docker run --rm -e GREETING=hi busybox sh -c 'echo $GREETING from $HOSTNAME'",
    "docker run --rm -w /srv busybox pwd",
    "docker run --rm -u nobody busybox id",
    "docker run --rm busybox id",
    "docker run --rm busybox nosuch",
    "docker run --rm busybox /nosuch",
    "docker run --rm busybox /etc/passwd",
    "echo piped | docker run --rm -i busybox cat",
    "docker run --rm busybox env",
    "docker run --rm busybox sh -c 'hostname; cat /etc/hostname /etc/resolv.conf'",
    "docker run --rm busybox sh -c 'exit 300'",
    "docker run --rm busybox cat /nonexistent",
    "docker run --rm -w /a/b busybox pwd",
])
def test_same_output_on_both_runtimes(line, runtime_root, monkeypatch):
    simulated, linux = both_runtimes(line, runtime_root, monkeypatch)
    assert linux == simulated


def test_container_changes_reach_diff_logs_and_inspect(lab):
    assert lab("docker run --name changed busybox sh -c 'echo hi; touch /made; rm /etc/group; exit 3'") == \
        ("hi\n", 3)
    assert lab("docker diff changed") == ("C /etc\nD /etc/group\nA /made\n", 0)
    assert lab("docker logs changed") == ("hi\n", 0)
    assert lab("docker inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' changed") == ("3 false\n", 0)


def test_root_has_the_groups_etc_group_gives_it(lab):
    assert lab("docker run --rm busybox id") == ("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n", 0)


def test_the_limits_show_in_the_containers_cgroup(lab):
    memory, pids = (("memory/memory.limit_in_bytes", "pids/pids.max") if cgroups.version() == 1
                    else ("memory.max", "pids.max"))
    assert lab(f"docker run --rm -m 32m --pids-limit 20 busybox cat /sys/fs/cgroup/{memory} "
               f"/sys/fs/cgroup/{pids}") == ("33554432\n20\n", 0)
    assert lab(f"docker run --rm busybox touch /sys/fs/cgroup/{memory}") == (
        f"touch: /sys/fs/cgroup/{memory}: Read-only file system\n", 1)


def test_memory_hog_is_oom_killed(lab):
    assert lab("docker run --name hog -m 16m busybox tail /dev/zero") == ("", 137)
    assert lab("docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}' hog") == \
        ("exited 137 true\n", 0)


def test_detached_container_exec_stop(lab):
    output, code = lab("docker run -d --name sleeper busybox sleep 300")
    assert code == 0 and len(output) == 65
    output, code = lab("docker exec sleeper ps -o pid,comm")
    assert (output.splitlines()[:2], code) == (["PID   COMMAND", "    1 sleep"], 0)
    assert lab("docker exec sleeper sh -c 'echo $$ > /pid; exit 5'") == ("", 5)
    assert lab("docker stop sleeper") == ("sleeper\n", 0)
    assert lab("docker inspect -f '{{.State.ExitCode}}' sleeper") == ("137\n", 0)
    assert lab("docker diff sleeper") == ("A /pid\n", 0)


def test_changes_of_a_running_container_show_before_it_ends(lab):
    lab("docker run -d --name busy busybox sh -c 'touch /early; sleep 300'")
    assert lab("docker exec busy sh -c 'echo one > /made; mkdir -p /srv/app; echo x > /srv/app/f; rm /etc/group'") \
        == ("", 0)
    assert lab("docker diff busy") == ("A /early\nC /etc\nD /etc/group\nA /made\nA /srv\nA /srv/app\nA /srv/app/f\n", 0)
    assert lab("docker cp busy:/made /tmp && cat /tmp/made") == ("one\n", 0)
    lab("docker exec busy sh -c 'rm -r /made /srv; echo two > /early'")
    assert lab("docker diff busy") == ("A /early\nC /etc\nD /etc/group\n", 0)
    assert lab("docker commit busy snapshot")[1] == 0
    assert lab("docker run --rm snapshot cat /early") == ("two\n", 0)
    assert lab("docker rm -f busy") == ("busy\n", 0)


def test_paused_container_can_be_unpaused_stopped_and_removed(lab):
    lab("docker run -d --name frozen busybox sleep 300")
    assert lab("docker pause frozen") == ("frozen\n", 0)
    assert lab("docker exec frozen true") == (
        "Error response from daemon: Container frozen is paused, unpause the container before exec\n", 1)
    assert lab("docker unpause frozen") == ("frozen\n", 0)
    assert lab("docker exec frozen true") == ("", 0)
    lab("docker pause frozen")
    assert lab("docker rm -f frozen") == ("frozen\n", 0)


def test_logs_of_a_running_container_and_its_natural_end(lab):
    lab("docker run -d --name talker busybox sh -c 'echo started; sleep 1; echo finished'")
    assert lab("docker logs talker") == ("started\n", 0)
    time.sleep(1.2)
    assert lab("docker ps -a --format '{{.Names}} {{.Status}}'")[0].startswith("talker Exited (0)")
    assert lab("docker logs talker") == ("started\nfinished\n", 0)


def test_wait_and_attached_runs_wait_for_the_real_process(lab):
    lab("docker run -d --name sleeper busybox sh -c 'sleep 1; exit 3'")
    assert lab("docker wait sleeper") == ("3\n", 0)
    assert lab("docker run --name slow busybox sh -c 'echo begin; sleep 1; echo end'") == ("begin\nend\n", 0)


def test_named_volume_persists_between_containers(lab):
    lab("docker volume create data")
    assert lab("docker run --rm -v data:/data busybox sh -c 'echo kept > /data/f'") == ("", 0)
    assert lab("docker run --rm -v data:/data:ro busybox sh -c 'cat /data/f; touch /data/g'") == \
        ("kept\ntouch: /data/g: Read-only file system\n", 1)


def test_build_runs_steps_for_real(lab):
    lab("mkdir /root/app && cd /root/app && printf 'FROM busybox\\nRUN echo built > /built && rm /bin/vi\\n"
        "CMD [\"cat\", \"/built\"]\\n' > Dockerfile")
    output, code = lab("cd /root/app && docker build -q -t mine .")
    assert code == 0, output
    assert lab("docker run --rm mine") == ("built\n", 0)
    assert lab("docker run --rm mine ls /bin/vi") == ("ls: /bin/vi: No such file or directory\n", 1)


def test_other_images_say_they_are_simulated_only(lab):
    lab("docker pull -q nginx")
    assert lab("docker run --rm nginx") == (
        'docker: Error response from daemon: image "nginx" runs only in the simulated runtime: the linux '
        "runtime runs busybox images (docker run --runtime simulated)\n\n"
        "Run 'docker run --help' for more information\n", 125)
    output, code = lab("docker run --rm --runtime simulated nginx nginx -v")
    assert (output.splitlines()[-1], code) == ("nginx version: nginx/1.29.3", 0)


def test_runtime_flag_picks_the_linux_runtime_per_container(runtime_root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    session = Session(seed=0)
    session.run("docker pull -q busybox")
    assert session.run("docker run --rm --runtime linux busybox cat /proc/1/cmdline").output == "cat\0/proc/1/cmdline\0"
    assert session.run("docker run --rm busybox cat /proc/1/cmdline").output != "cat\0/proc/1/cmdline\0"


def test_operator_bounds_cap_what_a_student_asks(runtime_root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    monkeypatch.setenv("SLIPWAY_LINUX_MEMORY", str(16 * 1024 * 1024))
    monkeypatch.setenv("SLIPWAY_LINUX_PIDS", "8")
    session = Session(seed=0, runtime="linux")
    session.run("docker pull -q busybox")
    assert session.run("docker run --rm -m 1g busybox tail /dev/zero").exit_code == 137
    result = session.run("docker run --rm --pids-limit 1000 busybox sh -c 'for i in $(seq 10); do sleep 1 & done'")
    assert "sh: can't fork: Resource temporarily unavailable\n" in result.output


def test_a_running_container_survives_saving_the_session(lab, runtime_root, monkeypatch):
    lab("docker run -d --name keeper busybox sleep 300")
    restored = Session.from_json(lab.session.to_json())
    assert restored.run("docker exec keeper cat /proc/1/cmdline").output == "sleep\x00300\x00"
    assert restored.run("docker stop keeper").output == "keeper\n"
    assert restored.run("docker inspect -f '{{.State.ExitCode}}' keeper").output == "137\n"


def test_what_comes_back_from_a_container_is_bounded(lab):
    output, code = lab("docker run --name many busybox sh -c 'mkdir /many && cd /many && seq 10001 | xargs touch'")
    assert (output, code) == (
        "docker: not every change of the container was kept: more than 10000 files changed\n", 0)
