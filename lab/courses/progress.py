"""Progress per owner and exercise: which exercises passed, and how often Check was pressed."""
from django.db.models import F
from django.utils import timezone

from lab.courses.models import Progress


def passed_exercises(owner):
    if owner is None:
        return set()
    return set(Progress.objects.filter(passed=True, **owner.rows()).values_list("exercise", flat=True))


def record(owner, exercise, passed, checked=False):
    """Notes a grading result; a pass is kept for good, and `checked` counts a Check press."""
    row, _ = Progress.objects.get_or_create(
        exercise=exercise.id, **owner.rows(), defaults={**owner.fields(), "lesson": exercise.lesson})
    if checked:
        Progress.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    if passed and not row.passed:
        Progress.objects.filter(pk=row.pk).update(passed=True, passed_at=timezone.now())
