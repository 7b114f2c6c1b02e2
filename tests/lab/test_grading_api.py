"""POST /api/exercises/<id>/submissions (token auth for staff) and the instructor's view."""
import datetime
import io
import tarfile
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lab.courses.models import Progress
from lab.grading.models import GradingToken
from tests.lab.grading_lesson import write_lessons

pytestmark = pytest.mark.django_db
URL = "/api/exercises/write-note/submissions"


@pytest.fixture(autouse=True)
def lessons(tmp_path, settings):
    directory = tmp_path / "lessons"
    directory.mkdir()
    settings.LESSONS_DIR = write_lessons(directory)


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("teacher", password="pw", is_staff=True)


@pytest.fixture
def token(staff):
    return GradingToken.issue(staff)


def tar_of(script):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("commands.sh")
        info.size = len(script)
        archive.addfile(info, io.BytesIO(script))
    return buffer.getvalue()


def test_a_tar_body_is_graded(client, token):
    response = client.post(URL, tar_of(b"echo hello > note.txt\n"), content_type="application/x-tar",
                           HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json() == [{"submission": "upload", "passed": True, "score": 1.0,
                                "checks": [{"name": "note", "passed": True, "feedback": "ok"}]}]


def test_a_multipart_zip_upload_is_graded(client, token):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("commands.sh", "echo bye > note.txt\n")
    upload = SimpleUploadedFile("alice.zip", buffer.getvalue())
    response = client.post(URL, {"submission": upload}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.json() == [{"submission": "alice.zip", "passed": False, "score": 0.0, "checks": [
        {"name": "note", "passed": False, "feedback": '/root/notes/note.txt on the host should contain "hello"'}]}]


def test_an_archive_larger_than_djangos_memory_limit_is_read(client, token):
    padding = tarfile.TarInfo("padding.bin")
    padding.size = 3 * 1000 * 1000
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.addfile(padding, io.BytesIO(bytes(padding.size)))
        script = tarfile.TarInfo("commands.sh")
        script.size = len(b"echo hello > note.txt\n")
        archive.addfile(script, io.BytesIO(b"echo hello > note.txt\n"))
    response = client.post(URL, buffer.getvalue(), content_type="application/x-tar", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.json()[0]["checks"] == [{"name": "submission", "passed": False,
                                             "feedback": "padding.bin is 3.0 MB, over the 2.0 MB limit for one file"}]
    too_big = client.post(URL, bytes(9 * 1000 * 1000), content_type="application/x-tar", HTTP_AUTHORIZATION=f"Token {token}")
    assert (too_big.status_code, too_big.json()) == (413, {"error": "a submission may be at most 8 MB"})


def test_hostile_upload_fails_with_a_reason(client, token):
    response = client.post(URL, b"\x1f\x8b garbage", content_type="application/gzip", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.json()[0]["checks"] == [
        {"name": "submission", "passed": False, "feedback": "upload is not a readable tar or zip archive"}]


def test_auth_and_errors(client, token):
    body = tar_of(b"true\n")
    assert client.post(URL, body, content_type="application/x-tar").status_code == 401
    assert client.post(URL, body, content_type="application/x-tar", HTTP_AUTHORIZATION="Token wrong").status_code == 401
    student = get_user_model().objects.create_user("student")
    response = client.post(URL, body, content_type="application/x-tar",
                           HTTP_AUTHORIZATION=f"Token {GradingToken.issue(student)}")
    assert response.status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get(URL, **auth).status_code == 405
    response = client.post("/api/exercises/nope/submissions", body, content_type="application/x-tar", **auth)
    assert (response.status_code, response.json()) == (404, {"error": "no exercise 'nope'"})
    response = client.post("/api/exercises/no-submissions/submissions", body, content_type="application/x-tar", **auth)
    assert (response.status_code, response.json()) == (400, {"error": "exercise no-submissions does not take submissions"})
    response = client.post(URL, b"", content_type="application/x-tar", **auth)
    assert response.json() == {"error": "no submission: send a file field or an archive as the body"}


def test_grading_token_command(staff):
    out = io.StringIO()
    call_command("grading_token", "teacher", stdout=out)
    assert GradingToken.user_for(out.getvalue().strip()) == staff


def test_only_digests_are_stored(token):
    assert not GradingToken.objects.filter(digest=token).exists()


def progress(user, exercise, passed, attempts, minutes=None):
    row = Progress.objects.create(user=user, lesson="notes", exercise=exercise, passed=passed, attempts=attempts)
    if minutes is not None:
        Progress.objects.filter(pk=row.pk).update(passed_at=row.started + datetime.timedelta(minutes=minutes))


def test_instructor_view_and_csv(client, staff):
    alice = get_user_model().objects.create_user("alice")
    progress(alice, "write-note", True, 2, minutes=5)
    progress(alice, "no-submissions", False, 1)
    Progress.objects.create(visitor="0123456789abcdef", lesson="notes", exercise="write-note", attempts=0)
    client.force_login(staff)
    page = client.get("/instructor/?lesson=notes").content.decode()
    assert "passed (2 attempts, 5 min)" in page and "started (1 attempt)" in page
    assert "anonymous 01234567" in page
    csv = client.get("/instructor/?lesson=notes&format=csv")
    assert csv["Content-Disposition"] == 'attachment; filename="progress-notes.csv"'
    assert csv.content.decode().splitlines() == [
        "student,write-note status,write-note attempts,write-note minutes,"
        "no-submissions status,no-submissions attempts,no-submissions minutes",
        "alice,passed,2,5.0,started,1,",
        "anonymous 01234567,started,0,,,,",
    ]


def test_instructor_view_is_staff_only(client):
    student = get_user_model().objects.create_user("bob")
    client.force_login(student)
    assert client.get("/instructor/").status_code == 302
    client.logout()
    assert client.get("/instructor/").status_code == 302


def test_empty_course_says_so(client, staff):
    client.force_login(staff)
    assert "No student has opened any exercises yet." in client.get("/instructor/").content.decode()
