"""The course as the lab uses it: lessons read from their files (re-read when a file changes, so an
author previews by saving), exercises' start states and grading from `simulator.grading`.
Every use of the lesson and grading modules goes through here."""
import functools
import logging

from django.conf import settings

from lab.courses.lessons import load_lessons
from simulator import Session
from simulator.grading import disabled_command, evaluate, start_session
from simulator.runtime.linux import checks as linux
from simulator.runtime.linux import network

log = logging.getLogger(__name__)
PLAYGROUND = "playground"


def lessons():
    directory = settings.LESSONS_DIR
    files = sorted(directory.glob("*.md"))
    return _load(str(directory), tuple((f.name, f.stat().st_mtime_ns) for f in files))


@functools.lru_cache(maxsize=2)
def _load(directory, signature):
    return tuple(load_lessons(directory))


def lesson(slug):
    return next((item for item in lessons() if item.slug == slug), None)


def exercise(lesson_slug, exercise_id):
    found = lesson(lesson_slug)
    return next((e for e in found.exercises if e.id == exercise_id), None) if found else None


def workspace_exists(name):
    return name == PLAYGROUND or lesson(name) is not None


def start_state(name, exercise_id=""):
    """A new Session for a workspace: the playground is a bare machine; a lesson starts in the
    chosen exercise's start state (its first exercise by default)."""
    found = lesson(name) if name != PLAYGROUND else None
    options = session_options(found)
    if not found or not found.exercises:
        return Session(tty=True, **options)
    chosen = next((e for e in found.exercises if e.id == exercise_id), found.exercises[0])
    return start_session(chosen, tty=True, **options)


def session_options(found):
    """The Session options of a lesson's workspaces: its runtime (runtime_of) and, on the Linux
    runtime, the private bridge network its front matter asks for."""
    runtime, _ = runtime_of(found)
    return {"runtime": runtime, "linux_network": runtime == "linux" and found.linux_network}


def runtime_of(found):
    """(runtime, why) for a lesson's workspaces: a `runtime: linux` lesson gets real containers
    when the operator allows them and the host can run them, else the simulated runtime and the
    line its page shows saying why."""
    if found is None or found.runtime != "linux":
        return "simulated", ""
    if not linux.enabled():
        return "simulated", (f"This lesson runs real Linux containers where the lab allows them "
                             f"({linux.ENABLE_VARIABLE}=1); here they are simulated.")
    missing = linux.problems() + (network.problems() if found.linux_network else [])
    if missing:
        return "simulated", f"This lesson runs real Linux containers, but {'; '.join(missing)}: here they are simulated."
    return "linux", ""


def grade(session, exercise):
    return evaluate(session, exercise)


def refusal(exercise, line):
    """The shell's refusal of a line using a command the exercise disables, else None."""
    return disabled_command(exercise, line) if exercise else None
