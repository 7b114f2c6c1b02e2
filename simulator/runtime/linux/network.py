"""A container's network when the lab asks for one: one Linux bridge per engine network in the
lab's own network namespace, and per network of the container a veth pair from that bridge to
eth0, eth1, ... inside it, with the engine's addresses. The lab namespace has no interface to
the outside and does not forward between its bridges, so no packet leaves a bridge: no NAT and
no route out, by construction.

Runs in the shim (host root, single-threaded): it steps into a namespace with setns() and runs
iproute2's `ip -batch` there, on commands built here from values checked here (never a
student's words); steps back before anything else."""
import fcntl
import ipaddress
import os
import re
import secrets
import socket
import subprocess
from contextlib import contextmanager

from . import dns, syscalls
from .process import memfd
from .syscalls import CLONE_NEWNET

IP = "/usr/sbin/ip"
IP_TIMEOUT = 10.0                   # seconds one `ip -batch` may take
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")
NETWORK_ID = re.compile(r"[0-9a-f]{12,64}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,252}")


def problems():
    return [] if os.access(IP, os.X_OK) else [f"{IP} is missing (Debian iproute2)"]


def lab_path(root):
    """The lab's network namespace, kept by a bind mount of its nsfs file."""
    return os.path.join(root, "netns")


def interface(network_id, address, gateway, mac, names=()):
    """What the Spec carries for one network of a container (`names`: what the embedded DNS
    answers with its address there, those no DNS question can ask left out); raises ValueError
    on anything that is not a network ID, an address with its prefix, an address and a MAC."""
    if not NETWORK_ID.fullmatch(network_id) or not MAC.fullmatch(mac):
        raise ValueError(f"invalid network endpoint: {network_id} {mac}")
    return {"bridge": f"br-{network_id[:12]}", "address": str(ipaddress.IPv4Interface(address)),
            "gateway": str(ipaddress.IPv4Address(gateway)), "mac": mac,
            "names": [name for name in names if NAME.fullmatch(name)]}


def plug(root, pid, networks):
    """Give the container whose init is `pid` (a host PID) one interface per network, eth0
    first, on that network's bridge, and a default route via the first network's gateway.
    Raises OSError saying what failed."""
    target = f"/proc/{pid}/ns/net"
    with _inside(target):           # Docker gives interfaces on IPv4-only networks no IPv6
        _write("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1")
    with _locked(root):             # two shims may create the lab or a bridge at once
        _ensure_lab(lab_path(root))
        with _inside(lab_path(root)):
            existing = {name for _, name in socket.if_nameindex()}
            commands = []
            for net in {net["bridge"]: net for net in networks}.values():
                if net["bridge"] not in existing:
                    commands += _bridge(net)
            for index, net in enumerate(networks):
                veth = f"veth{secrets.token_hex(5)}"
                commands += [f"link add {veth} type veth peer name eth{index} address {net['mac']} netns {target}",
                             f"link set {veth} master {net['bridge']} up"]
            _ip(commands)
    with _inside(target):
        commands = ["link set lo up"]
        for index, net in enumerate(networks):
            commands += [f"addr add {net['address']} brd + dev eth{index}", f"link set eth{index} up"]
        _ip(commands + [f"route add default via {networks[0]['gateway']}"])


def resolver_socket(pid):
    """A UDP socket on the embedded DNS address inside the container whose init is `pid`."""
    with _inside(f"/proc/{pid}/ns/net"):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((dns.ADDRESS, 53))
        except OSError:
            sock.close()
            raise
    return sock


def _bridge(net):
    """The commands making a network's bridge, its gateway's address on it, up."""
    name, prefix = net["bridge"], ipaddress.IPv4Interface(net["address"]).network.prefixlen
    return [f"link add {name} type bridge", f"addr add {net['gateway']}/{prefix} brd + dev {name}",
            f"link set {name} up"]


def _ensure_lab(path):
    """Make the lab namespace unless `path` already holds one: a new network namespace that
    does not forward, its nsfs file bind-mounted at `path`; the caller stays in its own."""
    if os.path.exists(path) and os.stat(path).st_dev == os.stat("/proc/self/ns/net").st_dev:
        return                      # every nsfs file shares one device: a mounted namespace
    open(path, "a").close()
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        syscalls.unshare(CLONE_NEWNET)
        _write("/proc/sys/net/ipv4/ip_forward", "0")      # new namespaces inherit the host's
        _write("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1")
        syscalls.mount("/proc/thread-self/ns/net", path, None, syscalls.MS_BIND)
    finally:
        syscalls.setns(own, CLONE_NEWNET)
        os.close(own)


def remove_lab(root):
    """Remove the lab namespace's file once it is unmounted (the reaper unmounts it)."""
    try:
        os.remove(lab_path(root))
    except FileNotFoundError:
        pass


@contextmanager
def _inside(path):
    """Run the block (and the processes it starts) in the network namespace at `path`."""
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        target = os.open(path, os.O_RDONLY)
        try:
            syscalls.setns(target, CLONE_NEWNET)
        finally:
            os.close(target)
        try:
            yield
        finally:
            syscalls.setns(own, CLONE_NEWNET)
    finally:
        os.close(own)


@contextmanager
def _locked(root):
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _ip(commands):
    """Run `ip -batch` on the commands, read from a memfd: a pipe that `ip` leaves unread when
    it stops at an error would SIGPIPE the shim."""
    batch = memfd(("\n".join(commands) + "\n").encode())
    try:
        done = subprocess.run([IP, "-batch", "-"], stdin=batch, capture_output=True, text=True,
                              timeout=IP_TIMEOUT, check=False)
    finally:
        os.close(batch)
    if done.returncode:
        raise OSError(f"failed to set up container networking: {done.stderr.strip() or IP + ' failed'}")


def _write(path, value):
    with open(path, "w") as f:
        f.write(value)
