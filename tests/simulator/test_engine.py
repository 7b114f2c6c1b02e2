"""Engine pieces on their own: -p parsing, the PORTS column, names, config merging, state."""
import pytest

from simulator.clock import Clock
from simulator.engine.create import fill_host_config, merge_config
from simulator.engine.engine import Engine
from simulator.engine.errors import DockerError
from simulator.engine.names import random_name
from simulator.engine.ports import PortSpecError, parse_expose, parse_publish
from simulator.engine.state import timestamp
from simulator.cli.commands.container_view import command_text, displayable_ports, status_text
from simulator.ids import IdFactory

from session_harness import START


@pytest.mark.parametrize("spec, expected", [
    ("8080:80", [("80/tcp", {"HostIp": "", "HostPort": "8080"})]),
    ("80", [("80/tcp", {"HostIp": "", "HostPort": ""})]),
    ("127.0.0.1:8080:80/udp", [("80/udp", {"HostIp": "127.0.0.1", "HostPort": "8080"})]),
    ("[::1]:8080:80", [("80/tcp", {"HostIp": "::1", "HostPort": "8080"})]),
    ("8000-8001:80-81", [("80/tcp", {"HostIp": "", "HostPort": "8000"}),
                         ("81/tcp", {"HostIp": "", "HostPort": "8001"})]),
    ("8000-8010:80", [("80/tcp", {"HostIp": "", "HostPort": "8000-8010"})]),
])
def test_parse_publish(spec, expected):
    assert parse_publish(spec) == expected


@pytest.mark.parametrize("spec, message", [
    ("abc:80", "invalid hostPort: abc"),
    ("99999:80", "invalid hostPort: 99999"),
    ("8080:80/xyz", "invalid proto: xyz"),
    ("8080:abc", "invalid containerPort: abc"),
    ("8080:", "no port specified: 8080:<empty>"),
    ("1.2.3:8080:80", "invalid IP address: 1.2.3"),
    ("8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
])
def test_parse_publish_errors(spec, message):
    with pytest.raises(PortSpecError) as error:
        parse_publish(spec)
    assert str(error.value) == message


def test_parse_expose():
    assert parse_expose("80-82/udp") == ["80/udp", "81/udp", "82/udp"]
    with pytest.raises(PortSpecError) as error:
        parse_expose("1:2")
    assert str(error.value) == "invalid port format for --expose: 1:2"


def test_displayable_ports_groups_ranges_and_mappings():
    ports = {"80/tcp": None, "81/tcp": None, "82/tcp": None, "443/tcp": None}
    assert displayable_ports(ports) == "80-82/tcp, 443/tcp"
    published = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "80"}, {"HostIp": "::", "HostPort": "80"}],
                 "8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "9090"}]}
    assert displayable_ports(published) == "0.0.0.0:80->80/tcp, [::]:80->80/tcp, 0.0.0.0:9090->8080/tcp"


def test_merge_config_follows_moby():
    image = {"Env": ["PATH=/bin", "A=image"], "Cmd": ["nginx", "-g", "daemon off;"],
             "Entrypoint": ["/docker-entrypoint.sh"], "ExposedPorts": {"80/tcp": {}}}
    merged = merge_config({"Image": "nginx", "Env": ["A=user", "B=2"]}, image, "f" * 64)
    assert merged["Env"] == ["A=user", "B=2", "PATH=/bin"]
    assert merged["Cmd"] == ["nginx", "-g", "daemon off;"] and merged["Hostname"] == "f" * 12
    merged = merge_config({"Image": "nginx", "Cmd": ["sh"]}, image, "f" * 64)
    assert (merged["Entrypoint"], merged["Cmd"]) == (["/docker-entrypoint.sh"], ["sh"])
    merged = merge_config({"Image": "nginx", "Entrypoint": ["cat"]}, image, "f" * 64)
    assert (merged["Entrypoint"], merged["Cmd"]) == (["cat"], None)
    with pytest.raises(DockerError) as error:
        merge_config({"Image": "nginx", "Entrypoint": [""]}, image, "f" * 64)
    assert error.value.message == "no command specified"


def test_host_config_defaults_in_dockers_order():
    host = fill_host_config({"NetworkMode": "default", "Init": True})
    assert list(host)[:6] == ["Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings",
                              "RestartPolicy"]
    assert host["NetworkMode"] == "bridge" and host["Init"] is True
    assert "Tmpfs" not in host and "Mounts" not in host


def test_random_names_are_deterministic_and_unique():
    ids = IdFactory(5)
    names = [random_name(ids, set()) for _ in range(3)]
    again = IdFactory(5)
    assert names == [random_name(again, set()) for _ in range(3)]
    assert all("_" in name for name in names)
    taken = {names[0]}
    assert random_name(IdFactory(5), taken) != names[0]


def test_status_and_command_phrases():
    engine = Engine(Clock(frozen=START), IdFactory(0))
    engine.images.pull("alpine")
    c = engine.containers.create({"Image": "alpine", "Cmd": ["sh", "-c", "echo a b"]})
    assert command_text(c) == "sh -c 'echo a b'"
    assert status_text(c, START) == "Created"
    engine.containers.start(c)
    assert status_text(c, START + 125) == "Exited (0) 2 minutes ago"


def test_engine_state_round_trip():
    engine = Engine(Clock(frozen=START), IdFactory(0))
    engine.images.pull("alpine")
    c = engine.containers.create({"Image": "alpine", "Cmd": ["sleep", "100"]}, name="sl")
    engine.containers.start(c)
    data = engine.to_dict()
    again = Engine.from_dict(data, Clock(frozen=START), IdFactory(0))
    assert again.to_dict() == data
    restored = again.containers.get("sl")
    assert again.containers.fs(restored).read_text("/etc/hostname") == c.id[:12] + "\n"


def test_timestamps_are_go_formats():
    assert timestamp(START) == "2025-11-28T08:00:00Z"
    assert timestamp(START + 0.25) == "2025-11-28T08:00:00.25Z"
    assert timestamp(None) == "0001-01-01T00:00:00Z"
