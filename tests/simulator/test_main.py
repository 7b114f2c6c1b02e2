"""`python -m simulator`: lines from stdin, what the terminal shows on stdout, state saved."""
import subprocess
import sys
from pathlib import Path

from simulator.__main__ import load, parse_args

ROOT = Path(__file__).resolve().parents[2]


def simulator(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "simulator", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_batch_prints_the_output_and_exits_with_the_last_status():
    done = simulator("--seed", "3", stdin="echo hello\ndocker ps\nfalse\n")
    assert done.stdout == ("hello\nCONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n")
    assert done.returncode == 1


def test_state_file_carries_the_session_between_runs(tmp_path):
    state = tmp_path / "session.json"
    first = simulator("--state", str(state), "--seed", "1",
                      stdin="docker run -d --name web alpine sleep 1000\ncd /tmp\n")
    assert first.returncode == 0 and state.exists()
    second = simulator("--state", str(state), stdin="docker ps --format '{{.Names}}'\npwd\n")
    assert second.stdout == "web\n/tmp\n"


def test_bad_options_are_reported_by_argparse():
    done = simulator("--runtime", "vm")
    assert done.returncode == 2
    assert "invalid choice: 'vm'" in done.stderr


def test_linux_network_is_passed_to_the_session_and_kept_in_the_state(tmp_path):
    assert load(parse_args(["--runtime", "linux", "--linux-network"]), tty=False).linux_network is True
    assert load(parse_args([]), tty=False).linux_network is False
    state = tmp_path / "session.json"
    simulator("--state", str(state), "--runtime", "linux", "--linux-network", stdin="true\n")
    assert load(parse_args(["--state", str(state)]), tty=False).engine.runtime.network is True
