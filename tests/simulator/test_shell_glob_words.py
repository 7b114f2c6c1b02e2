"""Which words pathname expansion looks at: `[` alone opens no bracket expression (bash), so
`while [ ... ]` never reads the filesystem and the word stays exactly as typed."""
import pytest

from simulator import Session


@pytest.mark.parametrize("line, expected", [
    ("echo /usr//bin/[", "/usr//bin/[\n"),          # a glob would have rewritten it to /usr/bin/[
    ("echo [ ]", "[ ]\n"),
    ("cd /usr/bin && echo [[]", "[\n"),              # a real bracket expression still matches
    ("cd /usr/bin && echo [ [*", "[ [\n"),
    ("cd /usr/bin && echo '['*", "[\n"),
    ("x='/usr//bin/\\['; echo $x", "/usr/bin/[\n"),  # an escape in an unquoted value is a pattern
])
def test_words_with_a_bracket(line, expected):
    assert Session(seed=1).run(line).output == expected


def test_a_test_loop_reads_no_directory(monkeypatch):
    session = Session(seed=1)
    monkeypatch.setattr(type(session.host.fs), "listdir", lambda *args: pytest.fail("globbed"))
    result = session.run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i")
    assert result.output == "3\n"
