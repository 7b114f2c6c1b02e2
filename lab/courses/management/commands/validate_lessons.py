"""`manage.py validate_lessons`: every lesson parses, exercise ids are unique, every check uses
known vocabulary, and every exercise's start state fails its checks while its solution passes."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lab.courses.course import session_options
from lab.courses.lessons import LessonError, load_lesson
from simulator.grading import rehearse

COLUMNS = "{:<32} {:>9} {:>11} {:>15}  {}"


class Command(BaseCommand):
    help = ("Check every lesson: it parses, its exercise ids are unique, its checks use known "
            "vocabulary, each start state fails its checks and each solution passes them.")

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="lessons directory (default: LESSONS_DIR)")
        parser.add_argument("--exercise", action="append", default=[], metavar="ID",
                            help="rehearse only these exercises (the lessons are still parsed)")

    def handle(self, *args, directory=None, exercise=(), **options):
        paths = sorted(Path(directory or settings.LESSONS_DIR).glob("*.md"))
        if not paths:
            raise CommandError(f"no lessons in {directory or settings.LESSONS_DIR}")
        self.stdout.write(COLUMNS.format("LESSON", "EXERCISES", "START FAILS", "SOLUTION PASSES", "STATUS"))
        problems, seen = [], {}
        for path in paths:
            problems += self.validate(path, seen, set(exercise))
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the lessons")

    def validate(self, path, seen, only):
        try:
            lesson = load_lesson(path)
        except LessonError as error:
            self.stdout.write(COLUMNS.format(path.stem, "-", "-", "-", "does not load"))
            return [str(error)]
        problems = []
        if ("slug", lesson.slug) in seen:
            problems.append(f"{path.name}: slug {lesson.slug!r} is also used by {seen['slug', lesson.slug]}")
        seen.setdefault(("slug", lesson.slug), path.name)
        for e in lesson.exercises:
            if e.id in seen:
                problems.append(f"{path.name}: exercise id {e.id!r} is also used in {seen[e.id]}")
            seen.setdefault(e.id, path.name)
        chosen = [e for e in lesson.exercises if not only or e.id in only]
        start_fails = solution_passes = 0
        options = session_options(lesson)
        for e in chosen:
            rehearsal = rehearse(e, **options)
            start_fails += not rehearsal.start.passed
            solution_passes += rehearsal.solved.passed
            problems += describe(path.name, e.id, rehearsal)
        status = "ok" if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        self.stdout.write(COLUMNS.format(path.stem, len(lesson.exercises), f"{start_fails}/{len(chosen)}",
                                         f"{solution_passes}/{len(chosen)}", status))
        return problems


def describe(file_name, exercise_id, rehearsal):
    """What an author needs to read to fix an exercise that does not rehearse."""
    where = f"{file_name} {exercise_id}"
    problems = []
    if rehearsal.start.passed:
        problems.append(f"{where}: the start state already passes every check")
    problems += [f"{where}: the solution uses a disabled command: {line}" for line in rehearsal.refused_commands]
    if not rehearsal.solved.passed:
        failing = [c for c in rehearsal.solved.checks if not c.passed]
        lines = [f"{where}: the solution does not pass:"]
        lines += [f"    check {c.name}: {c.feedback}" for c in failing]
        for line, output in rehearsal.failed_commands:
            said = [text for text in output.splitlines() if text.strip()][-2:] or ["(no output)"]
            lines.append(f"    command failed: {line.splitlines()[0]}")
            lines += [f"      {text[:200]}" for text in said]
        problems.append("\n".join(lines))
    return problems
