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


BUILD_LESSON = """---
title: Build
slug: build
order: 2
sections: [Dockerfile]
---
# Build

```exercise
id: build-hello
title: Build a greeting
task: Write a Dockerfile whose container prints `hello`; tag it `build-hello`.
submission: dockerfile
solution:
  - mkdir -p /root/build-hello
  - printf 'FROM alpine\\\\nCMD ["echo", "hello"]\\\\n' > /root/build-hello/Dockerfile
  - docker build -t build-hello /root/build-hello
checks:
  - output_contains: {command: docker run --rm build-hello, equals: hello}
    name: prints hello
```
"""


def write_lessons(directory):
    (directory / "01-notes.md").write_text(LESSON)
    (directory / "02-build.md").write_text(BUILD_LESSON)
    return directory
