"""Batch grading's workers: one start state for all of them, each submission in a fork of it."""
import pytest

from lab.grading import batch
from lab.grading.management.commands.grade import find_exercise
from simulator.grading.submission import start_state
from tests.lab.grading_lesson import write_lessons


@pytest.fixture(autouse=True)
def lessons(tmp_path, settings):
    directory = tmp_path / "lessons"
    directory.mkdir()
    settings.LESSONS_DIR = write_lessons(directory)


def submissions(root, *scripts):
    paths = []
    for number, script in enumerate(scripts):
        path = root / f"s{number}"
        path.mkdir()
        (path / "commands.sh").write_text(script)
        paths.append(str(path))
    return paths


def test_the_start_state_is_made_once_for_every_worker(tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(batch, "start_state", lambda exercise: made.append(exercise.id) or start_state(exercise))
    paths = submissions(tmp_path, "echo hello > note.txt\n", "true\n", "echo hello > note.txt\n")
    results = batch.grade_many(find_exercise("write-note"), paths, jobs=2)
    assert made == ["write-note"]
    assert [r.passed for r in results] == [True, False, True]


def test_a_submission_leaves_nothing_for_the_next_in_the_same_worker(tmp_path):
    paths = submissions(tmp_path, "echo hello > note.txt\ndocker run -d --name web nginx\n",
                        'if test -e note.txt || test -n "$(docker ps -aq)"; then echo left > note.txt\n'
                        'else echo hello > note.txt; fi\n')
    assert [r.passed for r in batch.grade_many(find_exercise("write-note"), paths, jobs=1)] == [True, True]
