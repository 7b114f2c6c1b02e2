"""The student's host: a Debian 12 machine named `slipway` with the Docker CLI installed."""
from dataclasses import replace
from functools import lru_cache

from .fs import Dir, File, FileSystem, Layer, Symlink
from .machine import Machine
from .programs.base import User

HOSTNAME = "slipway"
INSTALLED = 1_727_776_800.0       # 2024-10-01 10:00 UTC: when the host's files were written

TOOLS = """bash sh top cat ls mkdir rm rmdir cp mv touch ln chmod chown grep head tail wc sort uniq sed tr
cut tee env printenv sleep true false test [ seq hostname id whoami uname date which basename dirname
find xargs yes stat du df ps kill free nproc tar gzip gunzip zcat curl wget ping nslookup getent echo
printf clear pwd mount""".split()

OS_RELEASE = """PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"""

FILES = {
    "/etc/hostname": HOSTNAME + "\n",
    "/etc/os-release": OS_RELEASE,
    "/etc/debian_version": "12.12\n",
    "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n"
                   "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                   "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "/etc/group": "root:x:0:\ndaemon:x:1:\ndocker:x:999:\nnogroup:x:65534:\n",
    "/etc/resolv.conf": "nameserver 1.1.1.1\n",
    "/etc/hosts": f"127.0.0.1\tlocalhost\n127.0.1.1\t{HOSTNAME}\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    "/root/.bashrc": "# ~/.bashrc: executed by bash(1) for non-login shells.\n",
}


@lru_cache(maxsize=1)
def host_layer():
    """The host's read-only base layer (shared by every session)."""
    entries = {"/": Dir()}
    for path in ["/bin", "/dev", "/etc", "/home", "/opt", "/proc", "/root", "/run", "/srv", "/tmp",
                 "/usr", "/usr/bin", "/usr/local", "/usr/local/bin", "/usr/sbin", "/var", "/var/lib",
                 "/var/log", "/var/lib/docker"]:
        entries[path] = Dir(mode=0o1777 if path == "/tmp" else (0o700 if path == "/root" else 0o755))
    entries["/bin"] = Symlink("usr/bin")
    entries["/sbin"] = Symlink("usr/sbin")
    entries["/dev/null"] = File(b"", mode=0o666)
    for path, text in FILES.items():
        entries[path] = File(text.encode())
    for tool in TOOLS:
        entries["/usr/bin/" + tool] = File(mode=0o755, program=tool, size=140_000)
    entries["/usr/bin/docker"] = File(mode=0o755, program="docker", size=39_000_000)
    entries["/usr/bin/docker-compose"] = File(mode=0o755, program="docker-compose", size=60_000_000)
    return Layer({path: replace(node, mtime=INSTALLED) for path, node in entries.items()})


def make_host_machine(clock, engine=None, net=None):
    fs = FileSystem([host_layer()], clock=clock)
    return Machine(fs=fs, hostname=HOSTNAME, user=User("root", 0, 0, "/root"), kind="host",
                   env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "USER": "root", "SHELL": "/bin/bash", "TERM": "xterm"},
                   clock=clock, engine=engine, net=net, flavor="gnu", shell_name="bash")
