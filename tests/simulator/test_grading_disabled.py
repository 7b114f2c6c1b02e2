"""Disabled commands: found in any command position of a line, refused in the shell's voice."""
from types import SimpleNamespace

from simulator.grading import disabled_command

EXERCISE = SimpleNamespace(disabled=["docker commit", "docker-compose"])


def test_refused_wherever_the_command_starts():
    for line in ["docker commit web snap", "docker ps && docker commit web x", "echo $(docker commit a b)",
                 "X=1 docker commit a", "ls | docker-compose up", "true; docker  commit a"]:
        assert disabled_command(EXERCISE, line) is not None, line
    assert disabled_command(EXERCISE, "docker commit web") == "bash: docker commit: disabled in this exercise\n"


def test_allowed_lines():
    for line in ["docker ps", "echo docker commit", "docker compose up -d", "docker run --name commit alpine"]:
        assert disabled_command(EXERCISE, line) is None, line
    assert disabled_command(SimpleNamespace(disabled=[]), "docker commit a b") is None
    assert disabled_command(SimpleNamespace(), "anything 'unbalanced") is None
