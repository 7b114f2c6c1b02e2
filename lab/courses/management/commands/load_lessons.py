from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lab.courses import course
from lab.courses.lessons import LessonError


class Command(BaseCommand):
    help = "Read the lessons from LESSONS_DIR and report what the site will serve (a bad file is an error)."

    def handle(self, *args, **options):
        try:
            lessons = course.lessons()
        except LessonError as error:
            raise CommandError(str(error)) from None
        exercises = sum(len(lesson.exercises) for lesson in lessons)
        self.stdout.write(f"{plural(len(lessons), 'lesson')}, {plural(exercises, 'exercise')} "
                          f"from {settings.LESSONS_DIR}")


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"
