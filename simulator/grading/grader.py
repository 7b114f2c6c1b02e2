"""Grading an exercise in a session: make its start state, then evaluate its checks."""
import posixpath
from dataclasses import dataclass

from ..session import Session
from .answer import ANSWER_COMMAND, ANSWER_SCRIPT
from .checks import run_check
from .disabled import disabled_command
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
    session.history.clear()                # the start state is not the student's doing
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


@dataclass
class Rehearsal:
    """An exercise played through: its results in the start state and after its solution, the
    solution's commands that failed (line, output) and those it may not use (disabled)."""
    start: ExerciseResult
    solved: ExerciseResult
    failed_commands: list
    refused_commands: list


def rehearse(exercise, seed=0, **options):
    """Plays an exercise as an author must have meant it: the start state must fail the checks,
    the solution must pass them (and may not use a command the exercise disables). Keyword
    options go to the Session (`runtime=...`)."""
    session = start_session(exercise, seed=seed, **options)
    start = evaluate(session, exercise)
    failed, refused = [], []
    for line in exercise.solution:
        if disabled_command(exercise, line):
            refused.append(line)
            continue
        result = session.run(line)
        if result.exit_code != 0:
            failed.append((line, result.output))
    return Rehearsal(start, evaluate(session, exercise), failed, refused)
