"""Grading submitted work (batch grading): a build context, a compose project or a script, put
into a fresh session in the exercise's start state, brought up, then checked."""
import posixpath
import shlex

from .grader import evaluate, start_session, write_host_file
from .probe import host_fs
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
    """The exercise's start state as session JSON, made once for many submissions (and sent
    to the processes that grade them, each of which loads it once). For a
    Dockerfile exercise it carries a warm build cache, as a CI runner keeps BuildKit's: the
    solution's Dockerfile built once, its image removed. Cache keys chain on instructions and
    content, so a submission reuses a step only where it would build the very same layer."""
    session = start_session(exercise, seed=seed)
    if exercise.submission == "dockerfile":
        _warm_build_cache(session, exercise)
    return session.to_json()


def _warm_build_cache(session, exercise):
    workdir = submission_dir(exercise)
    path = posixpath.join(workdir, "Dockerfile")
    solved = session.fork()
    for line in exercise.solution:
        solved.run(line)
    fs, typed = host_fs(session), len(session.history)
    if not host_fs(solved).is_file(path):
        return
    original = fs.read(path) if fs.is_file(path) else None
    write_host_file(session, path, host_fs(solved).read(path))
    built = session.run(f"docker build -q {shlex.quote(workdir)}")
    if built.exit_code == 0:
        session.run(f"docker rmi {built.output.split()[-1]}")
    if original is None:
        fs.remove(path)
    else:
        write_host_file(session, path, original)
    del session.history[typed:]            # the warm-up is not the student's doing


def grade_files(exercise, files, start=None):
    """Grades one submission given as {relative path: bytes} (already checked for size and
    paths by whoever read it), in a fork of `start` (a Session loaded from start_state(), left
    unchanged) or in a new start state. A submission that does not come up fails with the reason."""
    kind = exercise.submission
    if kind not in KINDS:
        return failed("submission", f"exercise {exercise.id} does not take submissions")
    required, command = KINDS[kind]
    if not any(name in files for name in required):
        return failed("submission", f"the submission has no {' or '.join(required)}")
    session = start.fork() if start else start_session(exercise, seed=0)
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
