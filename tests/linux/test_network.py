"""The private bridge network of the Linux runtime: containers get eth0, eth1, ... with the
addresses `docker inspect` shows, reach containers on their own networks and nothing else.
Nothing outside the lab answers (the address probed, 192.0.2.1, is TEST-NET-1: reserved, never
routed anywhere, so even a broken lab sends nothing off this machine)."""
import fcntl
import os
import signal
import socket
import struct
import subprocess
import threading
import time

import pytest

from simulator import Session
from simulator.runtime import make_runtime
from simulator.runtime.linux import container, network
from simulator.runtime.linux.process import read_pid
from simulator.runtime.linux.reaper import mounts_under, reap

OUTSIDE = "192.0.2.1"
SIOCGIFADDR = 0x8915


def start_lab(root, monkeypatch, linux_network=True):
    """lab(line) -> (output, exit code) in a session on the Linux runtime."""
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", root)
    session = Session(seed=0, runtime="linux", linux_network=linux_network)
    session.run("docker pull -q busybox")

    def run(line):
        result = session.run(line)
        return result.output, result.exit_code

    return run


@pytest.fixture
def lab(runtime_root, monkeypatch):
    run = start_lab(runtime_root, monkeypatch)
    yield run
    run("docker rm -f $(docker ps -aq)")


def started(lab, name, *options):
    output, code = lab(f"docker run -d --name {name} {' '.join(options)} busybox sleep 30")
    assert code == 0, output


def inspect(lab, name, network_name, field):
    output, code = lab(f"docker inspect -f '{{{{.NetworkSettings.Networks.{network_name}.{field}}}}}' {name}")
    assert code == 0, output
    return output.strip()


def pings(lab, name, address):
    return lab(f"docker exec {name} ping -c 1 -W 1 {address}")[1] == 0


def interfaces(lab, name):
    """{interface: (address/prefix or None, MAC)} as `ip` inside the container shows them."""
    links, code = lab(f"docker exec {name} ip -o link")
    assert code == 0, links
    addresses, _ = lab(f"docker exec {name} ip -o -4 addr")
    inet = {fields[1]: fields[3] for fields in map(str.split, addresses.splitlines())}
    found = {}
    for line in links.splitlines():
        interface = line.split(": ")[1].split("@")[0]
        found[interface] = (inet.get(interface), line.split("link/")[1].split()[1])
    return found


def test_containers_on_a_user_network_have_inspects_addresses_and_reach_each_other(lab):
    lab("docker network create front")
    started(lab, "web", "--network front")
    started(lab, "app", "--network front")
    for name in ("web", "app"):
        ip, mac = inspect(lab, name, "front", "IPAddress"), inspect(lab, name, "front", "MacAddress")
        assert interfaces(lab, name) == {"lo": ("127.0.0.1/8", "00:00:00:00:00:00"), "eth0": (f"{ip}/16", mac)}
    assert lab("docker exec web ifconfig eth0")[0].splitlines()[:2] == [
        f"eth0      Link encap:Ethernet  HWaddr {inspect(lab, 'web', 'front', 'MacAddress').upper()}  ",
        f"          inet addr:{inspect(lab, 'web', 'front', 'IPAddress')}  Bcast:172.18.255.255  Mask:255.255.0.0"]
    assert pings(lab, "web", inspect(lab, "app", "front", "IPAddress"))
    assert pings(lab, "app", inspect(lab, "web", "front", "IPAddress"))
    assert lab("docker exec web ip route")[0] == ("default via 172.18.0.1 dev eth0 \n"
                                                  "172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n")


def test_a_container_on_another_network_cannot_reach_them(lab):
    lab("docker network create front")
    lab("docker network create back")
    started(lab, "web", "--network front")
    started(lab, "db", "--network back")
    assert inspect(lab, "db", "back", "IPAddress") == "172.19.0.2"
    assert not pings(lab, "db", inspect(lab, "web", "front", "IPAddress"))
    assert not pings(lab, "web", "172.19.0.2")


def test_a_container_on_two_networks_has_eth0_and_eth1(lab):
    lab("docker network create front")
    lab("docker network create back")
    started(lab, "db", "--network back")
    lab("docker create --name app --network front busybox sleep 30")
    lab("docker network connect back app")
    assert lab("docker start app")[1] == 0
    assert interfaces(lab, "app") == {
        "lo": ("127.0.0.1/8", "00:00:00:00:00:00"),
        "eth0": ("172.18.0.2/16", inspect(lab, "app", "front", "MacAddress")),
        "eth1": ("172.19.0.3/16", inspect(lab, "app", "back", "MacAddress"))}
    assert lab("docker exec app ip route")[0].splitlines()[0] == "default via 172.18.0.1 dev eth0 "
    assert pings(lab, "app", "172.19.0.2")


