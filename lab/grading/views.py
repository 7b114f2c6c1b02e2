"""The submissions API (token auth for staff) and the instructor's progress view."""
import csv
import json

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lab.courses import course
from lab.grading.batch import grade_many, report
from lab.grading.instructor import csv_rows, progress_table
from lab.grading.models import GradingToken
from lab.grading.submissions import MAX_TOTAL


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def _staff_from_token(request):
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    user = GradingToken.user_for(key.strip()) if scheme.lower() in ("token", "bearer") and key else None
    return user if user and user.is_active and user.is_staff else None


@csrf_exempt
@require_POST
def submissions(request, exercise_id):
    """POST a submission (a multipart file upload, or a .tar/.tar.gz/.zip as the body); answers
    the JSON of `manage.py grade` for it."""
    if _staff_from_token(request) is None:
        return _error(401, "a staff grading token is required: Authorization: Token <key>")
    exercise = next((e for lesson in course.lessons() for e in lesson.exercises if e.id == exercise_id), None)
    if exercise is None:
        return _error(404, f"no exercise {exercise_id!r}")
    if not exercise.submission:
        return _error(400, f"exercise {exercise_id} does not take submissions")
    if int(request.headers.get("Content-Length") or 0) > MAX_TOTAL + 64 * 1024:
        return _error(413, f"a submission may be at most {MAX_TOTAL // 1000 // 1000} MB")
    multipart = request.content_type == "multipart/form-data"
    upload = next(iter(request.FILES.values()), None) if multipart else None
    # Read the stream, not request.body: an archive may be larger than Django's in-memory limit.
    name, data = (upload.name, upload.read(MAX_TOTAL + 1)) if upload else ("upload", request.read(MAX_TOTAL + 1))
    if len(data) > MAX_TOTAL:
        return _error(413, f"a submission may be at most {MAX_TOTAL // 1000 // 1000} MB")
    if not data:
        return _error(400, "no submission: send a file field or an archive as the body")
    [result] = grade_many(exercise, [data], jobs=1)
    return HttpResponse(json.dumps([report(name, result)]), content_type="application/json")


@staff_member_required
def instructor(request):
    """Students x exercises with status, attempts and time; ?lesson=SLUG filters, ?format=csv exports."""
    lessons = course.lessons()
    chosen = next((item for item in lessons if item.slug == request.GET.get("lesson")), None)
    exercises = [e for item in ([chosen] if chosen else lessons) for e in item.exercises]
    students, rows = progress_table(exercises)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="progress-{chosen.slug if chosen else "all"}.csv"'
        csv.writer(response).writerows(csv_rows(exercises, students, rows))
        return response
    return render(request, "grading/instructor.html", {
        "lessons": lessons, "chosen": chosen, "exercises": exercises,
        "table": list(zip(students, rows)),
    })
