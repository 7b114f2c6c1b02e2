"""Hostile input at Session.run: whatever is typed, no exception escapes, the work is bounded and
the output is capped, and the session stays usable."""
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.limits import MAX_OUTPUT

from session_harness import new_session

SESSION = new_session()
SESSION.run("docker pull -q alpine")
SESSION.run("docker run -d --name box alpine sleep 100000")

WORDS = ["docker", "run", "-d", "-it", "--rm", "--name", "box", "alpine", "nginx", "ps", "-a", "exec", "logs",
         "-f", "stop", "kill", "rm", "rmi", "images", "inspect", "--format", "'{{json .}}'", "{{", "}}", "-p",
         "80:80", "-e", "X=1", "sh", "-c", "echo", "$(", ")", "|", "&&", "||", ";", ">", "<<", "'", '"', "\\",
         "*", "~", "$HOME", "..", "/", "\x00", "\x1b[A", "\t", "prune", "-f", "y", "exit", "cp", "box:/etc", "-"]

soup = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=14).map(" ".join)
huge = st.integers(min_value=1, max_value=4).map(lambda n: "echo " + "A" * (70_000 * n))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(soup, huge, st.text(max_size=200)))
def test_any_line_returns_a_result(line):
    result = SESSION.run(line)
    assert isinstance(result.output, str) and isinstance(result.exit_code, int)
    assert len(result.output) <= MAX_OUTPUT + 200
    while SESSION.terminal.frames:
        SESSION.interrupt()
        SESSION.run("exit")
    assert SESSION.run("echo alive").output == "alive\n"


COMMANDS = ["docker run -d --name {n} alpine sleep {t}", "docker run --name {n} alpine sh -c 'echo {t}; exit {e}'",
            "docker stop {n}", "docker kill {n}", "docker rm -f {n}", "docker start {n}", "docker pause {n}",
            "docker unpause {n}", "docker restart {n}", "docker exec {n} sh -c 'echo {t} > /f{t}'",
            "docker commit {n} snap:{t}", "docker rmi -f snap:{t}", "docker run -d --restart always --name {n} "
            "alpine sh -c 'exit {e}'", "docker container prune -f", "docker tag alpine a{t}:v", "docker rmi a{t}:v",
            "docker run -it --name {n} alpine sh", "echo {t}", "exit {e}", "y", "docker container prune"]
step = st.tuples(st.sampled_from(COMMANDS), st.sampled_from(["c1", "c2", "c3"]), st.integers(1, 40),
                 st.integers(0, 3), st.integers(0, 50))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=12))
def test_saved_sessions_continue_exactly(steps):
    session = new_session()
    session.run("docker pull -q alpine")
    for template, name, number, code, wait in steps:
        session.run(template.format(n=name, t=number, e=code))
        session.clock.advance(wait)
        saved = session.to_json()
        restored = type(session).from_json(saved)
        assert restored.to_json() == saved
        assert restored.prompt == session.prompt
        for probe in ("docker ps -a --no-trunc", "docker images -a --no-trunc"):
            if not session.terminal.frames:
                assert restored.run(probe).output == session.run(probe).output
