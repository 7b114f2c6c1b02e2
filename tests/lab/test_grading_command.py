"""`manage.py grade` (contract 4): JSON and JUnit output, parallel workers, hostile submissions."""
import io
import json
import os
import tarfile
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command

from lab.grading import batch
from tests.lab.grading_lesson import write_lessons


@pytest.fixture(autouse=True)
def lessons(tmp_path, settings):
    directory = tmp_path / "lessons"
    directory.mkdir()
    settings.LESSONS_DIR = write_lessons(directory)


def submission(root, name, script):
    path = root / name
    path.mkdir()
    (path / "commands.sh").write_text(script)
    return str(path)


def grade(*args):
    out = io.StringIO()
    call_command("grade", *args, stdout=out)
    return out.getvalue()


def test_json_in_argument_order(tmp_path):
    good = submission(tmp_path, "good", "echo hello > note.txt\n")
    bad = submission(tmp_path, "bad", "echo bye > note.txt\n")
    records = json.loads(grade("write-note", good, bad, "--jobs", "2"))
    assert records == [
        {"submission": good, "passed": True, "score": 1.0, "checks": [{"name": "note", "passed": True, "feedback": "ok"}]},
        {"submission": bad, "passed": False, "score": 0.0,
         "checks": [{"name": "note", "passed": False, "feedback": '/root/notes/note.txt on the host should contain "hello"'}]},
    ]


def test_junit(tmp_path):
    good = submission(tmp_path, "good", "echo hello > note.txt\n")
    bad = submission(tmp_path, "bad", "true\n")
    suite = ElementTree.fromstring(grade("write-note", good, bad, "--format", "junit", "--jobs", "1"))
    assert (suite.tag, suite.get("name"), suite.get("tests"), suite.get("failures")) == ("testsuite", "write-note", "2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [good, bad]
    assert cases[0].find("failure") is None
    assert cases[1].find("failure").get("message") == "/root/notes/note.txt on the host does not exist"


def test_hostile_submissions_fail_alone_with_a_reason(tmp_path):
    escape = tmp_path / "escape.tar"
    with tarfile.open(escape, "w") as archive:
        info = tarfile.TarInfo("../../etc/cron.d/x")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink("/etc/passwd", linked / "commands.sh")
    big = tmp_path / "big"
    big.mkdir()
    with open(big / "commands.sh", "wb") as handle:
        handle.truncate(100 * 1000 * 1000)
    loop = submission(tmp_path, "loop", "while true; do :; done\necho hello > note.txt\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    good = submission(tmp_path, "good", "echo hello > note.txt\n")
    paths = [str(escape), str(linked), str(big), loop, str(empty), good]
    records = json.loads(grade("write-note", *paths, "--jobs", "2"))
    feedback = [r["checks"][0]["feedback"] for r in records]
    assert [r["passed"] for r in records] == [False, False, False, False, False, True]
    assert feedback[:3] == [
        "path outside the submission: ../../etc/cron.d/x",
        "links are not allowed in a submission: commands.sh -> /etc/passwd",
        "commands.sh is 100.0 MB, over the 2.0 MB limit for one file",
    ]
    assert records[3]["checks"][0]["name"] == "sh commands.sh"
    assert "command stopped: " in feedback[3]      # too many steps, or past the deadline on a loaded machine
    assert feedback[4] == "the submission has no commands.sh"


def test_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "TIME_LIMIT", 1)
    monkeypatch.setattr(batch, "grade_files", lambda exercise, files, start: __import__("time").sleep(5))
    records = json.loads(grade("write-note", submission(tmp_path, "slow", "true\n"), "--jobs", "1"))
    assert records[0]["checks"] == [{"name": "time limit", "passed": False,
                                     "feedback": "grading stopped after 1 s: the submission takes too long"}]


def test_refusals():
    with pytest.raises(CommandError, match="no exercise 'nope' in the lessons"):
        grade("nope", "/tmp")
    with pytest.raises(CommandError, match="exercise no-submissions does not take submissions"):
        grade("no-submissions", "/tmp")
    with pytest.raises(CommandError, match="--jobs must be at least 1"):
        grade("write-note", "/tmp", "--jobs", "0")


def dockerfile(root, name, text, extra=None):
    path = root / name
    path.mkdir()
    (path / "Dockerfile").write_text(text)
    for relative, content in (extra or {}).items():
        (path / relative).write_text(content)
    return str(path)


def test_hostile_dockerfiles_fail_with_the_builders_reason(tmp_path):
    paths = [
        dockerfile(tmp_path, "good", 'FROM alpine\nCMD ["echo", "hello"]\n'),
        dockerfile(tmp_path, "syntax", "FORM alpine\n"),
        dockerfile(tmp_path, "outside", "FROM alpine\nCOPY ../../etc/passwd /x\n"),
        dockerfile(tmp_path, "loop", "FROM alpine\nRUN while true; do :; done\n"),
        dockerfile(tmp_path, "wrong", 'FROM alpine\nCMD ["echo", "bye"]\n'),
    ]
    records = json.loads(grade("build-hello", *paths, "--jobs", "2"))
    assert [r["passed"] for r in records] == [True, False, False, False, False]
    feedback = [r["checks"][0]["feedback"] for r in records]
    assert feedback[1] == "ERROR: failed to build: failed to solve: dockerfile parse error on line 1: unknown instruction: FORM"
    assert feedback[2].startswith("ERROR: failed to build: failed to solve:") and "not found" in feedback[2]
    assert "too many steps" in feedback[3] or "did not complete successfully" in feedback[3]
    assert feedback[4] == 'the output of `docker run --rm build-hello` should be exactly "hello"'
