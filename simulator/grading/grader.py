"""Grading an exercise in a session: make its start state, then evaluate its checks."""
import posixpath

from ..session import Session
from .answer import ANSWER_COMMAND, ANSWER_SCRIPT
from .checks import run_check
from .probe import Probe, host_fs
from .result import ExerciseResult


def start_session(exercise, seed=None, **options):
    """A fresh Session holding the exercise's start state: the `answer` command installed, the
    exercise's files written on the host, its setup commands run."""
    session = Session(seed=seed, **options)
    write_host_file(session, ANSWER_COMMAND, ANSWER_SCRIPT, mode=0o755)
    for path, text in (exercise.files or {}).items():
        write_host_file(session, path, text)
    for line in exercise.setup or []:
        session.run(line)
    return session


def write_host_file(session, path, text, mode=None):
    fs = host_fs(session)
    fs.mkdir(posixpath.dirname(path), parents=True, exist_ok=True)
    fs.write(path, text.encode() if isinstance(text, str) else text, mode=mode)


def evaluate(session, exercise):
    """Runs every check of the exercise against the session, which it leaves unchanged."""
    probe = Probe(session)
    results = [run_check(check, probe) for check in exercise.checks]
    return ExerciseResult(all(r.passed for r in results), results)
