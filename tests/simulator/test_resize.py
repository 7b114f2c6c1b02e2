"""Session.resize: the terminal's size, kept with the session, and the output that follows it."""
import os
import pty
import select
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from fcntl import ioctl
from termios import TIOCSWINSZ

from simulator import Session
from simulator.cli.commands.image_pull import progress_bar
from tests.simulator.session_harness import Lab

ROOT = Path(__file__).resolve().parents[2]


def test_bash_shows_the_size_in_columns_and_lines_without_exporting_them():
    lab = Lab(tty=True)
    lab.session.resize(100, 30)
    assert lab.ok("echo $COLUMNS $LINES") == "100 30\n"
    assert lab.ok("env | grep -c -e COLUMNS -e LINES || true") == "0\n"


def test_the_size_is_saved_with_the_session():
    lab = Lab(tty=True)
    lab.session.resize(132, 43)
    again = Session.from_json(lab.session.to_json())
    assert (again.terminal.width, again.terminal.height) == (132, 43)
    assert again.run("echo $COLUMNS").output == "132\n"


def test_a_state_saved_before_sizes_were_kept_loads_at_80_by_24():
    state = Lab().session.to_json().replace(',"size":[80,24]', "")
    assert '"size"' not in state
    again = Session.from_json(state)
    assert (again.terminal.width, again.terminal.height) == (80, 24)


@pytest.mark.parametrize("cols, rows, expected", [(0, -5, (1, 1)), (10 ** 9, 50, (1000, 50))])
def test_sizes_are_bounded(cols, rows, expected):
    session = Session(seed=0)
    session.resize(cols, rows)
    assert (session.terminal.width, session.terminal.height) == expected


def test_ls_fills_the_width():
    lab = Lab(tty=True)
    lab.ok("mkdir d && cd d && touch " + " ".join(f"file{i:02}.txt" for i in range(12)))
    assert lab.ok("ls") == ("file00.txt  file02.txt  file04.txt  file06.txt  file08.txt  file10.txt\n"
                            "file01.txt  file03.txt  file05.txt  file07.txt  file09.txt  file11.txt\n")
    lab.session.resize(40, 24)
    assert lab.ok("ls") == ("file00.txt  file04.txt  file08.txt\n"
                            "file01.txt  file05.txt  file09.txt\n"
                            "file02.txt  file06.txt  file10.txt\n"
                            "file03.txt  file07.txt  file11.txt\n")


@pytest.mark.parametrize("width, expected", [
    (80, " 831.2kB/3.325MB"),
    (110, " 831.2kB/3.325MB"),
    (111, "[============>                                      ]  831.2kB/3.325MB"),
])
def test_the_pull_bar_appears_on_terminals_wider_than_110_columns(width, expected):
    assert progress_bar(831232, 3324928, width) == expected


def test_progress_numbers_as_jsonmessage_prints_them():
    assert progress_bar(3324928, 3324928, 200) == "[" + "=" * 50 + ">]  3.325MB/3.325MB"
    assert progress_bar(4100000, 3324928, 80) == "   4.1MB"       # a wonky current hides the total
    assert progress_bar(1500, 0, 200) == "   1.5kB"


def pull_chunks(width):
    lab = Lab(tty=True)
    lab.session.resize(width, 24)
    chunks = []
    lab.session.run("docker pull alpine:3.18", on_output=chunks.append)
    return "".join(chunks)


def test_a_tty_pull_is_drawn_for_the_terminals_width():
    assert "123c1ee7987f: Downloading  " in pull_chunks(80) and "[=" not in pull_chunks(80)
    assert "123c1ee7987f: Downloading [============>     " in pull_chunks(120)


def test_the_build_screen_fits_the_width():
    lab = Lab(tty=True)
    lab.ok("mkdir app && printf 'FROM alpine\\nRUN echo hi\\n' > app/Dockerfile")
    lab.session.resize(60, 24)
    screen = lab("docker build -t app app")
    head = screen.split("\n")[0]
    assert head.startswith("[+] Building ") and head.endswith(" docker:default") and len(head) == 60


def test_help_wraps_at_the_width():
    lab = Lab(tty=True)
    lab.session.resize(60, 24)
    assert max(len(line) for line in lab("docker run --help").split("\n")) <= 59


def test_python_m_simulator_on_a_terminal_passes_its_size():
    leader, follower = pty.openpty()
    ioctl(follower, TIOCSWINSZ, struct.pack("HHHH", 33, 97, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "simulator"], stdin=follower, stdout=follower,
                               stderr=follower, cwd=ROOT, close_fds=True)
    os.close(follower)
    try:
        os.write(leader, b"echo size=$COLUMNS,$LINES\n")
        assert b"size=97,33" in read_until(leader, b"size=97,33")
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def read_until(fd, wanted):
    seen = b""
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
    return seen
