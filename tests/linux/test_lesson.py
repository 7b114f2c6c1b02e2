"""The lesson on containers under Linux rehearses on real containers when the lab enables them,
and on the simulated runtime otherwise: `validate_lessons` passes either way."""
import io
import shutil

from django.core.management import call_command

from lab.courses.course import runtime_of
from lab.courses.lessons import load_lesson
from simulator.runtime.linux import checks

LESSON = "lessons/12-inside-a-container.md"
ROW = "12-inside-a-container                    3         3/3             3/3  ok"


def validate(tmp_path):
    shutil.copy(LESSON, tmp_path)
    out = io.StringIO()
    call_command("validate_lessons", str(tmp_path), stdout=out)
    return out.getvalue().splitlines()[1]


def test_the_lesson_validates_on_the_linux_runtime(runtime_root, monkeypatch, tmp_path):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    monkeypatch.setenv(checks.ENABLE_VARIABLE, "1")
    assert runtime_of(load_lesson(LESSON)) == ("linux", "")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    assert validate(lessons) == ROW


def test_the_lesson_validates_on_the_simulated_runtime(monkeypatch, tmp_path):
    monkeypatch.setenv(checks.ENABLE_VARIABLE, "0")
    assert runtime_of(load_lesson(LESSON))[0] == "simulated"
    assert validate(tmp_path) == ROW
