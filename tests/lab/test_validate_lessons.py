"""`manage.py validate_lessons` (contract 3): the per-lesson table and the exit status."""
import io

import pytest
from django.core.management import CommandError, call_command

from tests.lab.grading_lesson import LESSON

HEADER = "LESSON                           EXERCISES START FAILS SOLUTION PASSES  STATUS"


def validate(directory):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("validate_lessons", str(directory), stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status, _ = 1, err.write(str(error) + "\n")
    return status, out.getvalue().splitlines(), err.getvalue()


def test_a_good_lesson_validates(tmp_path):
    (tmp_path / "01-notes.md").write_text(LESSON)
    status, table, errors = validate(tmp_path)
    assert (status, errors) == (0, "")
    assert table == [HEADER, "01-notes                                 2         2/2             2/2  ok"]


def test_problems_are_listed_and_fail_the_command(tmp_path):
    (tmp_path / "01-notes.md").write_text(LESSON.replace("echo hello >", "echo bye >"))
    (tmp_path / "02-broken.md").write_text("no front matter\n")
    (tmp_path / "03-again.md").write_text(LESSON.replace("slug: notes", "slug: again")
                                          .replace("order: 1", "order: 3")
                                          .replace("solution: [answer 1]", "solution: [answer 2]\ndisabled: [answer]")
                                          .replace("files:\n  /root/notes/README: write note.txt here\n",
                                                   "setup: [mkdir -p /root/notes, echo hello > /root/notes/note.txt]\n"))
    status, table, errors = validate(tmp_path)
    assert status == 1
    assert table == [HEADER,
                     "01-notes                                 2         2/2             1/2  1 problem",
                     "02-broken                                -           -               -  does not load",
                     "03-again                                 2         1/2             1/2  5 problems"]
    assert errors.splitlines() == [
        "01-notes.md write-note: the solution does not pass:",
        '    check note: /root/notes/note.txt on the host should contain "hello"',
        f"{tmp_path}/02-broken.md: missing front matter (--- title/slug/order/sections ---)",
        "03-again.md: exercise id 'write-note' is also used in 01-notes.md",
        "03-again.md: exercise id 'no-submissions' is also used in 01-notes.md",
        "03-again.md write-note: the start state already passes every check",
        "03-again.md no-submissions: the solution uses a disabled command: answer 2",
        "03-again.md no-submissions: the solution does not pass:",
        "    check answer: no answer yet: type `answer <your answer>` in the terminal",
        "7 problems in the lessons",
    ]


def test_an_empty_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no lessons in"):
        call_command("validate_lessons", str(tmp_path), stdout=io.StringIO())
