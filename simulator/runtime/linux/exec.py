"""`docker exec`: a new process in a running container's namespaces and cgroup.

  caller ──fork──▶ joiner (host root: joins the cgroup, then cgroup/IPC/UTS/net/PID/mount
                   namespaces; waits)
                     └─fork──▶ process (inside the PID namespace: joins the user namespace,
                               becomes the user, execve)"""
import os
import signal

from . import syscalls
from .inside import become, launch
from .process import StartError, child, drain, exit_code, memfd, raise_reported, read_all

NAMESPACES = ("cgroup", "ipc", "uts", "net", "pid", "mnt")     # the user namespace comes last
EXEC_FAILURE = 126


def exec_in(cgroup, init_pid, argv, env, cwd, uid, gid, groups, stdin, timeout):
    """(exit code, [(stream, text)]); raises StartError with runc's words when it cannot start."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        pid = spawn_in(cgroup, init_pid, argv, env, cwd, uid, gid, groups, (memfd(stdin), out_w, err_w))
    except StartError:
        os.close(out_r)
        os.close(err_r)
        raise
    output = []

    def keep(stream, text):         # one piece per run of a stream, however the reads fell
        if output and output[-1][0] == stream:
            output[-1] = (stream, output[-1][1] + text)
        else:
            output.append((stream, text))
    drain({out_r: "stdout", err_r: "stderr"}, keep, timeout, lambda: os.kill(pid, signal.SIGKILL))
    return exit_code(os.waitpid(pid, 0)[1]), output


def spawn_in(cgroup, init_pid, argv, env, cwd, uid, gid, groups, stdio, status_fd=None):
    """Start the process with the descriptors `stdio` (closed here) as its standard streams once
    execve succeeded: the joiner's pid (it exits with the process's exit code, which it also
    writes to `status_fd`). Raises StartError with runc's words when it cannot start."""
    namespaces = [os.open(f"/proc/{init_pid}/ns/{name}", os.O_RDONLY) for name in NAMESPACES]
    user_ns = os.open(f"/proc/{init_pid}/ns/user", os.O_RDONLY)
    exec_r, exec_w = os.pipe()
    keep = (*namespaces, user_ns, *stdio, exec_w) + (() if status_fd is None else (status_fd,))

    def process():
        def prepare():
            syscalls.setns(user_ns)
            become(uid, gid, groups)
        launch(exec_w, stdio, cwd, argv, env, EXEC_FAILURE, prepare)

    def joiner():
        cgroup.add(os.getpid())
        for fd in namespaces:
            syscalls.setns(fd)
        pid = os.fork()             # the child is inside the container's PID namespace
        if pid == 0:
            child(process, keep)
        os.close(exec_w)            # the process's execve alone answers the caller
        code = exit_code(os.waitpid(pid, 0)[1])
        if status_fd is not None:
            os.write(status_fd, str(code).encode())
        os._exit(code)

    pid = os.fork()
    if pid == 0:
        child(joiner, keep)
    for fd in keep:
        os.close(fd)
    failure = read_all(exec_r)
    if failure:
        os.waitpid(pid, 0)
    raise_reported(failure)
    return pid
