"""An interactive process in a real container (`docker run -it busybox sh`, `docker exec -it`):
it reads the lines typed from a FIFO in the container's directory and writes its output and
prompt to one stream, as to a terminal. Any process can type the next line and wait for the
answer, so a session loaded by another worker keeps talking to the same shell."""
import fcntl
import os
import signal
import stat
import struct
import termios
import time

POLL = 0.005        # seconds between two looks at the container
# Where a process waiting for input sleeps in the kernel (/proc/<pid>/wchan): a pipe's read,
# poll or select (busybox's `read` polls first).
WAITS_FOR_INPUT = ("pipe_read", "poll_schedule_timeout", "do_select")


def send(stdin, line):
    """Type one line into the FIFO `stdin`; what does not fit (nothing reads it) is dropped."""
    fd = os.open(stdin, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, (line + "\n").encode())
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


def settle(stdin, group, ended, timeout, interrupt=None):
    """Wait until a process of the container asks for the next line or ended() holds, at most
    `timeout` seconds. Ctrl-C meanwhile (`interrupt` set) reaches what the shell runs."""
    deadline = time.monotonic() + timeout
    calm, signalled = 0, False
    while calm < 2 and time.monotonic() < deadline:    # twice in a row: the output is all out
        if ended():
            return
        if interrupt is not None and interrupt.is_set() and not signalled:
            foreground(stdin, group, signal.SIGINT)
            signalled = True
        calm = calm + 1 if waiting(stdin, group) else 0
        time.sleep(POLL)


def foreground(stdin, group, signum):
    """Signal what the shell runs: the container's processes whose parent reads `stdin` (as a
    terminal signals its foreground process group, the shell itself left out)."""
    fifo = os.stat(stdin)
    for pid in group.pids():
        try:
            with open(f"/proc/{pid}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            if _same(os.stat(f"/proc/{parent}/fd/0"), fifo):
                os.kill(pid, signum)
        except (OSError, ValueError, IndexError):
            pass            # it has just ended


def waiting(stdin, group):
    """Nothing is left in the FIFO and a process of the container is blocked reading it, with
    what it wrote read off its output pipe."""
    try:
        pending, fifo = _pending(stdin)
    except OSError:
        return False
    return not pending and any(_asks(pid, fifo) for pid in group.pids())


def _asks(pid, fifo):
    try:
        with open(f"/proc/{pid}/wchan") as f:
            wchan = f.read()
        if not (any(name in wchan for name in WAITS_FOR_INPUT) and _same(os.stat(f"/proc/{pid}/fd/0"), fifo)):
            return False
        output = f"/proc/{pid}/fd/1"
        return not stat.S_ISFIFO(os.stat(output).st_mode) or not _pending(output)[0]
    except OSError:
        return False


def _same(a, b):
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _pending(path):
    """(bytes waiting in the pipe or FIFO at `path`, its stat)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0], os.fstat(fd)
    finally:
        os.close(fd)
