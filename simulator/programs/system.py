"""System tools: env, printenv, sleep, hostname, id, whoami, uname, date, which, ps, kill, free,
nproc, xargs, clear."""
import dataclasses
import re
import shlex
import time

from ..limits import MAX_ARGV
from .base import SIGNALS, Blocked, Running, program
from .common import fail, getopt, is_busybox, member_groups, missing_operand, tool

KERNEL = "6.8.0-45-generic"
KERNEL_VERSION = "#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024"
BLOCKING_SLEEP = 3600         # a foreground sleep longer than this waits for Ctrl-C


def run_argv(proc, argv, env=None):
    from ..shell.interp import exec_argv
    return exec_argv(proc, argv, env)


@tool("env")
def env(proc):
    args = proc.argv[1:]
    environ = dict(proc.env)
    while args and (args[0].startswith("-") or "=" in args[0]):
        arg = args.pop(0)
        if arg in ("-i", "-", "--ignore-environment"):
            environ = {}
        elif arg == "-u" and args:
            environ.pop(args.pop(0), None)
        elif arg == "--":
            break
        elif "=" in arg and not arg.startswith("-"):
            key, _, value = arg.partition("=")
            environ[key] = value
        else:
            fail(proc, f"invalid option -- '{arg.lstrip('-')[:1]}'\nTry 'env --help' for more information."
                 if not is_busybox(proc) else f"unrecognized option: {arg.lstrip('-')}", 125)
    if not args:
        proc.out("".join(f"{k}={v}\n" for k, v in environ.items()))
        return 0
    status = run_argv(proc, args, environ)
    if status is None:
        proc.err(f"env: '{args[0]}': No such file or directory\n" if not is_busybox(proc)
                 else f"env: can't execute '{args[0]}': No such file or directory\n")
        return 127
    return status


@tool("printenv")
def printenv(proc):
    names = proc.argv[1:]
    if not names:
        proc.out("".join(f"{k}={v}\n" for k, v in proc.env.items()))
        return 0
    found = [proc.env[n] for n in names if n in proc.env]
    proc.out("".join(v + "\n" for v in found))
    return 0 if len(found) == len(names) else 1


def seconds(text):
    m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", text)
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


@tool("sleep")
def sleep(proc):
    args = proc.argv[1:]
    if not args:
        missing_operand(proc)
    total = 0.0
    for arg in args:
        value = float("inf") if arg in ("infinity", "inf") else seconds(arg)
        if value is None:
            fail(proc, f"invalid time interval '{arg}'\nTry 'sleep --help' for more information."
                 if not is_busybox(proc) else f"invalid number '{arg}'")
        total += value
    clock = proc.machine.clock
    if proc.main:
        until = None if total == float("inf") else clock.now() + total
        return Running(until=until, ignores=["SIGTERM", "SIGINT"])
    if total > BLOCKING_SLEEP:
        raise Blocked("sleep")
    clock.advance(total)
    return 0


@tool("hostname")
def hostname(proc):
    opts, args = getopt(proc, "sfid", usage="[-sfi] [HOSTNAME | -F FILE]")
    if args:
        fail(proc, "you must be root to change the host name")
    name = proc.machine.hostname
    proc.out((name.split(".")[0] if opts.get("s") else name) + "\n")
    return 0


@tool("whoami")
def whoami(proc):
    proc.out(proc.machine.user.name + "\n")
    return 0


@tool("id")
def id_(proc):
    opts, args = getopt(proc, "ugnG", usage="[-ugGnr] [USER]")
    user = proc.machine.user
    if args and args[0] != user.name:
        fail(proc, f"'{args[0]}': no such user" if not is_busybox(proc) else f"unknown user {args[0]}")
    group = "root" if user.gid == 0 else user.name
    if opts.get("u"):
        proc.out((user.name if opts.get("n") else str(user.uid)) + "\n")
    elif opts.get("g") or opts.get("G"):
        proc.out((group if opts.get("n") else str(user.gid)) + "\n")
    else:
        groups = [(user.gid, group)] + [g for g in member_groups(proc.fs, user) if g[0] != user.gid]
        proc.out(f"uid={user.uid}({user.name}) gid={user.gid}({group}) groups="
                 + ",".join(f"{gid}({name})" for gid, name in groups) + "\n")
    return 0


@tool("uname")
def uname(proc):
    opts, _ = getopt(proc, "asnrvmpio", long={"all": "a", "kernel-release": "r", "machine": "m"},
                     usage="[-amnrspvio]")
    host = proc.machine.hostname
    parts = {"s": "Linux", "n": host, "r": KERNEL, "v": KERNEL_VERSION, "m": "x86_64",
             "o": "Linux" if is_busybox(proc) else "GNU/Linux"}
    if opts.get("a"):
        keys = "snrvmo"
    else:
        keys = "".join(k for k in "snrvmpio" if opts.get(k)) or "s"
    values = [parts.get(k, "unknown") for k in keys]
    proc.out(" ".join(values) + "\n")
    return 0


