"""What the host lacks, in the words the CLI and the web lab's system check show."""
import os

import pytest

from simulator import Session
from simulator.runtime.linux import checks


ready = pytest.mark.skipif(bool(checks.problems()), reason="; ".join(checks.problems()))


@ready
def test_a_ready_host_has_no_problems():
    assert checks.problems() == []


@ready
def test_not_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert checks.problems() == ["the linux runtime needs root (running as uid 1000)"]


@ready
def test_no_static_busybox(monkeypatch, tmp_path):
    dynamic = tmp_path / "busybox"
    dynamic.write_bytes(b"\x7fELF" + b"\0" * 100 + b"/lib64/ld-linux-x86-64.so.2")
    monkeypatch.setattr(checks, "HOST_BUSYBOX", str(dynamic))
    assert checks.problems() == [f"no static busybox at {dynamic}: install Debian's busybox-static"]


def test_a_host_without_what_it_needs_says_so_at_docker_run(monkeypatch):
    monkeypatch.setattr(checks, "problems", lambda: ["the linux runtime needs root (running as uid 1000)"])
    session = Session(seed=0, runtime="linux")
    session.run("docker pull -q busybox")
    result = session.run("docker run --rm busybox true")
    assert (result.output, result.exit_code) == (
        "docker: Error response from daemon: the linux runtime cannot run on this host: the linux runtime "
        "needs root (running as uid 1000)\n\nRun 'docker run --help' for more information\n", 125)


def test_enabled_only_by_the_operator():
    assert checks.enabled({"SLIPWAY_LINUX_RUNTIME": "1"}) is True
    assert checks.enabled({"SLIPWAY_LINUX_RUNTIME": "yes"}) is False
    assert checks.enabled({}) is False
