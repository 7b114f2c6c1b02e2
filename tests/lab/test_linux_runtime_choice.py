"""Which runtime a lesson's workspaces get: `runtime: linux` lessons run real containers only when
the operator enables them (SLIPWAY_LINUX_RUNTIME=1) and the host can; the page says why not, and
the system check names what the host lacks."""
import pytest
from django.core.checks import registry

from lab.courses import course
from lab.terminal import checks as lab_checks
from lab.terminal import store
from lab.visitors import Owner
from simulator.runtime.linux import checks as linux
from simulator.runtime.linux import network
from tests.lab.conftest import LESSON

NOT_ROOT = ["the linux runtime needs root (running as uid 1000)"]
NOT_ENABLED = ("This lesson runs real Linux containers where the lab allows them (SLIPWAY_LINUX_RUNTIME=1); "
               "here they are simulated.")
CANNOT = ("This lesson runs real Linux containers, but the linux runtime needs root (running as uid 1000): "
          "here they are simulated.")


@pytest.fixture
def linux_lesson(lessons_dir):
    (lessons_dir / "01-first-steps.md").write_text(LESSON.replace("order: 1\n", "order: 1\nruntime: linux\n"))
    return course.lesson("first-steps")


@pytest.fixture
def host(monkeypatch):
    """host(enabled, problems): what the operator allows and what this host lacks."""
    def configure(enabled, problems=()):
        monkeypatch.setenv(linux.ENABLE_VARIABLE, "1" if enabled else "0")
        monkeypatch.setattr(linux, "problems", lambda: list(problems))
    return configure


def test_a_simulated_lesson_stays_simulated_whatever_the_host(lessons_dir, host):
    host(True)
    assert course.runtime_of(course.lesson("first-steps")) == ("simulated", "")
    assert course.runtime_of(None) == ("simulated", "")


@pytest.mark.parametrize("enabled, problems, expected", [
    (False, [], ("simulated", NOT_ENABLED)),
    (False, NOT_ROOT, ("simulated", NOT_ENABLED)),
    (True, NOT_ROOT, ("simulated", CANNOT)),
    (True, [], ("linux", "")),
])
def test_a_linux_lesson_runs_real_containers_only_when_allowed(linux_lesson, host, enabled, problems, expected):
    host(enabled, problems)
    assert course.runtime_of(linux_lesson) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("enabled, runtime", [(False, "simulated"), (True, "linux")])
def test_workspaces_of_a_linux_lesson_get_the_chosen_runtime(linux_lesson, host, enabled, runtime):
    host(enabled)
    workspace = store.open_workspace(Owner(None, "visitor-1"), "first-steps")
    assert store.session_of(workspace).runtime == runtime
    assert store.reset(workspace).runtime == runtime
    assert course.start_state("playground").runtime == "simulated"


@pytest.mark.django_db
@pytest.mark.parametrize("enabled, expected", [(False, False), (True, True)])
def test_a_lesson_asking_for_a_network_gets_it_on_real_containers(lessons_dir, host, enabled, expected):
    (lessons_dir / "01-first-steps.md").write_text(
        LESSON.replace("order: 1\n", "order: 1\nruntime: linux\nlinux_network: true\n"))
    host(enabled)
    workspace = store.open_workspace(Owner(None, "visitor-1"), "first-steps")
    assert store.session_of(workspace).linux_network is expected
    assert store.reset(workspace).linux_network is expected
    assert course.start_state("playground").linux_network is False


def test_a_lesson_asking_for_a_network_needs_ip_on_the_host(lessons_dir, host, monkeypatch):
    (lessons_dir / "01-first-steps.md").write_text(
        LESSON.replace("order: 1\n", "order: 1\nruntime: linux\nlinux_network: true\n"))
    host(True)
    monkeypatch.setattr(network, "IP", "/nonexistent/ip")
    assert course.runtime_of(course.lesson("first-steps")) == ("simulated", (
        "This lesson runs real Linux containers, but /nonexistent/ip is missing (Debian iproute2): "
        "here they are simulated."))


@pytest.mark.django_db
def test_the_lesson_page_says_why_it_is_simulated(client, linux_lesson, host):
    host(True, NOT_ROOT)
    html = client.get("/lessons/first-steps/").content.decode()
    assert f'<p class="runtime-note">{CANNOT}</p>' in html
    host(True)
    assert "runtime-note" not in client.get("/lessons/first-steps/").content.decode()


def test_the_system_check_names_what_the_host_lacks(host):
    assert lab_checks.linux_runtime in registry.registry.get_checks()
    host(True, NOT_ROOT + ["the kernel has no overlay filesystem (modprobe overlay)"])
    errors = lab_checks.linux_runtime(None)
    assert [(e.msg, e.id, e.level) for e in errors] == [
        (NOT_ROOT[0], "slipway.E001", 40),
        ("the kernel has no overlay filesystem (modprobe overlay)", "slipway.E001", 40)]
    assert errors[0].hint == "lessons with `runtime: linux` fall back to the simulated runtime"


def test_the_system_check_is_silent_unless_enabled_or_when_the_host_is_ready(host):
    host(False, NOT_ROOT)
    assert lab_checks.linux_runtime(None) == []
    host(True, [])
    assert lab_checks.linux_runtime(None) == []
