"""Grading in the terminal: the open exercise after every command, the Check button, progress."""
import pytest

from lab.courses.models import Progress
from tests.lab.conftest import PROMPT, needs_shell

pytestmark = [pytest.mark.django_db(transaction=True), needs_shell]


async def test_the_open_exercise_is_graded_on_connect_and_after_each_command(browser, lessons_dir):
    b = browser("first-steps")
    await b.start()
    assert await b.next_of("exercise") == {
        "type": "exercise", "id": "make-a-note", "passed": False,
        "feedback": "/root/note.txt does not exist yet",
        "checks": [{"name": "file /root/note.txt", "passed": False, "feedback": "/root/note.txt does not exist yet"}]}
    await b.run("touch /root/note.txt")
    result = await b.next_of("exercise")
    assert (result["id"], result["passed"], result["feedback"]) == ("make-a-note", True, "All checks pass.")
    progress = await Progress.objects.aget()
    assert (progress.exercise, progress.lesson, progress.passed, progress.attempts) == (
        "make-a-note", "first-steps", True, 0)
    assert progress.passed_at is not None


async def test_the_check_button_counts_an_attempt(browser, lessons_dir):
    b = browser("first-steps")
    await b.start()
    await b.next_of("exercise")
    await b.send({"type": "check", "id": "make-a-note"})
    assert (await b.next_of("exercise"))["passed"] is False
    assert (await Progress.objects.aget()).attempts == 1


async def test_a_check_of_an_unknown_exercise_is_ignored(browser, lessons_dir):
    b = browser("first-steps")
    await b.start()
    await b.send({"type": "check", "id": "not-in-this-lesson"})
    await b.type("z")
    assert await b.read_until("z") == "z"
    assert await Progress.objects.acount() == 0


async def test_reset_brings_back_the_start_state(browser, lessons_dir):
    b = browser("first-steps")
    await b.start()
    await b.run("touch /root/note.txt")
    await b.send({"type": "reset", "exercise": "make-a-note"})
    assert await b.read_until(PROMPT) == "\x1b[H\x1b[2J" + PROMPT
    assert await b.run("ls /root/note.txt") == (
        "ls /root/note.txt\r\nls: cannot access '/root/note.txt': No such file or directory\r\n" + PROMPT)


async def test_a_command_the_open_exercise_disables_is_refused(browser, lessons_dir):
    b = browser("first-steps")
    await b.start()
    await b.run("touch /tmp/keep")
    assert await b.run("rm /tmp/keep") == "rm /tmp/keep\r\nbash: rm: disabled in this exercise\r\n" + PROMPT
    assert await b.run("ls /tmp/keep") == "ls /tmp/keep\r\n/tmp/keep\r\n" + PROMPT