def strftime(fmt, when):
    t = time.gmtime(when)
    fmt = fmt.replace("%N", f"{int((when % 1) * 1e9):09d}").replace("%s", str(int(when))).replace("%Z", "UTC")
    fmt = fmt.replace("%:z", "+00:00").replace("%z", "+0000").replace("%P", time.strftime("%p", t).lower())
    return time.strftime(fmt, t)


@tool("date")
def date(proc):
    args = [a for a in proc.argv[1:] if a not in ("-u", "--utc", "-R")]
    now = proc.machine.clock.now()
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    if "-R" in proc.argv[1:]:
        fmt = "%a, %d %b %Y %H:%M:%S +0000"
    for arg in args:
        if arg.startswith("+"):
            fmt = arg[1:]
        else:
            fail(proc, f"invalid date '{arg}'" if not is_busybox(proc) else f"invalid date '{arg}'")
    proc.out(strftime(fmt, now) + "\n")
    return 0


@tool("which")
def which(proc):
    args = proc.argv[1:]
    show_all = "-a" in args
    names = [a for a in args if a != "-a"]
    status = 0
    for name in names:
        found = []
        candidates = [name] if "/" in name else [f"{d or '.'}/{name}" for d in proc.env.get("PATH", "").split(":")]
        for path in candidates:
            full = proc.path(path)
            if proc.fs.is_file(full) and proc.fs.stat(full).mode & 0o111:
                found.append(path)
                if not show_all:
                    break
        if not found:
            status = 1
        proc.out("".join(p + "\n" for p in found))
    return status


def processes(proc):
    """The machine's processes as dicts (pid, user, command, started), or just this shell."""
    lister = getattr(proc.machine, "processes", None)
    listed = list(lister()) if callable(lister) else []
    me = {"user": proc.machine.user.name, "command": " ".join(["ps"] + proc.argv[1:])}
    if not listed and proc.main:
        return [{"pid": 1, **me}]          # `docker run busybox ps`: ps is the container's PID 1
    if not listed:
        listed = [{"pid": 1, "user": proc.machine.user.name, "command": "bash" if not is_busybox(proc) else "sh"}]
    return listed + [{"pid": max(p["pid"] for p in listed) + 6, **me}]


@tool("ps")
def ps(proc):
    rows = processes(proc)
    now = proc.machine.clock.now()
    if is_busybox(proc):
        proc.out("PID   USER     TIME  COMMAND\n" + "".join(
            f"{p['pid']:>5} {p['user']:<8} {'0:00':>5} {p['command']}\n" for p in rows))
        return 0
    args = " ".join(proc.argv[1:])
    if args.replace("-", "") in ("aux", "ax", "au", "eaux"):
        start = time.strftime("%H:%M", time.gmtime(now))
        proc.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n" + "".join(
            f"{p['user']:<8} {p['pid']:>7}  0.0  0.0   4188  3400 pts/0    {'R+' if p is rows[-1] else 'Ss'}"
            f"   {start}   0:00 {p['command']}\n" for p in rows))
    elif args in ("-ef", "-e -f", "-aef", "-efw"):
        start = time.strftime("%H:%M", time.gmtime(now))
        proc.out("UID          PID    PPID  C STIME TTY          TIME CMD\n" + "".join(
            f"{p['user']:<8} {p['pid']:>7} {0 if p['pid'] == 1 else 1:>7}  0 {start} pts/0    00:00:00 {p['command']}\n"
            for p in rows))
    elif args in ("", "-e", "-A", "ax"):
        proc.out("    PID TTY          TIME CMD\n" + "".join(
            f"{p['pid']:>7} pts/0    00:00:00 {p['command'].split()[0].rsplit('/', 1)[-1]}\n" for p in rows))
    else:
        fail(proc, f"error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]", 1)
    return 0


@program("kill")
def kill(proc):
    args = proc.argv[1:]
    if args[:1] == ["-l"]:
        proc.out(" ".join(name[3:] for name in sorted(SIGNALS, key=SIGNALS.get)) + "\n")
        return 0
    signal = "SIGTERM"
    if args and args[0].startswith("-"):
        spec = args.pop(0)[1:].removeprefix("s ").upper()
        if spec.isdigit():
            signal = next((n for n, v in SIGNALS.items() if v == int(spec)), None)
        else:
            signal = spec if spec.startswith("SIG") else "SIG" + spec
        if signal not in SIGNALS:
            proc.err(f"kill: {spec.lower()}: invalid signal specification\n")
            return 1
    if not args:
        proc.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")
        return 2
    status = 0
    deliver = getattr(proc.machine, "signal", None)
    for target in args:
        if not target.isdigit():
            proc.err(f"kill: {target}: arguments must be process or job IDs\n")
            status = 1
        elif not (callable(deliver) and deliver(int(target), signal)):
            proc.err(f"kill: can't kill pid {target}: No such process\n" if is_busybox(proc)
                     else f"kill: ({target}) - No such process\n")
            status = 1
    return status


MEMORY = (8141120, 1345876, 4627444, 3596, 2431700, 6795244)


