"""Published ports: every -p form, -P, the dynamic range, conflicts, docker port and PORTS."""
import re

import pytest

from session_harness import Lab

HELP = "\n\nRun 'docker run --help' for more information\n"


@pytest.fixture
def lab():
    lab = Lab()
    lab.ok("docker pull -q nginx")
    return lab


def ports(lab, name):
    return lab.ok(f"docker ps -a --format '{{{{.Ports}}}}' --filter name=^/{name}$").rstrip("\n")


@pytest.mark.parametrize("spec, shown", [
    ("8080:80", "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"),
    ("80:80", "0.0.0.0:80->80/tcp, [::]:80->80/tcp"),
    ("127.0.0.1:8080:80", "127.0.0.1:8080->80/tcp"),
    ("[::1]:8080:80", "[::1]:8080->80/tcp"),
    ("5353:53/udp", "80/tcp, 0.0.0.0:5353->53/udp, [::]:5353->53/udp"),
    ("7000-7001:7000-7001", "80/tcp, 0.0.0.0:7000-7001->7000-7001/tcp, [::]:7000-7001->7000-7001/tcp"),
    ("8000-8001:80-81", "0.0.0.0:8000->80/tcp, [::]:8000->80/tcp, 0.0.0.0:8001->81/tcp, [::]:8001->81/tcp"),
    ("80", "0.0.0.0:32768->80/tcp, [::]:32768->80/tcp"),
    ("127.0.0.1::80", "127.0.0.1:32768->80/tcp"),
])
def test_publish_forms_in_the_ports_column(lab, spec, shown):
    lab.ok(f"docker run -d --name web -p {spec} nginx")
    assert ports(lab, "web") == shown


def test_dynamic_ports_climb_from_32768_and_do_not_go_back(lab):
    for name in ("one", "two"):
        lab.ok(f"docker run -d --name {name} -p 80 nginx")
    lab.ok("docker stop one")
    lab.ok("docker run -d --name three -p 80 nginx")
    assert (ports(lab, "two"), ports(lab, "three")) == ("0.0.0.0:32769->80/tcp, [::]:32769->80/tcp",
                                                        "0.0.0.0:32770->80/tcp, [::]:32770->80/tcp")
    assert ports(lab, "one") == ""


def test_publish_all_maps_every_exposed_port(lab):
    lab.ok("docker run -d --name web --expose 9000-9001 -P nginx")
    assert lab("docker port web") == ("80/tcp -> 0.0.0.0:32768\n80/tcp -> [::]:32768\n"
                                      "9000/tcp -> 0.0.0.0:32769\n9000/tcp -> [::]:32769\n"
                                      "9001/tcp -> 0.0.0.0:32770\n9001/tcp -> [::]:32770\n")


def test_exposed_ports_are_listed_grouped(lab):
    lab.ok("docker run -d --name web --expose 9000-9002 nginx")
    assert ports(lab, "web") == "80/tcp, 9000-9002/tcp"


def test_docker_port_lists_and_looks_up(lab):
    lab.ok("docker run -d -p 8080:80 --name web nginx")
    assert lab("docker port web") == "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n"
    assert lab("docker port web 80") == "0.0.0.0:8080\n[::]:8080\n"
    assert lab("docker port web 81") == "Error: No public port '81/tcp' published for web\n"
    assert lab.code == 1


def test_inspect_shows_bindings_and_what_was_bound(lab):
    lab.ok("docker run -d --name web -p 80 nginx")
    assert lab("docker inspect -f '{{json .HostConfig.PortBindings}}' web") == (
        '{"80/tcp":[{"HostIp":"","HostPort":""}]}\n')
    assert lab("docker inspect -f '{{json .NetworkSettings.Ports}}' web") == (
        '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"32768"},{"HostIp":"::","HostPort":"32768"}]}\n')


def test_a_taken_port_leaves_the_container_created(lab):
    lab.ok("docker run -d -p 8080:80 --name web nginx")
    out = lab("docker run -d -p 8080:80 --name web2 nginx")
    assert lab.code == 125
    cid = lab.container("web2").id
    assert re.fullmatch(
        f"{cid}\ndocker: Error response from daemon: driver failed programming external connectivity on endpoint "
        r"web2 \([0-9a-f]{64}\): Bind for 0.0.0.0:8080 failed: port is already allocated" + re.escape(HELP), out)
    assert lab("docker ps -a --format '{{.Names}} {{.Status}}' --filter name=web2") == "web2 Created\n"
    lab.ok("docker stop web")
    assert lab("docker start web2") == "web2\n"


@pytest.mark.parametrize("spec, error", [
    ("abc:80", "invalid hostPort: abc"),
    ("99999:80", "invalid hostPort: 99999"),
    ("8080:80/xyz", "invalid proto: xyz"),
    ("80:abc", "invalid containerPort: abc"),
    ("8080:", "no port specified: 8080:<empty>"),
    ("1.2.3:80:80", "invalid IP address: 1.2.3"),
    ("8080-8081:80-83", "invalid ranges specified for container and host Ports: 80-83 and 8080-8081"),
])
def test_bad_publish_specs(lab, spec, error):
    assert lab(f"docker run -d -p {spec} nginx") == f"docker: {error}" + HELP
    assert lab.code == 125


def test_bad_expose(lab):
    assert lab("docker run -d --expose 1:2 nginx") == "docker: invalid port format for --expose: 1:2" + HELP


def test_host_network_discards_published_ports_with_a_warning(lab):
    out = lab.ok("docker run -d -p 8080:80 --network host --name web nginx")
    assert out.startswith("WARNING: Published ports are discarded when using host network mode\n")
    assert ports(lab, "web") == ""
    assert lab("curl -s http://localhost:80 | grep '<title>'") == "<title>Welcome to nginx!</title>\n"


def test_published_ports_answer_on_localhost_and_others_refuse(lab):
    lab.ok("docker run -d -p 8080:80 nginx")
    assert lab("curl -s http://localhost:8080 | grep '<title>'") == "<title>Welcome to nginx!</title>\n"
    assert lab("curl -s http://localhost:9999") == ""
    assert lab.code == 7
    assert lab("curl http://localhost:9999") == (
        "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n")


def test_a_stopped_container_frees_its_port(lab):
    lab.ok("docker run -d -p 8080:80 --name web nginx")
    lab.ok("docker stop web")
    assert lab("curl -s http://localhost:8080") == ""
    assert lab.code == 7
    lab.ok("docker run -d -p 8080:80 --name web2 nginx")
    assert ports(lab, "web2") == "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
