"""The lesson on containers under Linux rehearses on real containers when the lab enables them,
and on the simulated runtime otherwise: `validate_lessons` passes either way."""
import io
import shutil

from django.core.management import call_command

from lab.courses.course import runtime_of
from lab.courses.lessons import load_lesson
from simulator.runtime.linux import checks

LESSON = "lessons/12-inside-a-container.md"
ROW = "12-inside-a-container                    3         3/3             3/3  ok"


def validate(tmp_path):
    shutil.copy(LESSON, tmp_path)
    out = io.StringIO()
    call_command("validate_lessons", str(tmp_path), stdout=out)
    return out.getvalue().splitlines()[1]


def test_the_lesson_validates_on_the_linux_runtime(runtime_root, monkeypatch, tmp_path):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    monkeypatch.setenv(checks.ENABLE_VARIABLE, "1")
    assert runtime_of(load_lesson(LESSON)) == ("linux", "")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    assert validate(lessons) == ROW


NETWORK_LESSON = """---
title: A private bridge
slug: private-bridge
order: 1
runtime: linux
linux_network: true
sections: [Docker Networking]
---
# A private bridge

```exercise
id: ping-the-gateway
title: Ping the gateway
task: Run a container named probe on the network lab that pings its gateway once.
setup: docker network create lab
solution: [docker run --name probe --network lab busybox ping -c 1 -W 1 172.18.0.1]
checks: [{container: {name: probe, state: exited, exit_code: 0}}]
```
"""


def test_a_lesson_asking_for_a_network_rehearses_with_it(runtime_root, monkeypatch, tmp_path):
    """The gateway answers only on the private bridge: without it the ping fails."""
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    monkeypatch.setenv(checks.ENABLE_VARIABLE, "1")
    (tmp_path / "01-private-bridge.md").write_text(NETWORK_LESSON)
    out = io.StringIO()
    call_command("validate_lessons", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines()[1] == "01-private-bridge                        1         1/1             1/1  ok"


def test_the_lesson_validates_on_the_simulated_runtime(monkeypatch, tmp_path):
    monkeypatch.setenv(checks.ENABLE_VARIABLE, "0")
    assert runtime_of(load_lesson(LESSON))[0] == "simulated"
    assert validate(tmp_path) == ROW
