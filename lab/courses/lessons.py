"""Lessons as data: `lessons/NN-slug.md` files parsed into Lesson and Exercise objects.

Pure Python (no Django), so the simulator tests, `validate_lessons` and the page renderer all read
lessons the same way. The files are the source of truth; nothing here touches the database.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from simulator.grading import check_problems

SECTIONS = (
    "How Containerization Works on Linux", "Docker Basics", "Docker Benefits",
    "Docker Images and Containers", "Dockerfile", "Key Differences between ENTRYPOINT and CMD",
    "Docker Storage", "Docker Compose", "Docker Networking", "Docker Engine and System",
    "Docker Registry / Artifact Registry",
)
SUBMISSION_KINDS = ("dockerfile", "compose", "script")
RUNTIMES = ("simulated", "linux")
FILE_NAME = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
EXERCISE_KEYS = {"id", "title", "task", "setup", "files", "hints", "solution", "checks",
                 "disabled", "submission"}
REQUIRED_KEYS = ("id", "title", "task", "solution", "checks")
EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and the problem."""


@dataclass
class Exercise:
    id: str
    title: str
    task: str                                   # Markdown
    solution: list                              # shell lines that reach the goal
    checks: list                                # check mappings (docs/grading.md)
    setup: list = field(default_factory=list)   # shell lines that create the start state
    files: dict = field(default_factory=dict)   # host path -> text, written before setup
    hints: list = field(default_factory=list)
    disabled: list = field(default_factory=list)  # command words the student may not use
    submission: str = ""                        # dockerfile | compose | script, for batch grading
    lesson: str = ""                            # slug of the lesson holding it


@dataclass
class Lesson:
    slug: str
    title: str
    order: int
    sections: list
    body: str                                   # Markdown, exercise blocks included
    exercises: list
    runtime: str = "simulated"
    linux_network: bool = False                 # real containers get a private bridge network
    path: str = ""

    def parts(self):
        """The body as the page shows it: ("markdown", text) and ("exercise", Exercise) in order."""
        lines = self.body.splitlines(keepends=True)
        exercises = iter(self.exercises)
        parts, start = [], 0
        for begin, end in _exercise_spans(self.body):
            if "".join(lines[start:begin]).strip():
                parts.append(("markdown", "".join(lines[start:begin])))
            parts.append(("exercise", next(exercises)))
            start = end
        if "".join(lines[start:]).strip():
            parts.append(("markdown", "".join(lines[start:])))
        return parts


def _fences(body):
    return [t for t in MarkdownIt().parse(body) if t.type == "fence" and t.info.strip() == "exercise"]


def _exercise_spans(body):
    return [tuple(token.map) for token in _fences(body)]


def load_lessons(directory):
    """Every lesson in `directory`, sorted by order; raises LessonError on the first bad file, or
    on a slug or exercise id used twice."""
    lessons = sorted((load_lesson(path) for path in sorted(Path(directory).glob("*.md"))),
                     key=lambda lesson: lesson.order)
    seen, slugs = {}, {}
    for lesson in lessons:
        if lesson.slug in slugs:
            raise LessonError(f"{lesson.path}: slug {lesson.slug!r} is also used by {slugs[lesson.slug]}")
        slugs[lesson.slug] = lesson.path
        for exercise in lesson.exercises:
            if exercise.id in seen:
                raise LessonError(f"{lesson.path}: exercise id {exercise.id!r} is also used in "
                                  f"{seen[exercise.id]}")
            seen[exercise.id] = lesson.path
    return lessons


def load_lesson(path):
    path = Path(path)
    name = FILE_NAME.match(path.name)
    if not name:
        raise LessonError(f"{path}: lesson files are named NN-slug.md")
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise LessonError(f"{path}: missing front matter (--- title/slug/order/sections ---)")
    meta = _yaml(path, match.group(1), "front matter")
    if not isinstance(meta, dict):
        raise LessonError(f"{path}: front matter must be a mapping")
    for key in ("title", "slug", "order", "sections"):
        if key not in meta:
            raise LessonError(f"{path}: front matter lacks {key!r}")
    if meta["slug"] != name.group(2):
        raise LessonError(f"{path}: slug {meta['slug']!r} does not match the file name")
    if not isinstance(meta["order"], int):
        raise LessonError(f"{path}: order must be an integer")
    unknown = [s for s in meta["sections"] or [] if s not in SECTIONS]
    if unknown:
        raise LessonError(f"{path}: unknown section {unknown[0]!r}")
    runtime = meta.get("runtime", "simulated")
    if runtime not in RUNTIMES:
        raise LessonError(f"{path}: runtime must be one of {', '.join(RUNTIMES)}")
    linux_network = meta.get("linux_network", False)
    if not isinstance(linux_network, bool):
        raise LessonError(f"{path}: linux_network must be true or false")
    if linux_network and runtime != "linux":
        raise LessonError(f"{path}: linux_network needs runtime: linux")
    body = text[match.end():]
    first_line = text[:match.end()].count("\n") + 1
    exercises = [_exercise(f"{path}:{first_line + token.map[0]}", token, meta["slug"])
                 for token in _fences(body)]
    return Lesson(slug=meta["slug"], title=meta["title"], order=meta["order"],
                  sections=list(meta["sections"]), body=body, exercises=exercises,
                  runtime=runtime, linux_network=linux_network, path=str(path))


def _yaml(path, text, what):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise LessonError(f"{path}: {what} is not valid YAML: {error}") from None


def _exercise(where, token, slug):
    data = _yaml(where, token.content, "exercise block")
    if not isinstance(data, dict):
        raise LessonError(f"{where}: an exercise block must be a mapping")
    unknown = sorted(set(data) - EXERCISE_KEYS)
    if unknown:
        raise LessonError(f"{where}: unknown exercise key {unknown[0]!r}")
    missing = [key for key in REQUIRED_KEYS if not data.get(key)]
    if missing:
        raise LessonError(f"{where}: exercise lacks {missing[0]!r}")
    if not EXERCISE_ID.match(str(data["id"])):
        raise LessonError(f"{where}: exercise id {data['id']!r} must be lowercase letters, digits and -")
    where = f"{where} ({data['id']})"
    for key in ("setup", "solution", "hints", "disabled"):
        data[key] = _lines(where, key, data.get(key) or [])
    if not isinstance(data.get("files") or {}, dict):
        raise LessonError(f"{where}: files must map host paths to contents")
    if data.get("submission", "") not in ("",) + SUBMISSION_KINDS:
        raise LessonError(f"{where}: submission must be one of {', '.join(SUBMISSION_KINDS)}")
    if not isinstance(data["checks"], list):
        raise LessonError(f"{where}: checks must be a list")
    problems = [p for check in data["checks"] for p in check_problems(check)]
    if problems:
        raise LessonError(f"{where}: {problems[0]}")
    return Exercise(id=data["id"], title=str(data["title"]), task=str(data["task"]),
                    solution=data["solution"], checks=data["checks"], setup=data["setup"],
                    files={str(k): str(v) for k, v in (data.get("files") or {}).items()},
                    hints=data["hints"], disabled=data["disabled"],
                    submission=data.get("submission", ""), lesson=slug)


def _lines(where, key, value):
    """A list of strings; each item is one terminal entry (a heredoc item spans several lines)."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        raise LessonError(f"{where}: {key} must be a list of strings")
    for item in value:
        if not isinstance(item, str):
            raise LessonError(f"{where}: {key} must be a list of strings; quote this item, "
                              f"YAML read it as {item!r}")
    return [v.rstrip("\n") for v in value if v.strip()]
