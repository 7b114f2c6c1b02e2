"""A bare shell as a container's main process with -i or -t alone: what it reads, what it
prompts, and how long it waits (docker run -i / -t / -dt, docker attach)."""
import pytest

from simulator import Session

from session_harness import pulled, state as status


@pytest.fixture
def session():
    return pulled("alpine", "ubuntu")


def run(session, line):
    result = session.run(line)
    return result.output, result.exit_code, session.prompt


def test_run_i_reads_commands_without_a_prompt_until_exit(session):
    assert run(session, "docker run -i --name reader alpine sh") == ("", 0, "")
    assert run(session, "ls /etc | head -2") == ("alpine-release\napk\n", 0, "")
    assert run(session, "ls -d /etc /tmp") == ("/etc\n/tmp\n", 0, "")      # no terminal: one per line
    assert run(session, "exit 3") == ("", 3, "root@slipway:~# ")
    assert status(session, "reader") == "exited 3\n"


def test_run_i_keeps_reading_after_a_reload(session):
    session.run("docker run -i alpine sh")
    restored = Session.from_json(session.to_json())
    assert run(restored, "echo still here") == ("still here\n", 0, "")


def test_run_i_with_piped_commands_runs_them_and_exits(session):
    assert run(session, "echo 'echo hi' | docker run -i --name piped alpine sh") == ("hi\n", 0, "root@slipway:~# ")
    assert status(session, "piped") == "exited 0\n"


def test_run_t_alone_prompts_but_no_input_reaches_it(session):
    assert run(session, "docker run -t --name mute alpine sh") == ("/ # ^C\n", 130, "root@slipway:~# ")
    assert status(session, "mute") == "running 0\n"


def test_run_dt_keeps_a_bare_shell_running(session):
    session.run("docker run -dt --name box ubuntu")
    assert status(session, "box") == "running 0\n"
    assert run(session, "docker exec box echo ok") == ("ok\n", 0, "root@slipway:~# ")
    session.run("docker restart box")
    assert status(session, "box") == "running 0\n"
    assert run(session, "docker attach box") == ("^C\n", 130, "root@slipway:~# ")
    assert status(session, "box") == "running 0\n"


def test_a_bare_shell_without_i_or_t_exits_at_once(session):
    session.run("docker run -d --name quick ubuntu")
    assert status(session, "quick") == "exited 0\n"


@pytest.mark.parametrize("start, enter, after", [
    ("docker run -di --name box alpine sh", "docker attach box", "exited 2\n"),      # the main shell
    ("docker run -d --name box alpine sleep 1000", "docker exec -i box sh", "running 0\n"),
])
def test_without_a_terminal_a_shell_reads_lines_with_no_prompt(session, start, enter, after):
    session.run(start)
    assert run(session, enter) == ("", 0, "")
    assert run(session, "ls -d /etc /tmp") == ("/etc\n/tmp\n", 0, "")
    assert run(session, "exit 2") == ("", 2, "root@slipway:~# ")
    assert status(session, "box") == after


def test_exec_t_alone_prompts_but_no_input_reaches_it(session):
    session.run("docker run -d --name box alpine sleep 1000")
    assert run(session, "docker exec -t box sh") == ("/ # ^C\n", 130, "root@slipway:~# ")


def test_exec_i_with_piped_commands_runs_them(session):
    session.run("docker run -d --name box alpine sleep 1000")
    assert run(session, "echo 'echo piped' | docker exec -i box sh") == ("piped\n", 0, "root@slipway:~# ")
