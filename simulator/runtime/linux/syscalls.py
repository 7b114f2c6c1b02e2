"""The Linux system calls Python's os module lacks, through ctypes: namespaces, mounts,
pivot_root, hostname, prctl, and a seccomp filter through libseccomp when it is installed."""
import ctypes
import ctypes.util
import fcntl
import functools
import os
import socket
import struct

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

SYS_PIVOT_ROOT = 155          # x86_64

_libc = ctypes.CDLL(None, use_errno=True)
for _name, _args in {"unshare": [ctypes.c_int], "setns": [ctypes.c_int, ctypes.c_int],
                     "mount": [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p],
                     "umount2": [ctypes.c_char_p, ctypes.c_int],
                     "sethostname": [ctypes.c_char_p, ctypes.c_size_t],
                     "prctl": [ctypes.c_int] + [ctypes.c_ulong] * 4}.items():
    getattr(_libc, _name).argtypes = _args
_libc.syscall.argtypes = [ctypes.c_long, ctypes.c_char_p, ctypes.c_char_p]


def _check(result, what):
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
    return result


def _b(text):
    return None if text is None else os.fsencode(text)


def unshare(flags):
    _check(_libc.unshare(flags), "unshare")


def setns(fd, nstype=0):
    _check(_libc.setns(fd, nstype), "setns")


def mount(source, target, fstype=None, flags=0, data=None):
    _check(_libc.mount(_b(source), _b(target), _b(fstype), flags, _b(data)), f"mount {target}")


def umount(target, flags=0):
    _check(_libc.umount2(_b(target), flags), f"umount {target}")


def pivot_root(new_root, put_old):
    _check(_libc.syscall(SYS_PIVOT_ROOT, _b(new_root), _b(put_old)), "pivot_root")


def sethostname(name):
    data = name.encode()
    _check(_libc.sethostname(data, len(data)), "sethostname")


def prctl(option, arg2=0, arg3=0, arg4=0, arg5=0):
    return _check(_libc.prctl(option, arg2, arg3, arg4, arg5), f"prctl {option}")


SYS_RT_SIGACTION = 13          # x86_64
NSIG = 64
_raw = ctypes.CDLL(None, use_errno=True)       # its own `syscall`, free of the argtypes above


class _SigAction(ctypes.Structure):            # the kernel's struct sigaction
    _fields_ = [("handler", ctypes.c_void_p), ("flags", ctypes.c_ulong), ("restorer", ctypes.c_void_p),
                ("mask", ctypes.c_uint64)]


def default_signals():
    """Every signal's action back to the default: ignored signals stay ignored across fork and
    execve, and a container must not inherit what its caller (Python, make, a CI runner)
    ignores. The raw system call also reaches the two signals glibc keeps for itself."""
    default = _SigAction(None, 0, None, 0)
    for signum in range(1, NSIG + 1):
        if signum not in (9, 19):               # SIGKILL and SIGSTOP have no action to set
            _raw.syscall(ctypes.c_long(SYS_RT_SIGACTION), ctypes.c_long(signum), ctypes.byref(default),
                         None, ctypes.c_long(8))


SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
IFREQ = "16sh22x"


def loopback_up():
    """Bring up `lo` in a fresh network namespace, as Docker does for every container."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        flags = struct.unpack(IFREQ, fcntl.ioctl(sock, SIOCGIFFLAGS, struct.pack(IFREQ, b"lo", 0)))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack(IFREQ, b"lo", flags | IFF_UP))


# --- seccomp ---------------------------------------------------------------------------------
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_ERRNO_EPERM = 0x00050000 | 1
SCMP_CMP_MASKED_EQ = 7
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SOCK_FILTER_SIZE = 8             # struct sock_filter: u16 code, u8 jt, u8 jf, u32 k

# Calls a container never needs once it is set up: kernel keyrings, eBPF, mounting, module
# loading, kexec, handles that escape a mount namespace, and swapping.
DENIED = ("keyctl", "add_key", "request_key", "bpf", "mount", "umount2", "pivot_root", "setns",
          "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
          "open_by_handle_at", "perf_event_open", "userfaultfd", "swapon", "swapoff", "reboot", "acct")
# ...and these only when they would make a new user namespace (flags in argument 0).
DENIED_WITH_NEWUSER = ("unshare", "clone")


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def _load_libseccomp():
    name = ctypes.util.find_library("seccomp")
    if not name:
        return None
    lib = ctypes.CDLL(name, use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    return lib


libseccomp = _load_libseccomp()


@functools.cache
def seccomp_filter():
    """The filter as a BPF program, built once in the parent (children only load it, one
    prctl instead of libseccomp compiling it in each); None without libseccomp."""
    if libseccomp is None:
        return None
    ctx = libseccomp.seccomp_init(SCMP_ACT_ALLOW)
    try:
        for name in DENIED:
            number = libseccomp.seccomp_syscall_resolve_name(name.encode())
            if number >= 0:
                libseccomp.seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO_EPERM, number, 0, None)
        newuser = (_ArgCmp * 1)(_ArgCmp(0, SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
        for name in DENIED_WITH_NEWUSER:
            number = libseccomp.seccomp_syscall_resolve_name(name.encode())
            libseccomp.seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO_EPERM, number, 1, newuser)
        fd = os.memfd_create("seccomp")
        try:
            _check(libseccomp.seccomp_export_bpf(ctx, fd), "seccomp_export_bpf")
            os.lseek(fd, 0, os.SEEK_SET)
            return os.read(fd, 1 << 20)
        finally:
            os.close(fd)
    finally:
        libseccomp.seccomp_release(ctx)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def seccomp_load(program):
    """Install the BPF program (needs no_new_privs, which become() sets)."""
    if program is not None:
        prog = _SockFprog(len(program) // SOCK_FILTER_SIZE, program)
        _check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0), "seccomp")
