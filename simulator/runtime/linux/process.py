"""Forked children and their pipes: run code in a child that never returns, read pipes to their
end under a deadline, and tell live processes from gone ones."""
import os
import select
import time

OUTPUT_LIMIT = 1024 * 1024      # bytes of output kept per process


class StartError(Exception):
    """A process could not be started; `detail` is runc's text, `exit_code` Docker's status."""

    def __init__(self, detail, exit_code):
        super().__init__(detail)
        self.detail, self.exit_code = detail, exit_code


def child(body, keep):
    """Run body() in this freshly forked child with only the `keep` descriptors (and 0-2) open,
    and exit: the caller's code never runs here."""
    code = 1
    try:
        for fd in map(int, os.listdir("/proc/self/fd")):
            if fd > 2 and fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass            # the directory listing's own descriptor, already closed
        body()
        code = 0
    finally:
        os._exit(code)


def memfd(data):
    """A descriptor reading `data` from its start (a process's standard input)."""
    fd = os.memfd_create("stdin")
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def exit_code(wait_status):
    """Docker's exit code: the process's own, or 128 + the signal that killed it."""
    code = os.waitstatus_to_exitcode(wait_status)
    return 128 - code if code < 0 else code


def drain(streams, on_output, timeout, on_deadline, serve=None):
    """Read {fd: stream name} until every pipe is closed, passing (stream, text) on (the first
    OUTPUT_LIMIT bytes); call on_deadline() once `timeout` seconds (0: none) have passed. True
    when the deadline was reached. Meanwhile {fd: callback} in `serve` are called when readable."""
    serve = serve or {}
    deadline = time.monotonic() + timeout if timeout else None
    timed_out, kept = False, 0
    while streams:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([*streams, *serve], [], [], left)
        if not ready:
            on_deadline()
            timed_out, deadline = True, None
            continue
        for fd in ready:
            if fd in serve:
                serve[fd]()
                continue
            data = os.read(fd, 65536)
            if not data:
                os.close(fd)
                del streams[fd]
            elif kept < OUTPUT_LIMIT:
                kept += len(data)
                on_output(streams[fd], data.decode(errors="replace"))
    return timed_out


def read_all(fd):
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
    os.close(fd)
    return data


def raise_reported(failure):
    """Raise the StartError a child reported as "<code>\\n<detail>" (nothing when it reported none)."""
    if failure:
        code, _, detail = failure.decode(errors="replace").partition("\n")
        raise StartError(detail, int(code))


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def alive(pid):
    """Whether `pid` runs (a zombie does not)."""
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):       # gone (ENOENT, or ESRCH while it is being reaped)
        return False