def test_names_resolve_on_a_user_network_through_the_embedded_dns(lab):
    lab("docker network create front")
    lab("docker network create back")
    started(lab, "web", "--network front", "--network-alias www")
    started(lab, "db", "--network back")
    assert lab("docker run --rm --network front busybox nslookup -type=a www") == (
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\twww\n"
        "Address: 172.18.0.2\n\n", 0)
    assert lab("docker run --rm --network front busybox ping -c 1 -W 1 web")[1] == 0
    assert lab("docker run --rm --network front busybox ping -c 1 -W 1 db") == (
        "ping: bad address 'db'\n", 1)                  # on another network
    lab("docker rm -f web")
    assert lab("docker run --rm --network front busybox ping -c 1 -W 1 web")[1] == 1


def test_the_gateway_answers_and_nothing_outside_does(lab):
    started(lab, "web")                 # the default bridge network
    assert interfaces(lab, "web")["eth0"][0] == "172.17.0.2/16"
    assert pings(lab, "web", "172.17.0.1")
    assert not pings(lab, "web", OUTSIDE)
    for address in host_addresses():
        assert not pings(lab, "web", address), address


def host_addresses():
    """The host's own IPv4 addresses on its interfaces other than lo."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            try:
                request = struct.pack("256s", name.encode()[:15])
                found.append(socket.inet_ntoa(fcntl.ioctl(sock, SIOCGIFADDR, request)[20:24]))
            except OSError:
                continue                # no IPv4 address
    return [a for a in found if not a.startswith("127.")]


@pytest.mark.parametrize("mode", ["none", "host"])
def test_network_none_and_host_have_only_lo(lab, mode):
    started(lab, "web", f"--network {mode}")
    assert list(interfaces(lab, "web")) == ["lo"]


def test_network_container_does_not_share_the_other_containers_interfaces(lab):
    started(lab, "web")
    started(lab, "side", "--network container:web")
    assert list(interfaces(lab, "side")) == ["lo"]


def test_without_networking_only_lo(runtime_root, monkeypatch):
    lab = start_lab(runtime_root, monkeypatch, linux_network=False)
    try:
        started(lab, "web")
        assert list(interfaces(lab, "web")) == ["lo"]
        assert not os.path.exists(os.path.join(runtime_root, network.LABS))
    finally:
        lab("docker rm -f web")


def labs(root):
    return sorted(os.listdir(os.path.join(root, network.LABS)))


def test_an_engines_lab_lives_while_a_container_uses_it(lab, runtime_root, monkeypatch):
    started(lab, "web")
    started(lab, "app")
    [engine] = labs(runtime_root)
    handle = container.Handle(runtime_root, lab_container_id(lab, "web"))
    os.kill(read_pid(handle.paths.shim_pid), signal.SIGKILL)      # a crash: nobody looks after it
    assert handle.wait(5)["exit_code"] == 137
    assert reap(runtime_root) == [handle.id]                      # as a runtime starting elsewhere
    assert os.path.realpath(network.lab_path(runtime_root, engine)) in mounts_under(runtime_root)
    assert pings(lab, "app", "172.17.0.1")                          # "app" still uses it
    lab("docker rm -f web app")
    assert labs(runtime_root) == []                                 # gone with the engine's last container
    started(lab, "web")
    reap(runtime_root, everything=True)
    assert mounts_under(runtime_root) == []
    assert not os.path.exists(os.path.join(runtime_root, network.LABS))


def test_two_engines_have_labs_of_their_own(lab, runtime_root, monkeypatch):
    """Both students' default bridges are 172.17.0.0/16 with the gateway 172.17.0.1: each in its
    engine's own namespace, each answers its own containers."""
    other = start_lab(runtime_root, monkeypatch)
    try:
        started(lab, "web")
        started(other, "web")
        assert len(labs(runtime_root)) == 2
        assert inspect(lab, "web", "bridge", "IPAddress") == inspect(other, "web", "bridge", "IPAddress")
        assert pings(lab, "web", "172.17.0.1") and pings(other, "web", "172.17.0.1")
    finally:
        other("docker rm -f web")


def lab_container_id(lab, name):
    return lab(f"docker inspect -f '{{{{.Id}}}}' {name}")[0].strip()


