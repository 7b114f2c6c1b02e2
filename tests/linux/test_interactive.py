"""`docker run -it busybox sh` on the Linux runtime: a real busybox shell in the container, fed
one line at a time, with its own prompt."""
import threading

import pytest

from simulator import Session
from simulator.clock import Clock

START = 1_764_316_800.0


@pytest.fixture
def session(runtime_root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    lab = Session(seed=0, runtime="linux", clock=Clock(frozen=START))
    lab.run("docker pull -q busybox")
    yield lab
    lab.terminal.frames.clear()             # back at the host's prompt
    lab.run("docker rm -f $(docker ps -aq)")


def typed(session, line):
    """(output, status, the prompt shown next)."""
    result = session.run(line)
    return result.output, result.exit_code, session.prompt


def test_lines_go_to_a_real_shell_that_keeps_its_state(session):
    assert typed(session, "docker run -it --name box busybox sh") == ("", 0, "/ # ")
    assert typed(session, "cd /tmp; x=kept") == ("", 0, "/tmp # ")
    assert typed(session, "echo $x; echo err >&2") == ("kept\nerr\n", 0, "/tmp # ")
    assert typed(session, "printf partial") == ("", 0, "partial/tmp # ")
    assert typed(session, "cat /proc/1/cmdline") == ("", 0, "sh\0-i\0/tmp # ")
    assert typed(session, "hostname")[0] == session.engine.containers.get("box").id[:12] + "\n"


def test_exit_ends_the_container_with_its_status(session):
    typed(session, "docker run -it --name box busybox sh")
    assert typed(session, "exit 3") == ("", 3, "root@slipway:~# ")
    assert typed(session, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' box") == \
        ("exited 3\n", 0, "root@slipway:~# ")


def test_a_command_reading_input_gets_the_next_lines(session):
    typed(session, "docker run -it --rm busybox sh")
    assert typed(session, "read answer") == ("", 0, "")
    assert typed(session, "forty-two") == ("", 0, "/ # ")
    assert typed(session, "echo $answer") == ("forty-two\n", 0, "/ # ")
    assert typed(session, "cat") == ("", 0, "")
    assert typed(session, "echoed") == ("echoed\n", 0, "")
    assert session.interrupt() == "^C\n"
    assert typed(session, "echo back") == ("back\n", 0, "/ # ")


def test_ctrl_c_interrupts_what_the_shell_runs(session):
    typed(session, "docker run -it --rm busybox sh")
    timer = threading.Timer(0.3, session.interrupt)
    timer.start()
    assert typed(session, "sleep 100") == ("^C\n", 130, "/ # ")
    timer.join()
    assert typed(session, "echo $?") == ("130\n", 0, "/ # ")


def test_the_shell_survives_saving_the_session(session):
    typed(session, "docker run -it --name box busybox sh")
    typed(session, "cd /tmp")
    restored = Session.from_json(session.to_json())
    assert restored.prompt == "/tmp # "
    assert typed(restored, "pwd") == ("/tmp\n", 0, "/tmp # ")
    assert typed(restored, "exit") == ("", 0, "root@slipway:~# ")


def test_exec_it_runs_a_real_shell_beside_the_main_process(session):
    typed(session, "docker run -d --name web busybox sleep 300")
    assert typed(session, "docker exec -it web sh") == ("", 0, "/ # ")
    assert typed(session, "tr '\\0' ' ' < /proc/1/cmdline; echo") == ("sleep 300 \n", 0, "/ # ")
    assert typed(session, "cd /etc") == ("", 0, "/etc # ")
    shell = typed(session, "echo $$")[0]
    restored = Session.from_json(session.to_json())
    assert typed(restored, "echo $$; pwd") == (shell + "/etc\n", 0, "/etc # ")
    assert typed(restored, "exit 4") == ("", 4, "root@slipway:~# ")
    assert typed(restored, "docker ps --format '{{.Names}} {{.Status}}'") == \
        ("web Up Less than a second\n", 0, "root@slipway:~# ")


def test_exec_it_as_another_user(session):
    typed(session, "docker run -d --name web busybox sleep 300")
    assert typed(session, "docker exec -it -u nobody -w /tmp web sh") == ("", 0, "/tmp $ ")
    assert typed(session, "id -u") == ("65534\n", 0, "/tmp $ ")
    assert typed(session, "exit") == ("", 0, "root@slipway:~# ")


def test_without_a_terminal_the_shell_prompts_not(session):
    assert typed(session, "docker run -i --rm busybox sh") == ("", 0, "")
    assert typed(session, "tty; echo $-") == ("not a tty\ns\n", 0, "")
    assert typed(session, "exit 2") == ("", 2, "root@slipway:~# ")


def test_attach_to_a_detached_shell(session):
    typed(session, "docker run -dit --name bg busybox")
    assert typed(session, "docker attach bg") == ("", 0, "/ # ")
    assert typed(session, "echo attached") == ("attached\n", 0, "/ # ")
    assert typed(session, "exit") == ("", 0, "root@slipway:~# ")
    assert typed(session, "docker ps -aq --filter status=exited") == (
        session.engine.containers.get("bg").id[:12] + "\n", 0, "root@slipway:~# ")
