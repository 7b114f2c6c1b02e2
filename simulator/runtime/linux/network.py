"""A container's network when the lab asks for one: one Linux bridge per engine network in the
lab's own network namespace, and per network of the container a veth pair from that bridge to
eth0, eth1, ... inside it, with the engine's addresses. The lab namespace has no interface to
the outside and does not forward between its bridges, so no packet leaves a bridge: no NAT and
no route out, by construction.

Runs in the shim (host root, single-threaded): it steps into a namespace with setns() and runs
iproute2's `ip -batch` there, on commands built here from values checked here (never a
student's words); steps back before anything else."""
import fcntl
import hashlib
import ipaddress
import os
import re
import secrets
import socket
import subprocess
from contextlib import contextmanager

from . import container, dns, syscalls
from .process import memfd
from .syscalls import CLONE_NEWNET

IP = "/usr/sbin/ip"
IP_TIMEOUT = 10.0                   # seconds one `ip -batch` may take
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")
NETWORK_ID = re.compile(r"[0-9a-f]{12,64}")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,252}")
ENGINE = re.compile(r"[0-9a-z]{1,32}")
LABS = "netns"                      # under the runtime's root: one file per engine's namespace
USER = "engine"                     # in a container's directory: the engine whose lab it uses


def problems():
    return [] if os.access(IP, os.X_OK) else [f"{IP} is missing (Debian iproute2)"]


def lab_path(root, engine):
    """The network namespace of an engine's networks, kept by a bind mount of its nsfs file:
    one per engine, so two students' default bridges (both 172.17.0.1) never meet."""
    return os.path.join(root, LABS, engine)


def interface(engine, network_id, address, gateway, mac, names=()):
    """What the Spec carries for one network of a container (`names`: what the embedded DNS
    answers with its address there, those no DNS question can ask left out); raises ValueError
    on anything that is not an engine key, a network ID, an address with its prefix, an address
    and a MAC. The bridge's name is the engine's and the network's (two sessions made with the
    same seed have the same network IDs)."""
    if not ENGINE.fullmatch(engine) or not NETWORK_ID.fullmatch(network_id) or not MAC.fullmatch(mac):
        raise ValueError(f"invalid network endpoint: {engine} {network_id} {mac}")
    bridge = "br-" + hashlib.sha256(f"{engine}:{network_id}".encode()).hexdigest()[:12]
    return {"bridge": bridge, "address": str(ipaddress.IPv4Interface(address)),
            "gateway": str(ipaddress.IPv4Address(gateway)), "mac": mac,
            "names": [name for name in names if NAME.fullmatch(name)]}


def plug(root, engine, pid, networks, directory):
    """Give the container whose init is `pid` (a host PID) and whose files are in `directory`
    one interface per network, eth0 first, on that network's bridge in its engine's lab, and a
    default route via the first network's gateway. Raises OSError saying what failed."""
    target = f"/proc/{pid}/ns/net"
    with _inside(target):           # Docker gives interfaces on IPv4-only networks no IPv6
        _write("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1")
    with _locked(root):             # two shims may create a lab or a bridge at once
        _write(os.path.join(directory, USER), engine)       # the lab is in use (release_unused)
        _ensure_lab(lab_path(root, engine))
        with _inside(lab_path(root, engine)):
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
    os.makedirs(os.path.dirname(path), exist_ok=True)
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


def release_unused(root, everything=False):
    """Remove the labs (their bridges go with them) no container lists as its engine's, or with
    `everything` all of them; a lab is kept while a shim of its engine plugs a container in."""
    labs = os.path.join(root, LABS)
    if not os.path.isdir(labs):
        return
    with _locked(root):
        used = set() if everything else container.listed(root, USER)
        for engine in os.listdir(labs):
            if engine not in used:
                path = os.path.join(labs, engine)
                try:
                    syscalls.umount(path, syscalls.MNT_DETACH)
                except OSError:
                    pass            # not mounted (a half-made lab)
                os.remove(path)
        if everything:
            os.rmdir(labs)


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
