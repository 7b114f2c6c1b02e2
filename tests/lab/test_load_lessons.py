"""`manage.py load_lessons`, run by `make run`: what the site will serve, or why it cannot."""
import io

import pytest
from django.core.management import CommandError, call_command


def test_reports_the_lessons_it_read(lessons_dir):
    out = io.StringIO()
    call_command("load_lessons", stdout=out)
    assert out.getvalue() == f"1 lesson, 1 exercise from {lessons_dir}\n"


def test_a_broken_lesson_is_an_error(lessons_dir):
    (lessons_dir / "02-broken.md").write_text("no front matter\n")
    with pytest.raises(CommandError, match="02-broken.md: missing front matter"):
        call_command("load_lessons")
