"""The pages: course index, lesson, playground, sign up with carry-over, log in and out, admin."""
import pytest
from django.contrib.auth.models import User

from lab.courses.models import Progress
from lab.terminal.models import Workspace
from lab.visitors import VISITOR_KEY

pytestmark = pytest.mark.django_db


def test_index_lists_lessons_in_order_with_progress(client, lessons_dir):
    client.get("/playground/")
    visitor = client.session[VISITOR_KEY]
    Progress.objects.create(visitor=visitor, lesson="first-steps", exercise="make-a-note", passed=True)
    html = client.get("/").content.decode()
    assert '<a href="/lessons/first-steps/">' in html
    assert '<span class="title">First steps</span>' in html
    assert "1/1" in html and 'class="lesson-card complete"' in html


def test_lesson_page_renders_markdown_run_buttons_and_exercise_cards(client, lessons_dir):
    response = client.get("/lessons/first-steps/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>First steps</h1>" in html
    assert 'data-command="echo hello"' in html
    assert '<section class="exercise" id="exercise-make-a-note" data-exercise="make-a-note">' in html
    assert "<li hidden>The <code>touch</code> command creates a file.</li>" in html
    assert 'data-command="touch /root/note.txt"' in html
    assert 'data-workspace="first-steps"' in html
    assert VISITOR_KEY in client.session


def test_a_passed_exercise_is_shown_done(client, lessons_dir):
    client.get("/lessons/first-steps/")
    Progress.objects.create(visitor=client.session[VISITOR_KEY], lesson="first-steps", exercise="make-a-note",
                            passed=True)
    html = client.get("/lessons/first-steps/").content.decode()
    assert '<section class="exercise passed" id="exercise-make-a-note"' in html
    assert '<span class="status" role="status">Done</span>' in html


def test_unknown_lesson_is_404(client, lessons_dir):
    assert client.get("/lessons/nope/").status_code == 404


def test_playground_page_holds_a_terminal(client):
    html = client.get("/playground/").content.decode()
    assert 'data-workspace="playground"' in html
    assert "vendor/xterm/xterm.js" in html and "vendor/xterm/addon-fit.js" in html


def test_sign_up_keeps_the_anonymous_work(client, lessons_dir):
    client.get("/playground/")
    visitor = client.session[VISITOR_KEY]
    Workspace.objects.create(visitor=visitor, name="playground", state="{}")
    Progress.objects.create(visitor=visitor, lesson="first-steps", exercise="make-a-note", passed=True)
    response = client.post("/accounts/signup/", {"username": "ada", "password1": "analytical-engine-1843",
                                                 "password2": "analytical-engine-1843"})
    assert response.status_code == 302
    ada = User.objects.get(username="ada")
    assert Workspace.objects.get(name="playground").user == ada
    assert Progress.objects.get(exercise="make-a-note").user == ada
    assert "1/1" in client.get("/").content.decode()


def test_log_in_keeps_the_users_own_workspace_over_the_anonymous_one(client):
    ada = User.objects.create_user("ada", password="analytical-engine-1843")
    Workspace.objects.create(user=ada, name="playground", state="mine")
    client.get("/playground/")
    Workspace.objects.create(visitor=client.session[VISITOR_KEY], name="playground", state="anonymous")
    client.post("/accounts/login/", {"username": "ada", "password": "analytical-engine-1843"})
    assert Workspace.objects.get(user=ada).state == "mine"


def test_log_out_needs_a_post_with_csrf(client):
    User.objects.create_user("ada", password="analytical-engine-1843")
    client.login(username="ada", password="analytical-engine-1843")
    assert "Log out" in client.get("/").content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_forms_carry_csrf_tokens(client):
    assert 'name="csrfmiddlewaretoken"' in client.get("/accounts/signup/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in client.get("/accounts/login/").content.decode()


def test_admin_lists_progress_and_workspaces(admin_client):
    assert admin_client.get("/admin/courses/progress/").status_code == 200
    assert admin_client.get("/admin/terminal/workspace/").status_code == 200


def test_staff_see_the_instructor_link(client, admin_client):
    assert 'href="/instructor/"' not in client.get("/").content.decode()
    assert 'href="/instructor/">Instructor</a>' in admin_client.get("/").content.decode()
