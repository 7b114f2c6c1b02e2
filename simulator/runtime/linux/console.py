"""An interactive shell in a real container (`docker run -it busybox sh`): `sh -i` reads the
lines typed from a FIFO in the container's directory and writes its output and prompt to one
pipe, as to a terminal; the shim logs them. Any process can type the next line and wait for the
answer, so a session loaded by another worker keeps talking to the same shell."""
import fcntl
import os
import signal
import struct
import termios
import time

POLL = 0.005        # seconds between two looks at the container
# Where a process waiting for input sleeps in the kernel (/proc/<pid>/wchan): a pipe's read,
# poll or select (busybox's `read` polls first).
WAITS_FOR_INPUT = ("pipe_read", "poll_schedule_timeout", "do_select")


def send(paths, line):
    """Type one line; what does not fit in the FIFO (nothing reads it) is dropped."""
    fd = os.open(paths.stdin, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, (line + "\n").encode())
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


def settle(handle, group, init_pid, timeout, interrupt=None):
    """Wait until the container asks for the next line or has ended, at most `timeout` seconds.
    Ctrl-C meanwhile (`interrupt` set) reaches what the shell runs, not the shell."""
    deadline = time.monotonic() + timeout
    calm, signalled = 0, False
    while calm < 2 and time.monotonic() < deadline:    # twice in a row: the shim has logged it all
        if handle.status() is not None:
            return
        if interrupt is not None and interrupt.is_set() and not signalled:
            foreground(group, init_pid, signal.SIGINT)
            signalled = True
        calm = calm + 1 if waiting(handle.paths, group, init_pid) else 0
        time.sleep(POLL)


def foreground(group, init_pid, signum):
    """Signal what the shell (the init) runs."""
    for pid in group.pids():
        if pid != init_pid:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass


def waiting(paths, group, init_pid):
    """Nothing is left in the FIFO, a process of the container is blocked reading it, and the
    shell's output pipe has been read to the end."""
    try:
        pending, fifo = _pending(paths.stdin)
        if pending or _pending(f"/proc/{init_pid}/fd/1")[0]:
            return False
    except OSError:
        return False
    return any(_reads(pid, fifo) for pid in group.pids())


def _reads(pid, fifo):
    try:
        with open(f"/proc/{pid}/wchan") as f:
            wchan = f.read()
        stdin = os.stat(f"/proc/{pid}/fd/0")
    except OSError:
        return False
    return any(name in wchan for name in WAITS_FOR_INPUT) and (stdin.st_dev, stdin.st_ino) == (fifo.st_dev, fifo.st_ino)


def _pending(path):
    """(bytes waiting in the pipe or FIFO at `path`, its stat)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0], os.fstat(fd)
    finally:
        os.close(fd)
