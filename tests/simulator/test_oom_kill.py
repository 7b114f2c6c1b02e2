"""A memory hog in the simulated runtime ends as Docker reports an OOM kill: exit 137, OOMKilled."""
import pytest

from simulator import Session
from simulator.clock import Clock


@pytest.fixture
def session():
    s = Session(seed=0, clock=Clock(frozen=1_764_316_800.0))
    s.run("docker pull -q busybox")
    return s


def outcome(session, name):
    return session.run(f"docker inspect -f '{{{{.State.Status}}}} {{{{.State.ExitCode}}}} "
                       f"{{{{.State.OOMKilled}}}}' {name}").output


@pytest.mark.parametrize("hog", ["tail /dev/zero", "sort /dev/urandom", "sh -c 'tail /dev/zero'"])
def test_a_hog_under_a_memory_limit_is_oom_killed(session, hog):
    result = session.run(f"docker run --name hog -m 32m busybox {hog}")
    assert (result.output, result.exit_code) == ("", 137)
    assert outcome(session, "hog") == "exited 137 true\n"


def test_a_detached_hog_is_oom_killed_too(session):
    session.run("docker run -d --name hog --memory=16m busybox tail /dev/zero")
    assert outcome(session, "hog") == "exited 137 true\n"


def test_other_exits_are_not_oom_kills(session):
    assert session.run("docker run --name quits -m 32m busybox sh -c 'exit 137'").exit_code == 137
    assert outcome(session, "quits") == "exited 137 false\n"

