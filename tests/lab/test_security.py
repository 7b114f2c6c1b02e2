"""Hostile input through the real ASGI application and the Django test client: bounded commands,
a bounded saved state, no traceback reaching the browser, staff-only views."""
import pytest

from lab.terminal.models import Workspace
from simulator import limits
from simulator.shell import Shell
from tests.lab.conftest import PROMPT

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_runaway_command_ends_and_the_terminal_goes_on(browser, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.05)
    b = browser()
    await b.start()
    assert await b.run("while true; do :; done") == \
        "while true; do :; done\r\nbash: command stopped: it ran for more than 0.05 seconds\r\n" + PROMPT
    assert await b.run("echo still here") == "echo still here\r\nstill here\r\n" + PROMPT


async def test_the_saved_workspace_never_outgrows_the_session_bound(browser, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SESSION_BYTES", 64 * 1024)
    b = browser()
    await b.start()
    await b.run("seq 1 8000 > /tmp/numbers")
    assert await b.run("cp /tmp/numbers /tmp/copy") == \
        "cp /tmp/numbers /tmp/copy\r\ncp: cannot create regular file '/tmp/copy': No space left on device\r\n" + PROMPT
    workspace = await Workspace.objects.aget()
    assert 38_893 < len(workspace.state) <= limits.MAX_SESSION_BYTES


async def test_an_internal_error_is_one_line_and_no_traceback(browser, monkeypatch):
    def broken(self, source, proc):
        raise RuntimeError("secret detail")
    monkeypatch.setattr(Shell, "execute", broken)
    b = browser()
    await b.start()
    assert await b.run("ls") == "ls\r\nbash: ls: internal error (the lab has logged it)\r\n" + PROMPT


async def test_output_that_looks_like_markup_travels_as_text(browser):
    b = browser()
    await b.start()
    assert await b.run("echo '<script>alert(1)</script>'") == \
        "echo '<script>alert(1)</script>'\r\n<script>alert(1)</script>\r\n" + PROMPT


def test_pages_show_no_debug_details(client, settings):
    assert settings.DEBUG is False
    response = client.get("/lessons/no-such-lesson/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content and b"settings" not in response.content


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_the_submissions_api_takes_only_posts(client, method):
    assert getattr(client, method)("/api/exercises/x/submissions").status_code == 405


def test_the_submissions_api_refuses_a_session_login_without_a_token(admin_client):
    response = admin_client.post("/api/exercises/x/submissions", data=b"x", content_type="application/x-tar")
    assert response.status_code == 401
