"""Grading submitted work (batch grading): a build context, a compose project or a script, put
into a fresh session in the exercise's start state, brought up, then checked."""
import posixpath
import shlex

from ..session import Session
from .grader import evaluate, start_session, write_host_file
from .result import CheckResult, ExerciseResult

COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
KINDS = {
    # kind: (files one of which must be present, what brings the submission up)
    "dockerfile": (("Dockerfile",), "docker build -t {tag} ."),
    "compose": (COMPOSE_FILES, "docker compose up -d"),
    "script": (("commands.sh",), "sh commands.sh"),
}


def submission_dir(exercise):
    """Where a submission is unpacked: the directory holding the exercise's own files (a build
    context, a project), or /root/<exercise id>."""
    dirs = [posixpath.dirname(path) for path in exercise.files or {}]
    common = posixpath.commonpath(dirs) if dirs else ""
    return common if common not in ("", "/") else f"/root/{exercise.id}"


def failed(name, feedback):
    return ExerciseResult(False, [CheckResult(name, False, feedback)])


def start_state(exercise, seed=0):
    """The exercise's start state as session JSON, made once for many submissions."""
    return start_session(exercise, seed=seed).to_json()


def grade_files(exercise, files, start=None):
    """Grades one submission given as {relative path: bytes} (already checked for size and
    paths by whoever read it), from `start` (start_state()) or a new start state. A submission
    that does not come up fails with the reason."""
    kind = exercise.submission
    if kind not in KINDS:
        return failed("submission", f"exercise {exercise.id} does not take submissions")
    required, command = KINDS[kind]
    if not any(name in files for name in required):
        return failed("submission", f"the submission has no {' or '.join(required)}")
    session = Session.from_json(start) if start else start_session(exercise, seed=0)
    workdir = submission_dir(exercise)
    for relative, data in sorted(files.items()):
        write_host_file(session, posixpath.join(workdir, relative), data)
    session.run(f"cd {shlex.quote(workdir)}")
    command = command.format(tag=shlex.quote(exercise.id))
    result = session.run(command)
    if result.exit_code != 0:
        return failed(command, _reason(result.output))
    return evaluate(session, exercise)


def _reason(output):
    """The line that says why a build or `compose up` failed (Docker prints it last)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "error" in line.lower()]
    return (errors or lines or ["(no output)"])[-1][:500]
