"""Tab completion (Session.complete): candidates for the last word of the line before the cursor."""
import pytest

from tests.simulator.session_harness import Lab


@pytest.fixture(scope="module")
def lab():
    lab = Lab()
    lab.ok("docker run -d --name web nginx")
    lab.ok("docker volume create data")
    lab.ok("docker network create backend")
    lab.ok("mkdir -p projects/app notes && touch projects/app/Dockerfile projects/readme.txt")
    return lab


@pytest.mark.parametrize("line, expected", [
    ("ls /e", ["/etc/"]),
    ("cat /etc/host", ["/etc/hostname", "/etc/hosts"]),
    ("cd pro", ["projects/"]),
    ("ls projects/", ["projects/app/", "projects/readme.txt"]),
    ("cat projects/app/D", ["projects/app/Dockerfile"]),
    ("ls /nowhere/x", []),
    ("/usr/bin/whoa", ["/usr/bin/whoami"]),
    ("ls /", None),
])
def test_files_and_directories(lab, line, expected):
    found = lab.session.complete(line)
    if expected is None:
        assert "/etc/" in found and "/usr/" in found and all(name.startswith("/") for name in found)
    else:
        assert found == expected


def test_commands_on_path_and_builtins(lab):
    assert "docker" in lab.session.complete("dock")
    assert lab.session.complete("expo") == ["export"]
    assert lab.session.complete("echo hi | gre") == ["grep"]
    assert lab.session.complete("cd /tmp && whoa") == ["whoami"]


@pytest.mark.parametrize("line, expected", [
    ("docker ru", ["run"]),
    ("docker vol", ["volume"]),
    ("docker container st", ["start", "stats", "stop"]),
    ("docker network c", ["connect", "create"]),
    ("docker compose u", ["unpause", "up"]),
    ("docker-compose do", ["down"]),
    ("docker --ver", ["--version"]),
])
def test_docker_verbs_and_sub_commands(lab, line, expected):
    assert lab.session.complete(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("docker run --na", ["--name"]),
    ("docker run -d --rest", ["--restart"]),
    ("docker container ls --fo", ["--format"]),
    ("docker rm --he", ["--help"]),
    ("docker compose up --bu", ["--build"]),
    ("docker run --l", ["--label", "--label-file", "--link", "--link-local-ip", "--log-driver",
                        "--log-opt"]),
])
def test_flags_of_the_verb_being_typed(lab, line, expected):
    assert lab.session.complete(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("docker stop w", ["web"]),
    ("docker container rm -f w", ["web"]),
    ("docker logs --tail 5 w", ["web"]),
    ("docker run -d ngi", ["nginx:latest"]),
    ("docker run --name x ngi", ["nginx:latest"]),
    ("docker rmi ng", ["nginx:latest"]),
    ("docker volume rm d", ["data"]),
    ("docker network inspect b", ["backend", "bridge"]),
    ("docker network connect back", ["backend"]),
    ("docker network connect backend w", ["web"]),
    ("docker run --network b", ["backend", "bridge"]),
    ("docker run -v d", ["data"]),
    ("docker inspect ", ["backend", "bridge", "data", "host", "nginx:latest", "none", "web"]),
    ("docker build -t app pro", ["projects/"]),
    ("docker ps w", []),
])
def test_object_names_where_the_verb_takes_them(lab, line, expected):
    assert lab.session.complete(line) == expected


def test_inside_a_container_shell_the_containers_files():
    lab = Lab()
    lab.ok("docker run -it --name box alpine sh")
    assert lab.session.complete("ls /e") == ["/etc/"]
    assert lab.session.complete("cat /etc/alpine-r") == ["/etc/alpine-release"]
    assert lab.session.complete("apk") == ["apk"]
    assert lab.session.complete("docker ps") == []
