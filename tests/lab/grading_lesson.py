"""A one-lesson course for grading tests: an exercise graded from a `commands.sh` submission."""

LESSON = """---
title: Notes
slug: notes
order: 1
sections: [Docker Basics]
---
# Notes

```exercise
id: write-note
title: Write a note
task: Write `hello` into `note.txt`.
submission: script
files:
  /root/notes/README: write note.txt here
solution:
  - echo hello > /root/notes/note.txt
checks:
  - file: {path: /root/notes/note.txt, contains: hello}
    name: note
```

```exercise
id: no-submissions
title: Not for batch grading
task: Anything.
solution: [answer 1]
checks: [{answer: {equals: "1"}}]
```
"""


def write_lessons(directory):
    (directory / "01-notes.md").write_text(LESSON)
    return directory
