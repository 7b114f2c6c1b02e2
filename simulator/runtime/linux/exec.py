"""`docker exec`: a new process in a running container's namespaces and cgroup.

  caller ──fork──▶ joiner (host root: joins the cgroup, then cgroup/IPC/UTS/net/PID/mount
                   namespaces; waits)
                     └─fork──▶ process (inside the PID namespace: joins the user namespace,
                               becomes the user, execve)"""
import os
import signal

from . import syscalls
from .inside import become, launch
from .process import child, drain, exit_code, memfd, raise_reported, read_all

NAMESPACES = ("cgroup", "ipc", "uts", "net", "pid", "mnt")     # the user namespace comes last
EXEC_FAILURE = 126


def exec_in(cgroup, init_pid, argv, env, cwd, uid, gid, groups, stdin, timeout):
    """(exit code, [(stream, text)]); raises StartError with runc's words when it cannot start."""
    namespaces = [os.open(f"/proc/{init_pid}/ns/{name}", os.O_RDONLY) for name in NAMESPACES]
    user_ns = os.open(f"/proc/{init_pid}/ns/user", os.O_RDONLY)
    stdin_fd = memfd(stdin)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    exec_r, exec_w = os.pipe()
    keep = (*namespaces, user_ns, stdin_fd, out_w, err_w, exec_w)

    def process():
        def prepare():
            syscalls.setns(user_ns)
            become(uid, gid, groups)
        launch(exec_w, (stdin_fd, out_w, err_w), cwd, argv, env, EXEC_FAILURE, prepare)

    def joiner():
        cgroup.add(os.getpid())
        for fd in namespaces:
            syscalls.setns(fd)
        pid = os.fork()             # the child is inside the container's PID namespace
        if pid == 0:
            child(process, keep)
        os._exit(exit_code(os.waitpid(pid, 0)[1]))

    pid = os.fork()
    if pid == 0:
        child(joiner, keep)
    for fd in keep:
        os.close(fd)
    failure = read_all(exec_r)
    output = []
    drain({out_r: "stdout", err_r: "stderr"}, lambda stream, text: output.append((stream, text)), timeout,
          lambda: os.kill(pid, signal.SIGKILL))
    status = os.waitpid(pid, 0)[1]
    raise_reported(failure)
    return exit_code(status), output
