"""Ctrl-C from another thread while a command runs (Session.interrupt): the command stops at its
next step and ends as Ctrl-C ends it, `^C` and status 130, instead of running to the step limit."""
import threading
import time

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
