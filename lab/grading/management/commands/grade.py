"""`manage.py grade EXERCISE_ID PATH... [--format json|junit] [--jobs N]` (contract 4): grades
each submission (a directory, .tar or .zip) in a fresh session, in parallel worker processes.
Exits 0 whenever grading ran, whatever the submissions' results."""
import json

from django.core.management.base import BaseCommand, CommandError

from lab.courses import course
from lab.courses.lessons import LessonError
from lab.grading.batch import grade_many, report
from lab.grading.junit import junit_xml


class Command(BaseCommand):
    help = "Grade submissions (directories, .tar or .zip files) of one exercise."

    def add_arguments(self, parser):
        parser.add_argument("exercise_id")
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=("json", "junit"), default="json")
        parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count)")

    def handle(self, *args, exercise_id, paths, format, jobs, **options):
        exercise = find_exercise(exercise_id)
        if not exercise.submission:
            raise CommandError(f"exercise {exercise_id} does not take submissions (no `submission:` kind)")
        if jobs is not None and jobs < 1:
            raise CommandError("--jobs must be at least 1")
        records = [report(path, result) for path, result in zip(paths, grade_many(exercise, paths, jobs))]
        if format == "junit":
            self.stdout.write(junit_xml(exercise_id, records), ending="")
        else:
            self.stdout.write(json.dumps(records, indent=2))


def find_exercise(exercise_id):
    try:
        lessons = course.lessons()
    except LessonError as error:
        raise CommandError(str(error)) from None
    found = next((e for lesson in lessons for e in lesson.exercises if e.id == exercise_id), None)
    if found is None:
        raise CommandError(f"no exercise {exercise_id!r} in the lessons")
    return found
