"""Signals a server handles without stopping (nginx's reload and log reopening), and signals
sent to PID 1 from inside its container, which reach only what PID 1 handles."""
import pytest

from session_harness import outcome as run, pulled, state

AT = "2025/11/28 08:00:00 [notice] "


@pytest.fixture
def session():
    return pulled("nginx", "alpine")


def new_logs(session, name, before):
    return session.run(f"docker logs {name}").output[len(before):]


def notices(*lines):
    return "".join(AT + line + "\n" for line in lines)


def retired(*pids):
    return [line for pid in pids for line in (
        f"{pid}#{pid}: gracefully shutting down", f"{pid}#{pid}: exiting", f"{pid}#{pid}: exit",
        f"1#1: signal 17 (SIGCHLD) received from {pid}", f"1#1: worker process {pid} exited with code 0",
        "1#1: signal 29 (SIGIO) received")]


def test_docker_kill_hup_reloads_nginx(session):
    session.run("docker run -d --name web nginx")
    before = session.run("docker logs web").output
    assert run(session, "docker kill -s HUP web") == ("web\n", 0)
    assert new_logs(session, "web", before) == notices(
        "1#1: signal 1 (SIGHUP) received, reconfiguring", "1#1: reconfiguring",
        '1#1: using the "epoll" event method', "1#1: start worker processes",
        "1#1: start worker process 31", "1#1: start worker process 32", *retired(29, 30))
    assert session.run("docker inspect -f '{{.State.Status}}' web").output == "running\n"


def test_nginx_s_reload_signals_the_master_from_inside(session):
    session.run("docker run -d --name web nginx")
    before = session.run("docker logs web").output
    assert run(session, "docker exec web nginx -s reload") == (AT + "40#40: signal process started\n", 0)
    assert new_logs(session, "web", before).startswith(notices(
        "1#1: signal 1 (SIGHUP) received from 40, reconfiguring", "1#1: reconfiguring",
        '1#1: using the "epoll" event method', "1#1: start worker processes",
        "1#1: start worker process 41", "1#1: start worker process 42"))


def test_the_new_workers_are_the_ones_that_stop(session):
    session.run("docker run -d --name web nginx")
    session.run("docker kill -s HUP web")
    session.run("docker exec web nginx -s reopen")
    before = session.run("docker logs web").output
    session.run("docker stop web")
    assert new_logs(session, "web", before) == notices(
        "1#1: signal 3 (SIGQUIT) received, shutting down",
        "31#31: gracefully shutting down", "31#31: exiting", "31#31: exit",
        "32#32: gracefully shutting down", "32#32: exiting", "32#32: exit",
        "1#1: signal 17 (SIGCHLD) received from 31", "1#1: worker process 31 exited with code 0",
        "1#1: signal 17 (SIGCHLD) received from 32", "1#1: worker process 32 exited with code 0", "1#1: exit")
    assert before.endswith(notices("1#1: signal 10 (SIGUSR1) received from 40, reopening logs",
                                   "1#1: reopening logs", "31#31: reopening logs", "32#32: reopening logs"))


def test_nginx_s_quit_stops_the_container(session):
    session.run("docker run -d --name web nginx")
    session.run("docker exec web nginx -s quit")
    assert state(session, "web") == "exited 0\n"


def test_nginx_s_needs_a_known_signal(session):
    session.run("docker run -d --name web nginx")
    assert run(session, "docker exec web nginx -s restart") == ('nginx: invalid option: "-s restart"\n', 1)
    assert run(session, "docker exec web nginx -s") == ('nginx: option "-s" requires parameter\n', 1)


def test_nginx_s_without_a_master(session):
    session.run("docker run -d --name idle nginx sleep 1000")
    assert run(session, "docker exec idle nginx -s reload") == (
        AT + "40#40: signal process started\n"
        '2025/11/28 08:00:00 [error] 40#40: open() "/run/nginx.pid" failed (2: No such file or directory)\n', 1)


def test_pid_1_ignores_unhandled_signals_from_inside(session):
    session.run("docker run -d --name idle alpine sleep 1000")
    assert run(session, "docker exec idle kill -9 1") == ("", 0)
    assert run(session, "docker exec idle kill 1") == ("", 0)
    assert session.run("docker inspect -f '{{.State.Status}}' idle").output == "running\n"
    assert run(session, "docker exec idle kill 7") == ("kill: can't kill pid 7: No such process\n", 1)


def test_kill_from_inside_runs_a_trap(session):
    session.run("""docker run -d --name trapper alpine sh -c 'trap "echo usr1; exit 4" USR1; """
                """for i in $(seq 100); do sleep 1; done'""")
    session.run("docker exec trapper kill -USR1 1")
    assert state(session, "trapper") == "exited 4\n"
    assert run(session, "docker logs trapper") == ("usr1\n", 0)
