"""Which entries continue on a "> " line, as bash decides: Session.needs_more."""
import pytest

from simulator import Session

needs_more = Session(seed=0).needs_more


@pytest.mark.parametrize("text", [
    "cat > /tmp/f <<EOF",
    "cat > /tmp/f <<EOF\nhello",
    "cat <<-'END'\n\tline",
    "cat <<A\nx\nA\ncat <<B\ny",
    'echo "open quote',
    "echo 'open",
    "echo $(date",
    "if true; then",
    "for i in 1 2; do\necho $i",
    "docker run \\",
    "echo a &&",
    "echo a |",
    "echo a ||",
    "while true; do",
    "case $x in",
    "f() {",
])
def test_unfinished_entries_need_more(text):
    assert needs_more(text)


@pytest.mark.parametrize("text", [
    "",
    "docker ps",
    "cat > /tmp/f <<EOF\nhello\nEOF",
    "cat <<-'END'\n\tline\n\tEND",
    "cat <<A\nx\nA\ncat <<B\ny\nB",
    'echo "closed"',
    "if true; then echo yes; fi",
    "echo a\\\\",
    "echo )",
    "echo a;",
    "fi",
])
def test_complete_entries_and_plain_errors_run(text):
    assert not needs_more(text)
