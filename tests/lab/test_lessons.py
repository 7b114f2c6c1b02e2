"""The lesson loader (lab/courses/lessons.py) and the course's own lessons."""
from pathlib import Path

import pytest

from lab.courses.lessons import SECTIONS, LessonError, load_lesson, load_lessons

LESSONS = Path(__file__).resolve().parents[2] / "lessons"

GOOD = """---
title: Demo
slug: demo
order: 3
sections: [Docker Basics]
---
# Demo

Intro.

```exercise
id: one
title: One
task: Do **one** thing.
files:
  /root/a.txt: hello
setup: docker pull alpine
hints: [first, second]
solution:
  - docker run alpine true
  - |
    cat > /root/x <<'EOF'
    x
    EOF
checks:
  - container: {image: alpine}
submission: script
```

Middle.

````markdown
```exercise
this is an example inside another fence, not an exercise
```
````

```exercise
id: two
title: Two
task: Two.
solution: [answer 2]
checks: [{answer: {equals: "2"}}]
```
"""


def write(tmp_path, text, name="03-demo.md"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_lesson_and_its_exercises(tmp_path):
    lesson = load_lesson(write(tmp_path, GOOD))
    assert (lesson.slug, lesson.title, lesson.order, lesson.sections, lesson.runtime) == \
        ("demo", "Demo", 3, ["Docker Basics"], "simulated")
    one, two = lesson.exercises
    assert (one.id, one.title, one.task, one.lesson) == ("one", "One", "Do **one** thing.", "demo")
    assert one.files == {"/root/a.txt": "hello"}
    assert one.setup == ["docker pull alpine"]
    assert one.hints == ["first", "second"]
    assert one.solution == ["docker run alpine true", "cat > /root/x <<'EOF'\nx\nEOF"]
    assert one.checks == [{"container": {"image": "alpine"}}]
    assert (one.submission, one.disabled) == ("script", [])
    assert two.solution == ["answer 2"]


def test_a_lesson_may_ask_for_a_private_bridge_network(tmp_path):
    assert load_lesson(write(tmp_path, GOOD)).linux_network is False
    lesson = load_lesson(write(tmp_path, GOOD.replace("order: 3\n", "order: 3\nruntime: linux\nlinux_network: true\n")))
    assert (lesson.runtime, lesson.linux_network) == ("linux", True)


def test_parts_place_each_exercise_where_it_was_written(tmp_path):
    lesson = load_lesson(write(tmp_path, GOOD))
    kinds = [(kind, value if kind == "markdown" else value.id) for kind, value in lesson.parts()]
    assert [k for k, _ in kinds] == ["markdown", "exercise", "markdown", "exercise"]
    assert kinds[0][1] == "# Demo\n\nIntro.\n\n"
    assert kinds[1][1] == "one"
    assert "Middle." in kinds[2][1] and "not an exercise" in kinds[2][1]
    assert kinds[3][1] == "two"


@pytest.mark.parametrize("change, message", [
    (("slug: demo", "slug: other"), "slug 'other' does not match the file name"),
    (("order: 3", "order: three"), "order must be an integer"),
    (("[Docker Basics]", "[Docker Magic]"), "unknown section 'Docker Magic'"),
    (("title: Demo\n", ""), "front matter lacks 'title'"),
    (("id: two", "id: Two!"), "exercise id 'Two!' must be lowercase letters, digits and -"),
    (("submission: script", "submission: zip"), "submission must be one of dockerfile, compose, script"),
    (("{image: alpine}", "{imag: alpine}"), "container: unknown key 'imag'"),
    (("- container:", "- containers:"), "unknown check type 'containers'"),
    (("hints: [first, second]", "hints: [a: b]"), "hints must be a list of strings; quote this item"),
    (("solution: [answer 2]", "solution: []"), "exercise lacks 'solution'"),
    (("title: One\n", "title: One\ncolour: red\n"), "unknown exercise key 'colour'"),
    (("order: 3\n", "order: 3\nruntime: linux\nlinux_network: yes please\n"), "linux_network must be true or false"),
    (("order: 3\n", "order: 3\nlinux_network: true\n"), "linux_network needs runtime: linux"),
])
def test_bad_lessons_are_refused_with_a_reason(tmp_path, change, message):
    with pytest.raises(LessonError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_lesson(write(tmp_path, GOOD.replace(*change, 1)))


def test_bad_yaml_names_the_line(tmp_path):
    with pytest.raises(LessonError, match=r"03-demo.md:11: exercise block is not valid YAML"):
        load_lesson(write(tmp_path, GOOD.replace("title: One", "title: [One")))


def test_file_names_and_front_matter(tmp_path):
    with pytest.raises(LessonError, match="lesson files are named NN-slug.md"):
        load_lesson(write(tmp_path, GOOD, "demo.md"))
    with pytest.raises(LessonError, match="missing front matter"):
        load_lesson(write(tmp_path, "# no front matter\n"))


def test_exercise_ids_are_unique_across_lessons(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("slug: demo", "slug: again").replace("order: 3", "order: 4"), "04-again.md")
    with pytest.raises(LessonError, match="exercise id 'one' is also used in"):
        load_lessons(tmp_path)


def test_slugs_are_unique(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("id: one", "id: uno").replace("id: two", "id: dos"), "04-demo.md")
    with pytest.raises(LessonError, match="slug 'demo' is also used by"):
        load_lessons(tmp_path)


def test_the_course_covers_the_notes():
    lessons = load_lessons(LESSONS)
    assert [lesson.order for lesson in lessons] == list(range(1, len(lessons) + 1))
    assert {s for lesson in lessons for s in lesson.sections} == set(SECTIONS)
    assert all(len(lesson.exercises) >= 2 for lesson in lessons)
    assert sum(len(lesson.exercises) for lesson in lessons) >= 25
    ids = {e.id for lesson in lessons for e in lesson.exercises}
    assert {"cache-friendly-node", "two-cmds", "compose-indent-bug", "system-df-verbose",
            "capstone-by-hand", "capstone-compose"} <= ids
    assert lessons[-1].slug == "capstone"
