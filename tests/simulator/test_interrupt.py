"""Ctrl-C from another thread while a command runs (Session.interrupt): the command stops at its
next step and ends as Ctrl-C ends it, `^C` and status 130, instead of running to the step limit."""
import threading
import time

from simulator import Session
from tests.simulator.session_harness import Lab


def run_interrupted(lab, line):
    """Runs `line` in a thread, presses Ctrl-C once it is running, returns its Result."""
    results = []
    worker = threading.Thread(target=lambda: results.append(lab.session.run(line)))
    worker.start()
    while not lab.session.interrupt_running():
        assert worker.is_alive(), "the command ended before Ctrl-C"
        time.sleep(0.001)
    worker.join(60)
    assert not worker.is_alive()
    return results[0]


def test_an_endless_loop_stops_with_ctrl_c():
    lab = Lab()
    result = run_interrupted(lab, "echo start; while true; do :; done; echo never")
    assert (result.output, result.exit_code) == ("start\n^C\n", 130)
    assert lab.ok("echo $?") == "130\n"


def test_the_next_command_is_not_interrupted():
    lab = Lab()
    run_interrupted(lab, "while :; do :; done")
    assert lab.ok("for i in 1 2 3; do echo $i; done") == "1\n2\n3\n"


def test_a_loop_inside_a_container_stops_too():
    lab = Lab()
    lab.ok("docker run -it --name box alpine sh")
    result = run_interrupted(lab, "while true; do :; done")
    assert (result.output, result.exit_code) == ("^C\n", 130)
    assert lab.session.prompt == "/ # "


def test_a_foreground_container_looping_keeps_running_after_ctrl_c():
    lab = Lab()
    lab.ok("docker pull -q alpine")
    result = run_interrupted(lab, "docker run --name spin alpine sh -c 'while true; do :; done'")
    assert (result.output, result.exit_code) == ("^C\n", 130)
    assert lab.ok("docker ps --format '{{.Names}} {{.Status}}'") == "spin Up Less than a second\n"


def test_at_a_prompt_interrupt_is_the_terminals_ctrl_c():
    lab = Lab()
    assert lab.session.interrupt() == "^C\n"
    assert lab.session.interrupt_running() is False
    assert lab.ok("echo ok") == "ok\n"


def test_ctrl_c_after_the_last_step_reaches_the_question_the_command_left(monkeypatch):
    lab = Lab()
    run = Session._run

    def finishing_as_ctrl_c_arrives(session, text, on_output):
        result = run(session, text, on_output)
        assert session.interrupt() == ""
        return result

    monkeypatch.setattr(Session, "_run", finishing_as_ctrl_c_arrives)
    result = lab.session.run("docker container prune")
    assert result.output == ("WARNING! This will remove all stopped containers.\n"
                             "Are you sure you want to continue? [y/N] ^C\n")
    assert (result.exit_code, lab.session.prompt) == (130, "root@slipway:~# ")
    result = lab.session.run("echo done")
    assert (result.output, result.exit_code) == ("done\n^C\n", 130)
