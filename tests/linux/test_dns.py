"""The embedded DNS's answers, from the names containers publish in their directories: queries
are hostile input, so anything malformed gets no answer."""
import os
import socket
import struct

import pytest

from simulator.runtime.linux import dns

FRONT, BACK = "br-aaaaaaaaaaaa", "br-bbbbbbbbbbbb"


def query(name, qtype=dns.A, ident=0x1234, flags=0x0100):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    return struct.pack("!HHHHHH", ident, flags, 1, 0, 0, 0) + labels + b"\0" + struct.pack("!HH", qtype, dns.IN)


def container(containers, name, networks, ended=False):
    directory = containers / name
    directory.mkdir()
    dns.publish(str(directory), [{"bridge": bridge, "address": f"{address}/16", "names": names}
                                 for bridge, address, names in networks])
    if ended:
        (directory / "status.json").write_text("{}")
    return str(directory)


@pytest.fixture
def resolver(tmp_path):
    containers = tmp_path / "containers"
    containers.mkdir()
    asker = container(containers, "1asker", [(FRONT, "172.18.0.2", ["asker"])])
    container(containers, "2web", [(FRONT, "172.18.0.3", ["web", "www"]), (BACK, "172.19.0.2", ["web"])])
    container(containers, "3db", [(BACK, "172.19.0.3", ["db"])])
    container(containers, "4old", [(FRONT, "172.18.0.4", ["old"])], ended=True)
    return dns.Resolver(None, asker)


def test_a_name_on_a_shared_network_gets_its_address(resolver):
    answer = resolver.reply(query("WWW"))
    assert answer == (struct.pack("!HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0) + query("WWW")[12:]
                      + struct.pack("!HHHIH", 0xC00C, dns.A, dns.IN, 600, 4) + bytes([172, 18, 0, 3]))


@pytest.mark.parametrize("name", ["db", "old", "google.com"])
def test_names_off_its_networks_ended_or_outside_are_not_found(resolver, name):
    answer = resolver.reply(query(name))
    assert struct.unpack_from("!HHHH", answer) == (0x1234, 0x8183, 1, 0)


def test_an_ipv6_question_for_a_known_name_has_no_answer(resolver):
    assert struct.unpack_from("!HHHH", resolver.reply(query("web", qtype=28))) == (0x1234, 0x8180, 1, 0)


@pytest.mark.parametrize("packet", [
    b"", b"\x12\x34", query("web")[:-3], query("web", flags=0x8100), query("web")[:4] + b"\0\2" + query("web")[6:],
    query("web")[:12] + b"\xc0\x0c" + b"\0\1\0\1", query("web")[:12] + b"\x03w\xffb\0\0\1\0\1",
    query("web")[:-2] + b"\0\3",
])
def test_malformed_queries_get_no_answer(resolver, packet):
    assert resolver.reply(packet) is None


def test_a_container_without_user_networks_has_no_resolver(tmp_path):
    assert dns.publish(str(tmp_path), [{"bridge": FRONT, "address": "172.17.0.2/16", "names": []}]) is False
    assert os.path.exists(tmp_path / dns.NAMES_FILE)


def test_at_most_so_many_queries_a_second_are_answered(tmp_path, monkeypatch):
    """A flood from inside a container cannot keep the shim busy answering."""
    monkeypatch.setattr(dns.time, "monotonic", lambda: 1000.5)
    (tmp_path / "containers").mkdir()
    asker = container(tmp_path / "containers", "asker", [(FRONT, "172.18.0.2", ["asker"])])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        server.bind(("127.0.0.1", 0))
        client.setblocking(False)
        resolver = dns.Resolver(server, asker)
        for _ in range(dns.QUERIES_PER_SECOND + 10):
            client.sendto(query("asker"), server.getsockname())
            resolver.serve()
        replies = 0
        while True:
            try:
                client.recv(512)
            except BlockingIOError:
                break
            replies += 1
    assert replies == dns.QUERIES_PER_SECOND
