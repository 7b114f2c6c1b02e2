"""Hostile commands end quickly with one clear line in the shell's or the program's voice, and
the session stays usable afterwards."""
import pytest

from simulator import limits
from simulator.programs.regex_cost import TooComplex, degree
from tests.simulator.session_harness import Lab

TOO_COMPLEX = "grep: regular expression too complex\n"
LONG_LINE = "printf '%0100000d\\n' 1"


@pytest.fixture
def lab():
    return Lab()


@pytest.mark.parametrize("line, output", [
    ("printf '%*s' 1000000000 x | wc -c", "bash: command stopped: output too large\n"),
    ("printf '%1000000000s' x", "bash: command stopped: output too large\n"),
    ("printf '%.999999999f' 1", "bash: command stopped: output too large\n"),
    ("printf '%*s' -1000000000 x", "bash: command stopped: output too large\n"),
    ("docker version --format '{{printf \"%0999999999d\" 1}}'",
     'template: :1:2: executing "" at <printf "%0999999999d" 1>: error calling printf: template output too large\n'),
    ("seq 1 100000000", "bash: command stopped: too many steps (possible infinite loop)\n"),
    ("echo {1..100000000}", "bash: argument list too long\n"),
    ("f(){ f; }; f", "bash: f: maximum function nesting level exceeded (50)\n"),
    ("f(){ echo $(f); }; f", "bash: command stopped: command substitution nested too deeply\n"),
    ("echo 'sh /tmp/x.sh' > /tmp/x.sh; sh /tmp/x.sh", "/tmp/x.sh: line 1: command stopped: shells nested too deeply\n"),
])
def test_runaway_commands_stop_with_one_line(lab, line, output):
    assert (lab(line), lab.code) == (output, 1)
    assert lab.ok("echo still here") == "still here\n"


def test_printf_with_ordinary_widths_still_pads(lab):
    assert lab.ok("printf '%5s|%-*s|%.2f\\n' a 3 b 1.5") == "    a|b  |1.50\n"


@pytest.mark.parametrize("pattern", ["(a|a)*$", "(a|aa)*b", "(a*)*b", "(a+)+$", "(.*a){20}b", "(a|)*b",
                                     r"(\w+\s?)*$"])
def test_exponential_patterns_are_refused(lab, pattern):
    assert lab(f"echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | grep -E '{pattern}'") == TOO_COMPLEX
    assert lab.code == 2
    assert lab(f"echo aaaa! | sed -E 's/{pattern}/x/'") == "sed: regular expression too complex\n"


def test_patterns_that_backtrack_polynomially_match_lines_they_can_afford(lab):
    assert lab("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | grep -E 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'") == TOO_COMPLEX
    assert lab(f"{LONG_LINE} | grep -c '.*.*x'") == TOO_COMPLEX
    assert lab(f"{LONG_LINE} | sed '/0.*x/d' | wc -c") == "sed: regular expression too complex\n0\n"
    assert lab.ok("printf 'a timeout b\\nno\\n' | grep 'time.*out'") == "a timeout b\n"
    assert lab.ok(f"{LONG_LINE} | grep -c '1$'") == "1\n"


@pytest.mark.parametrize("pattern", [r"([0-9]{1,3}\.){3}[0-9]{1,3}", "(foo|bar)+", "(ab|ac)*", r"^\s*#",
                                     "x{1,1000}", r"(\d+)-\1", "error.*timeout"])
def test_everyday_patterns_are_allowed(pattern):
    assert degree(pattern) <= 1


def test_ip_addresses_are_found(lab):
    assert lab.ok("echo 'inet 10.0.0.1/8' | grep -oE '([0-9]{1,3}\\.){3}[0-9]{1,3}'") == "10.0.0.1\n"


@pytest.mark.parametrize("pattern", ["(a|a)*", "((ab)*)*", "(.|a){2,}"])
def test_cost_analysis_refuses(pattern):
    with pytest.raises(TooComplex):
        degree(pattern)


def test_a_command_past_its_deadline_stops_and_the_session_goes_on(lab, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.05)
    assert lab("while true; do true; done") == "bash: command stopped: it ran for more than 0.05 seconds\n"
    assert lab.code == 1
    assert lab.ok("echo still here") == "still here\n"


def test_the_deadline_reaches_a_loop_in_a_container(lab, monkeypatch):
    lab.ok("docker run -d --name box busybox sleep 1000 >/dev/null")
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.05)
    assert lab("docker exec box sh -c 'while true; do :; done'") == \
        "sh: command stopped: it ran for more than 0.05 seconds\n"


def test_a_pattern_substitution_stops_as_it_outgrows_a_word(lab):
    assert lab("x=$(seq 1 10000); y=${x//?/${x}}; echo ${#y}") == "bash: argument list too long\n"
    assert lab.ok("x=abcabc; echo ${x//b/XY} ${x/c/}") == "aXYcaXYc ababc\n"


def test_tar_stops_before_an_archive_no_file_could_hold(lab):
    lab.ok("x=$(printf '%0262000d' 0); for i in 1 2 3 4; do echo $x; done > /tmp/z")     # 1 MB
    many = "$(for i in $(seq 1 20); do echo z; done)"
    assert lab(f"cd /tmp && tar cf t.tar {many}; ls t.tar") == (
        "tar: t.tar: Cannot write: File too large\ntar: Error is not recoverable: exiting now\n"
        "ls: cannot access 't.tar': No such file or directory\n")
    assert lab.ok("cd /tmp && tar cf small.tar z && tar tf small.tar") == "z\n"



def test_bash_regex_matching_is_bounded_too(lab):
    assert lab("re='(a|aa)*b'; [[ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! =~ $re ]]; echo $?") == \
        "bash: regular expression too complex\n2\n"
    assert lab.ok("[[ abc =~ ^a(b)c$ ]] && echo matched") == "matched\n"


def test_the_classic_fork_bomb_is_defined_as_bash_defines_it_and_stays_bounded(lab):
    assert lab(":(){ :|:& };:") in ("bash: command stopped: too many steps (possible infinite loop)\n",
                                    "bash: command stopped: it ran for more than 3 seconds\n")   # on a loaded machine
    assert lab.code == 1
    assert lab.ok("unset -f :; :; echo $?") == "0\n"


def test_bash_takes_function_names_with_dashes(lab):
    assert lab.ok("my-func() { echo hi; }; my-func") == "hi\n"


def test_volumes_and_image_tags_are_bounded_in_number(lab, monkeypatch):
    monkeypatch.setattr("simulator.engine.volumes.MAX_VOLUMES", 3)
    monkeypatch.setattr("simulator.engine.images.MAX_TAGS", 3)
    assert lab("for i in 1 2 3 4; do docker volume create v$i; done") == \
        "v1\nv2\nv3\nError response from daemon: this lab allows at most 3 volumes\n"
    lab.ok("docker pull -q alpine >/dev/null")
    assert lab("for i in 1 2 3; do docker tag alpine t$i; done") == \
        "Error response from daemon: this lab allows at most 3 image tags\n"
    assert lab.ok("docker tag alpine t1 && docker volume create v1") == "v1\n"
