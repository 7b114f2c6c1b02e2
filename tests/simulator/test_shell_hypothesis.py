"""Hostile input: whatever is typed, the shell answers without an exception, within its step
budget and with bounded output."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.limits import MAX_STEPS, Budget
from simulator.programs.base import Blocked, Output

from shellrun import Term

TOKENS = ["echo", "x", "$", "$(", ")", "`", "'", '"', "\\", "|", "||", "&&", "&", ";", ";;", "<", ">",
          ">>", "2>&1", "<<", "EOF", "\n", "(", "{", "}", "if", "then", "fi", "for", "in", "do", "done",
          "while", "case", "esac", "*", "?", "[", "]", "[[", "]]", "${", "$((", "))", "~", "=", "a=1",
          "cat", "ls", "grep", "sed", "s/a/b/", "printf", "%s", "%d", "f()", "{ f; }", "$@", "$#", "\x00",
          "\x1b", "\x7f", "!", "#", "-", "--", "/etc", "/dev/null", "sort", "head", "-n", "wc", "read",
          "set -e", "exit", "break", "continue", "source", "eval", "test", "yes", "seq", "9", "/tmp/f"]

soup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40).map(" ".join)
nested = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.sampled_from(["$(" * n + ")" * n, "(" * n + ")" * n, "{ " * n + "} " * n,
                               "$((" * n + "1" + "))" * n, "if true; then " * n + "fi; " * n,
                               "'" * n, '"' * n, "`" * n, "x" * (n * 1000)]))
MAX_TEXT = 10 ** 7


def run_hostile(line):
    term = Term()
    out = Output(MAX_TEXT)
    budget = Budget()
    proc = term.proc(out)
    proc.budget = budget
    try:
        status = term.shell.execute(line, proc)
    except Blocked:
        status = 130
    assert isinstance(status, int) and 0 <= status <= 255
    assert budget.left >= -1 and MAX_STEPS - budget.left <= MAX_STEPS + 1
    assert out.size < MAX_TEXT
    assert term.run("echo ok") == ("ok\n", 0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soup)
def test_token_soup(line):
    run_hostile(line)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested)
def test_deep_nesting_and_huge_words(line):
    run_hostile(line)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=200))
def test_control_bytes_and_unbalanced_quotes(line):
    run_hostile(line)
