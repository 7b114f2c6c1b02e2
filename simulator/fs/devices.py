"""A container's /dev: the tmpfs Docker mounts there with runc's device nodes and links.

Device nodes are files here. What is written to null, zero, random or urandom is gone at once
and /dev/full refuses every byte, so a device never holds data. Reading an endless one yields a
bounded stream to readers that take a prefix; a program that would read it all is a memory hog."""
import os
from dataclasses import replace

from .filesystem import FileSystem, FSError
from .nodes import Dir, File, Layer, Symlink

SINKS = ("/null", "/zero", "/random", "/urandom", "/tty")
NODES = ("/full",) + SINKS
LINKS = {"/core": "/proc/kcore", "/fd": "/proc/self/fd", "/ptmx": "pts/ptmx", "/stdin": "/proc/self/fd/0",
         "/stdout": "/proc/self/fd/1", "/stderr": "/proc/self/fd/2"}
DIRS = {"/mqueue": 0o1777, "/pts": 0o755, "/shm": 0o1777}
ENDLESS = ("/dev/zero", "/dev/random", "/dev/urandom")
STREAM = 64 * 1024          # bytes one read of an endless device yields: more than any prefix taken of it
SEVEN_BITS = bytes(range(128)) * 2


class DeviceLayer(Layer):
    """The tmpfs's only layer: writes to a device node keep no data."""

    def put(self, path, node):
        if isinstance(node, File) and node.data and path in NODES:
            if path == "/full":
                raise FSError("ENOSPC", path)
            node = replace(node, data=b"")
        super().put(path, node)


def stream(path):
    """What a reader that stops by itself (`head -c 16`, `tr ... < /dev/urandom | head`) gets from
    an endless device: a bounded run of zeros or random bytes. Random bytes stay below 128 so
    that each is one character of text and byte counts (`wc -c`) hold."""
    if path == "/dev/zero":
        return "\0" * STREAM
    return os.urandom(STREAM).translate(SEVEN_BITS).decode("ascii")


def device_fs(tty=False, clock=None):
    """A fresh /dev; /dev/console exists only for a container with a terminal (runc)."""
    now = clock.now() if clock else 0.0
    entries = {"/": Dir(0o755, mtime=now)}
    entries.update((path, Dir(mode, mtime=now)) for path, mode in DIRS.items())
    entries.update((path, File(mode=0o666, mtime=now)) for path in NODES)
    entries.update((path, Symlink(target, mtime=now)) for path, target in LINKS.items())
    if tty:
        entries["/console"] = File(mode=0o620, gid=5, mtime=now)
    return FileSystem(upper=DeviceLayer(entries, committed=False), clock=clock)
