"""Every transcript of real Docker output replays in one fresh session; the matching rules themselves."""
import pytest

from simulator import Session
from tests.acceptance import Step, match_lines, parse, run_file, transcripts


@pytest.mark.parametrize("path", transcripts(), ids=lambda p: p.stem)
def test_transcript_replays(path):
    failure = run_file(path, Session)
    assert failure is None, failure


def test_there_are_transcripts():
    assert [p.name for p in transcripts()][:2] == ["01-containers.t", "02-cmd-entrypoint.t"]


def test_parse_reads_commands_continuations_outputs_and_exit_codes():
    text = "# header\n$ echo a \\\n> b\na b\n\n$ false\n[exit 1]\n$ true\n"
    assert parse(text) == [Step("echo a \\\nb", ["a b"]), Step("false", [], 1), Step("true")]


def test_placeholders_match_their_kind_only():
    assert match_lines(["<ID> <N> <*>!"], ["0123456789ab 42 any text!"])
    assert not match_lines(["<ID>"], ["0123456789AB"])
    assert not match_lines(["<N>"], ["4x"])
    assert match_lines(["<DIGEST>"], ["sha256:" + "f" * 64])
    assert not match_lines(["<LONGID>"], ["f" * 63])


def test_any_lines_spans_zero_or_more_lines():
    assert match_lines(["a", "<...>", "z"], ["a", "z"])
    assert match_lines(["a", "<...>", "z"], ["a", "b", "c", "z"])
    assert not match_lines(["a", "<...>", "z"], ["a", "b"])


def test_column_gaps_and_trailing_spaces_are_loose_cells_are_not():
    assert match_lines(["NAME  ID"], ["NAME       ID   "])
    assert not match_lines(["NAME  ID"], ["NAME ID"])
    assert not match_lines(["a"], ["a", "b"])


def test_a_mismatch_names_the_step_and_both_outputs(tmp_path):
    transcript = tmp_path / "wrong.t"
    transcript.write_text("$ echo hi\nhi\n$ echo there\nthere!\n[exit 1]\n")
    lines = run_file(transcript, Session).splitlines()
    assert lines[:3] == ["wrong.t step 2 `echo there`", "  expected (exit 1):", "    there!"]
    assert lines[3].startswith("  got (exit 0, ") and lines[4:] == ["    there"]
