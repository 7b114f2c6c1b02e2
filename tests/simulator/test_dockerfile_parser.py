"""BuildKit's own parser cases (tests/data/dockerfile-parser, Apache-2.0) replayed."""
from pathlib import Path

import pytest

from simulator.engine.build.dockerfile import ParseError, parse

DATA = Path(__file__).resolve().parent.parent / "data" / "dockerfile-parser"
POSITIVE = sorted(p.name for p in (DATA / "testfiles").iterdir())
NEGATIVE = sorted(p.name for p in (DATA / "testfiles-negative").iterdir())


def read(path):
    return path.read_bytes().decode("utf-8")


def test_all_cases_present():
    assert (len(POSITIVE), len(NEGATIVE)) == (33, 4)


@pytest.mark.parametrize("case", POSITIVE)
def test_positive_case_dumps_to_result(case):
    folder = DATA / "testfiles" / case
    assert parse(read(folder / "Dockerfile")).dump() == read(folder / "result")


@pytest.mark.parametrize("case", NEGATIVE)
def test_negative_case_fails(case):
    with pytest.raises(ParseError):
        parse(read(DATA / "testfiles-negative" / case / "Dockerfile"))


def test_line_information():
    parsed = parse(read(DATA / "testfile-line" / "Dockerfile"))
    assert [(n.start_line, n.end_line) for n in parsed.children] == [(5, 5), (11, 12), (17, 31)]


def test_error_messages_name_the_line():
    with pytest.raises(ParseError) as err:
        parse("FROM busybox\n\nENV PATH\n")
    assert (str(err.value), err.value.line) == ("ENV must have two arguments", 3)
    with pytest.raises(ParseError) as err:
        parse("# only a comment\n")
    assert (str(err.value), err.value.line) == ("file with no instructions", 1)
    with pytest.raises(ParseError) as err:
        parse('CMD [ "echo", [ "nested json" ] ]\n')
    assert err.value.message == "when using JSON array syntax, arrays must be comprised of strings only"


def test_heredocs():
    parsed = parse("FROM alpine\nRUN <<EOF\necho hi\necho there\nEOF\nCOPY <<-'END' /a.txt\n\tx $Y\n\tEND\n")
    run, copy = parsed.children[1], parsed.children[2]
    assert run.dump() == 'run "<<EOF"'
    assert [(d.name, d.content, d.expand) for d in run.heredocs] == [("EOF", "echo hi\necho there\n", True)]
    assert (copy.heredocs[0].name, copy.heredocs[0].text(), copy.heredocs[0].expand) == ("END", "x $Y\n", False)
    assert (run.start_line, run.end_line, copy.start_line, copy.end_line) == (2, 5, 6, 8)


def test_unterminated_heredoc():
    with pytest.raises(ParseError) as err:
        parse("FROM alpine\nRUN <<EOF\necho hi\n")
    assert (str(err.value), err.value.line) == ("unterminated heredoc", 2)


def test_syntax_directive_and_escape():
    parsed = parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\nRUN echo a `\n b\n")
    assert (parsed.syntax, parsed.escape, parsed.children[1].args) == ("docker/dockerfile:1", "`", ["echo a  b"])
