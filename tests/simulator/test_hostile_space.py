"""A session's saved state is bounded: file writes that would take it past MAX_SESSION_BYTES fail
with ENOSPC in the writing program's voice, and the session stays usable."""
import pytest

from simulator import Session, limits
from tests.simulator.session_harness import Lab

# A 3 MiB text file (4 MiB once saved: each newline is two characters in JSON), then copies of it.
BIG = "echo hi > /tmp/a; for i in $(seq 1 20); do cat /tmp/a /tmp/a > /tmp/b; mv /tmp/b /tmp/a; done"
COPIES = "for i in $(seq 1 9); do cp /tmp/a /tmp/a$i || break; done"


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SESSION_BYTES", 64 * 1024)
    lab = Lab()
    lab.ok("docker pull -q busybox >/dev/null")
    return lab


def test_doubling_a_file_stops_at_the_session_bound_and_the_session_stays_usable():
    lab = Lab()
    lab.ok(BIG)
    assert lab(COPIES) == "cp: cannot create regular file '/tmp/a7': No space left on device\n"
    assert lab.code == 1
    assert len(lab.session.to_json()) <= limits.MAX_SESSION_BYTES
    assert lab.ok("rm /tmp/a1; cp /tmp/a /tmp/a7 && echo room again") == "room again\n"


def test_the_bound_holds_across_runs_and_reloads(small):
    small.ok("seq 1 8000 > /tmp/numbers")        # 38893 bytes
    assert small("cp /tmp/numbers /tmp/copy") == \
        "cp: cannot create regular file '/tmp/copy': No space left on device\n"
    reloaded = Session.from_json(small.session.to_json())
    assert reloaded.run("cp /tmp/numbers /tmp/copy").output == \
        "cp: cannot create regular file '/tmp/copy': No space left on device\n"
    assert reloaded.run("ls /tmp").output == "numbers\n"


def test_container_layers_and_volumes_share_the_sessions_space(small):
    small.ok("seq 1 8000 > /tmp/numbers")
    small.ok("docker run -d --name box -v data:/data busybox sleep 1000")
    assert small("docker exec box sh -c 'seq 1 8000 > /data/copy'") == \
        "sh: /data/copy: No space left on device\n"
    assert small("docker exec box sh -c 'seq 1 8000 > /layer'") == \
        "sh: /layer: No space left on device\n"
    assert small.ok("rm /tmp/numbers; docker exec box sh -c 'seq 1 8000 > /layer' && echo ok") == "ok\n"


def test_a_move_takes_no_room(small):
    small.ok("seq 1 8000 > /tmp/numbers")
    assert small.ok("mv /tmp/numbers /root/numbers && wc -l < /root/numbers") == "8000\n"


def test_data_is_counted_as_it_is_saved_escapes_included(monkeypatch):
    lab = Lab()
    lab.ok("printf '\\377%.0s' $(seq 1 3000) > /tmp/y")     # 6000 bytes of UTF-8, 18000 characters in JSON
    monkeypatch.setattr(limits, "MAX_SESSION_BYTES", len(lab.session.to_json()) + 20_000)
    lab.ok("cp /tmp/y /tmp/y2")
    assert lab("cp /tmp/y /tmp/y3") == "cp: cannot create regular file '/tmp/y3': No space left on device\n"


def test_writes_to_dev_null_take_no_room(small):
    small.ok("docker run -d --name box busybox sleep 1000")
    assert small.ok("docker exec box sh -c 'seq 1 8000 | tee /dev/null /dev/null /dev/null | wc -l'") == "8000\n"


def test_shell_variables_count_against_the_space(small):
    assert small("x=$(seq 1 8000); y=$x.; z=$x..") == "bash: command stopped: variables too large\n"
    assert small.ok("unset y; echo ok > /tmp/ok && cat /tmp/ok") == "ok\n"


def test_history_keeps_at_most_a_megabyte():
    lab = Lab()
    line = "echo " + "x" * 60_000 + " >/dev/null"
    for _ in range(40):
        lab.ok(line)
    lab.ok("true")
    kept = lab.session.shell.history
    assert kept[-1] == "true" and sum(map(len, kept)) <= limits.MAX_HISTORY_CHARS
    assert sum(map(len, lab.session.history)) <= limits.MAX_HISTORY_CHARS
