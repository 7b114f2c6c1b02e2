"""Every exercise of the course, played through the real simulator: its start state fails its
checks and its solution passes them (what `validate_lessons` checks, one test per exercise)."""
from pathlib import Path

import pytest

from lab.courses.lessons import load_lessons
from simulator.grading import rehearse

LESSONS = load_lessons(Path(__file__).resolve().parents[2] / "lessons")
EXERCISES = [e for lesson in LESSONS for e in lesson.exercises]


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_start_fails_and_solution_passes(exercise):
    rehearsal = rehearse(exercise)
    assert not rehearsal.start.passed, "the start state already passes every check"
    failing = [(c.name, c.feedback) for c in rehearsal.solved.checks if not c.passed]
    assert failing == [], f"solution commands that failed: {[line for line, _ in rehearsal.failed_commands]}"
