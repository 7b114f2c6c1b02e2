"""What the study notes teach, checked against what Docker 28.5 prints: regressions found by the audit."""
import re

import pytest

from session_harness import Lab


@pytest.fixture
def lab():
    lab = Lab()
    lab.ok("docker pull -q busybox")
    return lab


def macs(lab, *names):
    fmt = "'{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}'"
    return lab.ok(f"docker inspect -f {fmt} {' '.join(names)}").split()


def test_bridge_mac_addresses_are_random_not_derived_from_the_ip(lab):
    lab.ok("docker network create appnet")
    lab.ok("docker run -d --name one busybox sleep 100")
    lab.ok("docker run -d --name two --network appnet busybox sleep 100")
    one, two = macs(lab, "one", "two")
    for mac in (one, two):
        assert re.fullmatch("02:42(:[0-9a-f]{2}){4}", mac)
    assert one != "02:42:ac:11:00:02" and two != "02:42:ac:12:00:02"
    assert lab.ok("docker inspect -f '{{.NetworkSettings.MacAddress}}' one").strip() == one


def test_a_restart_gives_the_endpoint_a_new_mac(lab):
    lab.ok("docker run -d --name web busybox sleep 100")
    before = macs(lab, "web")
    lab.ok("docker restart web")
    assert macs(lab, "web") != before


def test_host_and_none_networks_have_no_mac(lab):
    lab.ok("docker run -d --name onhost --network host busybox sleep 100")
    lab.ok("docker run -d --name isolated --network none busybox sleep 100")
    assert lab.ok("docker inspect -f '[{{.NetworkSettings.MacAddress}}]' onhost isolated") == "[]\n[]\n"
