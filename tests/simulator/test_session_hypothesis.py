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
