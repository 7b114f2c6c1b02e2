"""A container's /dev: the tmpfs Docker mounts there with runc's device nodes and links.

Device nodes are files with the character-device mode bits. What is written to one is gone at
once (/dev/full refuses every byte), so a device never holds data. Reading an endless one yields a
bounded stream to readers that take a prefix; a program that would read it all is a memory hog."""
import os
from dataclasses import replace

from .filesystem import FileSystem, FSError
from .nodes import Dir, File, Layer, Symlink

NODES = ("/full", "/null", "/random", "/tty", "/urandom", "/zero")
CHAR_DEVICE = 0o020000          # S_IFCHR: the mode bits that make a file a character device
NUMBERS = {"/null": (1, 3), "/zero": (1, 5), "/full": (1, 7), "/random": (1, 8), "/urandom": (1, 9),
           "/tty": (5, 0), "/console": (136, 0)}
LINKS = {"/core": "/proc/kcore", "/fd": "/proc/self/fd", "/ptmx": "pts/ptmx", "/stdin": "/proc/self/fd/0",
         "/stdout": "/proc/self/fd/1", "/stderr": "/proc/self/fd/2"}
DIRS = {"/mqueue": 0o1777, "/pts": 0o755, "/shm": 0o1777}
ENDLESS = ("/dev/zero", "/dev/random", "/dev/urandom")
STREAM = 64 * 1024          # bytes one read of an endless device yields: more than any prefix taken of it
SEVEN_BITS = bytes(range(128)) * 2


def is_device(mode):
    return mode & 0o170000 == CHAR_DEVICE


class DeviceLayer(Layer):
    """The tmpfs's only layer: what is written to a device node reaches the device (which keeps
    nothing, or is full), not a file in its place."""

    def put(self, path, node):
        old = self.entries.get(path)
        if isinstance(node, File) and isinstance(old, File) and is_device(old.mode):
            if path == "/full" and node.data:
                raise FSError("ENOSPC", path)
            node = replace(old, mtime=node.mtime)
        super().put(path, node)


def stream(path):
    """What a reader that stops by itself (`head -c 16`, `tr ... < /dev/urandom | head`) gets from
    an endless device: a bounded run of zeros or random bytes. Random bytes stay below 128 so
    that each is one character of text and byte counts (`wc -c`) hold."""
    if path == "/dev/zero":
        return "\0" * STREAM
    return os.urandom(STREAM).translate(SEVEN_BITS).decode("ascii")


def device_numbers(path):
    """(major, minor) of the device node at a container path such as /dev/null."""
    return NUMBERS.get(path.removeprefix("/dev"), (0, 0))


def device_fs(tty=False, clock=None):
    """A fresh /dev; /dev/console exists only for a container with a terminal (runc)."""
    now = clock.now() if clock else 0.0
    entries = {"/": Dir(0o755, mtime=now)}
    entries.update((path, Dir(mode, mtime=now)) for path, mode in DIRS.items())
    entries.update((path, File(mode=CHAR_DEVICE | 0o666, mtime=now)) for path in NODES)
    entries.update((path, Symlink(target, mtime=now)) for path, target in LINKS.items())
    if tty:
        entries["/console"] = File(mode=CHAR_DEVICE | 0o620, gid=5, mtime=now)
    return FileSystem(upper=DeviceLayer(entries, committed=False), clock=clock)