def gib(kib):
    value = kib / 1024
    for unit in ("Mi", "Gi"):
        if value < 1024 or unit == "Gi":
            return f"{value:.1f}{unit}" if value < 10 else f"{value:.0f}{unit}" if unit == "Mi" else f"{value:.1f}{unit}"
        value /= 1024


@tool("free")
def free(proc):
    opts, _ = getopt(proc, "hmkgbt", usage="[-bkmgh]")
    if opts.get("h"):
        mem, swap = [gib(v) for v in MEMORY], ["0B"] * 3
    else:
        scale = 1024 if opts.get("m") else 1
        mem, swap = [str(v // scale) for v in MEMORY], ["0"] * 3
    first = 19 if is_busybox(proc) else 20       # where the "total" column ends
    header = " " * (first - 5) + "total        used        free      shared  buff/cache   available\n"

    def row(label, cells):
        return label + cells[0].rjust(first - len(label)) + "".join(c.rjust(12) for c in cells[1:]) + "\n"

    proc.out(header + row("Mem:", mem) + row("Swap:", swap))
    return 0


@program("pwd")
def pwd(proc):
    proc.out(proc.cwd + "\n")
    return 0


@program("nproc")
def nproc(proc):
    proc.out(f"{getattr(proc.machine, 'cpus', 2)}\n")
    return 0


@tool("xargs")
def xargs(proc):
    opts, command = getopt(proc, "0rt", valued="nIL", usage="[OPTIONS] [PROG ARGS]", args=_leading_options(proc))
    command = command or ["echo"]
    try:
        items = proc.stdin.split("\0") if opts.get("0") else shlex.split(proc.stdin)
    except ValueError:
        fail(proc, "unmatched quote; by default quotes are special to xargs unless you use the -0 option")
    items = [i for i in items if i]
    if len(items) > MAX_ARGV:
        fail(proc, "argument list too long")
    if "I" in opts:
        batches = [[arg.replace(opts["I"], item) for arg in command] for item in proc.stdin.splitlines() if item]
    else:
        size = int(opts["n"]) if str(opts.get("n", "")).isdigit() and int(opts["n"]) > 0 else max(1, len(items))
        groups = [items[i:i + size] for i in range(0, len(items), size)] or ([] if opts.get("r") else [[]])
        batches = [command + group for group in groups]
    status = 0
    for argv in batches:
        proc.budget.step()
        if opts.get("t"):
            proc.err(" ".join(argv) + "\n")
        result = run_argv(_without_stdin(proc), argv)
        if result is None:
            proc.err(f"xargs: {argv[0]}: No such file or directory\n")
            return 127
        if result:
            status = 123
    return status


def _leading_options(proc):
    """xargs options end at the command name."""
    args = proc.argv[1:]
    k = 0
    while k < len(args) and args[k].startswith("-"):
        k += 2 if args[k] in ("-n", "-I", "-L") else 1
    return args[:k] + (["--"] + args[k:] if k < len(args) else [])


def _without_stdin(proc):
    return dataclasses.replace(proc, stdin="")


@program("clear")
def clear(proc):
    proc.out("\x1b[H\x1b[2J\x1b[3J")
    return 0



@tool("top")
def top(proc):
    """One snapshot, then it runs until interrupted (as PID 1 it ignores SIGTERM, like BusyBox top)."""
    if proc.main:
        return Running(ignores=["SIGTERM"])
    rows = processes(proc)
    rows[-1]["command"] = "top"
    last = rows[-1]["pid"]
    if is_busybox(proc):
        used, free_ = MEMORY[1], MEMORY[2]
        proc.out(f"Mem: {used}K used, {free_}K free, {MEMORY[3]}K shrd, 45540K buff, {MEMORY[4]}K cached\n"
                 "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n"
                 f"Load average: 0.00 0.00 0.00 1/{len(rows)} {last}\n"
                 "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n" + "".join(
                     f"{p['pid']:>5} {0 if p['pid'] == 1 else 1:>5} {p['user']:<8} {'R' if p['pid'] == last else 'S':<4}"
                     f" {1636:>5}   0%   1   0% {p['command']}\n" for p in rows))
    else:
        clock = time.strftime("%H:%M:%S", time.gmtime(proc.machine.clock.now()))
        mib = [v / 1024 for v in MEMORY]
        proc.out(f"top - {clock} up 1 day,  0 users,  load average: 0.00, 0.00, 0.00\n"
                 f"Tasks: {len(rows):>3} total,   1 running, {len(rows) - 1:>3} sleeping,   0 stopped,   0 zombie\n"
                 "%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n"
                 f"MiB Mem : {mib[0]:>8.1f} total, {mib[2]:>8.1f} free, {mib[1]:>8.1f} used, {mib[4]:>8.1f} buff/cache\n"
                 f"MiB Swap:      0.0 total,      0.0 free,      0.0 used. {mib[5]:>8.1f} avail Mem\n\n"
                 "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n" + "".join(
                     f"{p['pid']:>7} {p['user']:<8}  20   0    4188   3400   2900 {'R' if p['pid'] == last else 'S'}"
                     f"   0.0   0.0   0:00.00 {p['command'].split()[0].rsplit('/', 1)[-1]}\n" for p in rows))
    raise Blocked("top")
