"""`trap` in a shell, and a container's main shell running its trap when Docker signals PID 1."""
import pytest

from simulator import Session

from session_harness import outcome as run, pulled, state

LOOP = "for i in $(seq 100); do sleep 1; done"   # runs 100 s: past the 10 s stop timeout


@pytest.fixture
def session():
    return pulled("alpine")


def test_stop_runs_the_term_trap_and_the_container_exits_with_its_status(session):
    session.run(f"""docker run -d --name trapper alpine sh -c 'trap "echo bye; exit 0" TERM; {LOOP}'""")
    assert run(session, "docker stop trapper") == ("trapper\n", 0)
    assert state(session, "trapper") == "exited 0\n"
    assert run(session, "docker logs trapper") == ("bye\n", 0)


def test_kill_with_a_trapped_signal_runs_the_trap(session):
    session.run(f"""docker run -d --name trapper alpine sh -c 'trap "echo hup; exit 3" HUP; {LOOP}'""")
    assert run(session, "docker kill -s HUP trapper") == ("trapper\n", 0)
    assert state(session, "trapper") == "exited 3\n"
    assert run(session, "docker logs trapper") == ("hup\n", 0)


def test_a_trap_that_does_not_exit_leaves_the_stop_to_sigkill(session):
    session.run(f"""docker run -d --name stubborn alpine sh -c 'trap "echo caught" TERM; {LOOP}'""")
    session.run("docker kill -s TERM stubborn")
    assert state(session, "stubborn") == "running 0\n"
    session.run("docker stop stubborn")
    assert state(session, "stubborn") == "exited 137\n"
    assert run(session, "docker logs stubborn") == ("caught\ncaught\n", 0)


def test_without_a_trap_pid_1_ignores_sigterm(session):
    session.run(f"docker run -d --name plain alpine sh -c '{LOOP}'")
    session.run("docker stop plain")
    assert state(session, "plain") == "exited 137\n"


def test_the_trap_survives_a_reload(session):
    session.run(f"""docker run -d --name trapper alpine sh -c 'trap "echo bye; exit 0" TERM; {LOOP}'""")
    restored = Session.from_json(session.to_json())
    restored.run("docker stop trapper")
    assert state(restored, "trapper") == "exited 0\n"


def test_trap_lists_its_table_in_each_shells_words(session):
    assert run(session, "docker run --rm alpine sh -c \"trap 'echo bye' TERM INT; trap\"") == (
        "trap -- 'echo bye' INT\ntrap -- 'echo bye' TERM\n", 0)
    assert run(session, "trap 'echo bye' TERM; trap -- - TERM; trap 'rm -f /tmp/x' EXIT; trap") == (
        "trap -- 'rm -f /tmp/x' EXIT\n", 0)
    assert run(session, "trap 'echo hi' 15; trap") == ("trap -- 'rm -f /tmp/x' EXIT\ntrap -- 'echo hi' SIGTERM\n", 0)


def test_an_unknown_signal_is_refused(session):
    assert run(session, "trap 'echo hi' BOGUS") == ("bash: trap: BOGUS: invalid signal specification\n", 1)
