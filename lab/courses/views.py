from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.http import Http404
from django.shortcuts import redirect, render

from lab.courses import course
from lab.courses.progress import passed_exercises
from lab.courses.rendering import render as render_markdown
from lab.courses.rendering import render_inline
from lab.visitors import ensure_visitor, owner_of


def _passed(request):
    return passed_exercises(owner_of(request.user, request.session))


def index(request):
    passed = _passed(request)
    lessons = [
        {"lesson": lesson, "done": sum(e.id in passed for e in lesson.exercises), "total": len(lesson.exercises)}
        for lesson in course.lessons()
    ]
    return render(request, "courses/index.html", {"lessons": lessons})


def lesson(request, slug):
    found = course.lesson(slug)
    if found is None:
        raise Http404("No such lesson")
    ensure_visitor(request.session)
    passed = _passed(request)
    parts = [
        {"kind": "markdown", "html": render_markdown(value)} if kind == "markdown" else
        {"kind": "exercise", "exercise": value, "task": render_markdown(value.task), "passed": value.id in passed,
         "hints": [render_inline(hint) for hint in value.hints], "solution": "\n".join(value.solution)}
        for kind, value in found.parts()
    ]
    ordered = course.lessons()
    at = next(i for i, item in enumerate(ordered) if item.slug == slug)
    return render(request, "courses/lesson.html", {
        "lesson": found, "parts": parts, "workspace": found.slug, "runtime_note": course.runtime_of(found)[1],
        "previous": ordered[at - 1] if at else None,
        "next": ordered[at + 1] if at + 1 < len(ordered) else None,
    })


def playground(request):
    ensure_visitor(request.session)
    return render(request, "courses/playground.html", {"workspace": course.PLAYGROUND})


def signup(request):
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.save())     # the login signal hands the visitor's work to the new user
        return redirect("index")
    return render(request, "registration/signup.html", {"form": form})
