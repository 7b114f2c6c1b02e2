"""A small process that forks the spares (shim and init, see container.py) for the engine's process.

A spare forked from the engine itself carries a copy of the engine's memory. By the time the
container executes its command, the engine has written to most of those pages, so execve has a
private copy to free: about 3 ms for a 30 MB engine, 9 ms for a 100 MB one (the web lab's size),
on every container start. Forked from this process, which holds only this package, the exec
frees almost nothing, and the engine no longer pays for a fork of itself when it asks for the
next spare (a request and an answer on a socket, the pipes passed with SCM_RIGHTS). It also removes the directories of ended containers,
off the engine's path.

The server runs `python -I -S forkserver.py <fd>`, importing this directory as a package of its
own (importing simulator/ would bring the whole engine back). It ends when the engine closes its
socket or ends; shims it made go on by themselves (they are no one's to wait for: the kernel
reaps them)."""
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import types

PACKAGE = "slipway_linux"
SPARE_FDS = 4                   # the spare's spec pipes (to the shim, to the init), exec and done pipes


class ForkServer:
    """The engine's side: one server per process, shared by its threads. A request is one
    message on the server's socket; a spare's answer comes on a socket of its own, so the
    engine asks for the next spare when a container ends and takes it when the next starts."""

    def __init__(self):
        self._lock = threading.Lock()
        self._socket, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", os.path.abspath(__file__), str(theirs.fileno())],
                pass_fds=[theirs.fileno()], start_new_session=True)
        self.owner = os.getpid()

    def ask(self, request, fds=()):
        with self._lock:
            socket.send_fds(self._socket, [request], list(fds))

    def stop(self):
        self._socket.close()
        self.process.wait()


_server = None
_starting = threading.Lock()   # two threads asking at once start one server


def _forked():
    global _starting
    _starting = threading.Lock()        # another thread may have held it at the fork


os.register_at_fork(after_in_child=_forked)


def _running():
    """This process's server (started on first use, and again after a fork of this process or
    the end of the server)."""
    global _server
    with _starting:
        if _server is None or _server.owner != os.getpid() or _server.process.poll() is not None:
            _server = ForkServer()
        return _server


def ask_spare(root):
    """Ask for a spare for the runtime at `root`; take it with take_spare(the returned socket)."""
    answer, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with theirs:
        _running().ask(b"spare\0" + os.fsencode(root), [theirs.fileno()])
    return answer


def take_spare(answer):
    """(shim pid, the shim's and the init's spec pipes, exec_r, done_r) of the spare asked for;
    OSError if it never came."""
    with answer:
        message, fds, _, _ = socket.recv_fds(answer, 64, SPARE_FDS)
    if not message or len(fds) != SPARE_FDS:
        for fd in fds:
            os.close(fd)
        raise OSError("the linux runtime's fork server ended")
    return (int(message), *fds)


def remove_soon(path):
    """Have the server remove a container's directory (moved out of the way by the caller)."""
    _running().ask(b"remove\0" + os.fsencode(path))


def stop():
    """End this process's server once it has done what it was asked (it is started again when
    needed)."""
    global _server
    if _server is not None and _server.owner == os.getpid():
        _server.stop()
    _server = None


def serve(sock):
    from . import cgroups, container, syscalls
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # shims are reaped by the kernel
    syscalls.seccomp_filter()                       # built here once, loaded by every init
    cgroups.parents()                               # read here, before an init joins a group
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 4096, 1)
        if not message:
            return
        kind, _, path = message.partition(b"\0")
        if kind == b"spare":
            pid, *spare = container.fork_spare(os.fsdecode(path))
            with socket.socket(fileno=fds[0]) as answer:
                try:
                    socket.send_fds(answer, [str(pid).encode()], spare)
                except OSError:
                    pass                            # no longer wanted: the shim sees its spec pipe close
            for fd in spare:
                os.close(fd)
        elif kind == b"remove":
            container.remove_directory(os.fsdecode(path))


if __name__ == "__main__":
    package = types.ModuleType(PACKAGE)
    package.__path__ = [os.path.dirname(os.path.abspath(__file__))]
    sys.modules[PACKAGE] = package
    importlib.import_module(f"{PACKAGE}.forkserver").serve(socket.socket(fileno=int(sys.argv[1])))