def test_a_network_that_cannot_be_set_up_fails_the_start_in_dockers_words(runtime_root, monkeypatch):
    monkeypatch.setenv("SLIPWAY_LINUX_ROOT", runtime_root)
    session = Session(seed=0, runtime="linux", linux_network=True)
    session.run("docker pull -q busybox && docker network create front && docker run -d --name web busybox sleep 30")
    engine = session.engine
    front = engine.networks.get("front")
    bridge = network.interface(engine.key, front.id, "172.18.0.2/16", front.gateway, "02:42:ac:12:00:02")["bridge"]
    subprocess.run(["nsenter", f"--net={network.lab_path(runtime_root, engine.key)}", network.IP, "link", "add",
                    bridge, "type", "veth", "peer", "name", "x" + bridge[3:]], check=True)   # no bridge where front's goes
    try:
        unplugged(session, runtime_root, bridge)
    finally:
        session.run("docker rm -f web app")


def unplugged(session, runtime_root, bridge):
    lab = network.lab_path(runtime_root, session.engine.key)
    result = session.run("docker run --name app --network front busybox true")
    assert result.exit_code == 125
    assert result.output.startswith(
        "docker: Error response from daemon: failed to create task for container: failed to create shim task: "
        "OCI runtime create failed: runc create failed: unable to start container process: error during "
        "container init: failed to set up container networking: ")
    assert result.output.endswith(": unknown\n\nRun 'docker run --help' for more information\n")
    subprocess.run(["nsenter", f"--net={lab}", network.IP, "link", "del", bridge], check=True)
    assert session.run("docker start -a app").output == ""


def test_two_shims_making_the_lab_and_a_bridge_at_once_share_them(runtime_root):
    """Two plugs racing (threads: setns is per thread, and each takes its own flock) make one
    lab namespace and one bridge, and their containers reach each other over it."""
    sleepers = [subprocess.Popen(["unshare", "--net", "sleep", "30"]) for _ in range(2)]
    try:
        for sleeper in sleepers:
            while os.stat(f"/proc/{sleeper.pid}/ns/net").st_ino == os.stat("/proc/self/ns/net").st_ino:
                time.sleep(0.01)       # until unshare has made the namespace
        barrier, failures = threading.Barrier(2), []

        def plug(sleeper, index):
            barrier.wait()
            try:
                directory = os.path.join(runtime_root, f"c{index}")
                os.makedirs(directory)
                network.plug(runtime_root, "e1", sleeper.pid, [network.interface(
                    "e1", "cd" * 32, f"172.18.0.{index + 2}/16", "172.18.0.1", f"02:42:ac:12:00:0{index + 2}")],
                    directory)
            except OSError as error:
                failures.append(error)
        threads = [threading.Thread(target=plug, args=(s, i)) for i, s in enumerate(sleepers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        ping = subprocess.run(["nsenter", f"--net=/proc/{sleepers[0].pid}/ns/net", "/bin/busybox", "ping",
                               "-c", "1", "-W", "1", "172.18.0.3"], capture_output=True, check=False)
        assert ping.returncode == 0, ping.stdout
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()


def test_session_keeps_linux_network_across_save_and_load():
    session = Session(runtime="linux", linux_network=True)
    loaded = Session.from_json(session.to_json())
    assert loaded.linux_network is True
    assert loaded.engine.runtime.network is True
    assert Session.from_json(Session().to_json()).linux_network is False
    assert session.fork().engine.runtime.network is True


def test_make_runtime_passes_linux_network_on():
    assert make_runtime("linux", linux_network=True).network is True
    assert make_runtime("linux").network is False


def test_interface_refuses_what_is_not_an_address():
    endpoint = ("ab" * 32, "172.18.0.2/16", "172.18.0.1", "02:42:ac:12:00:02")
    found = network.interface("e1", *endpoint)
    assert found == {"bridge": found["bridge"], "address": "172.18.0.2/16", "gateway": "172.18.0.1",
                     "mac": "02:42:ac:12:00:02", "names": []}
    assert found["bridge"].startswith("br-") and len(found["bridge"]) == 15
    assert network.interface("e2", *endpoint)["bridge"] != found["bridge"]     # another engine's
    for bad in (("e1", "ab" * 32, "172.18.0.2/16 dev lo", "172.18.0.1", "02:42:ac:12:00:02"),
                ("e1", "ab" * 32, "172.18.0.2/16", "172.18.0.1", "02:42:ac:12:00:02\nlink del lo"),
                ("e1", "br; x", "172.18.0.2/16", "172.18.0.1", "02:42:ac:12:00:02"),
                ("../x", *endpoint)):
        with pytest.raises(ValueError):
            network.interface(*bad)
    assert network.interface("e1", *endpoint, ["web", "a b", "../etc", "www.example"])["names"] == \
        ["web", "www.example"]
