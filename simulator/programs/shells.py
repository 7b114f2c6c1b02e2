"""sh, bash, ash (the one interpreter as a program) and the BusyBox multi-call binary."""
import dataclasses
import posixpath

from ..fs import FSError
from ..limits import MAX_SUBST_DEPTH, LimitExceeded
from .base import REGISTRY, program
from .common import BUSYBOX_BANNER


def shell_voice(proc):
    """BusyBox ash speaks as `sh`; everything else as bash (Debian's dash is not told apart)."""
    return "sh" if getattr(proc.machine, "flavor", "gnu") == "busybox" else "bash"


def new_shell(proc, env, cwd, script=None):
    from ..shell import Shell
    sh = Shell(env, cwd, name=shell_voice(proc), interactive=False)
    sh.script = script
    return sh


def nested(proc):
    if proc.depth >= MAX_SUBST_DEPTH:
        raise LimitExceeded("command stopped: shells nested too deeply")
    return dataclasses.replace(proc, depth=proc.depth + 1)


def run_script_text(ctx, text, argv, env, cwd, script=None):
    """Run a script file's text in a fresh non-interactive shell (a #! script or `sh file`)."""
    base = ctx.proc
    proc = dataclasses.replace(base, argv=list(argv), env=env, cwd=cwd, stdin=ctx.stdin.read_rest(),
                               write_out=ctx.out, write_err=ctx.err, depth=base.depth)
    return run_in_shell(nested(proc), text, script, argv[1:])


def run_in_shell(proc, source, script, positional, errexit=False):
    """Run source in a new shell; as a container's main process a lone simple command (or
    `exec`) replaces the shell, so a server it starts keeps running (its Running is returned)."""
    from ..shell.interp import Replaced
    sh = new_shell(proc, proc.env, proc.cwd, script)
    sh.positional, sh.errexit = list(positional), errexit
    sh.main = proc.main
    sh.replacing = proc.main and lone_command(source)
    try:
        return sh.execute(source, proc)
    except Replaced as replaced:
        return replaced.running


def run_trap(proc, action):
    """A main shell's trap commands, run when their signal arrives: the exit status when they
    `exit`, else None (the shell goes back to what it was doing)."""
    sh = new_shell(proc, proc.env, proc.cwd)
    status = sh.execute(action, proc)
    return status if sh.exited else None


def lone_command(source):
    from ..shell import ShellSyntaxError, parser
    try:
        script = parser.parse(source)
    except ShellSyntaxError:
        return False
    if len(script.items) != 1 or script.items[0][1]:
        return False
    andor = script.items[0][0]
    return not andor.rest and len(andor.first.commands) == 1 and isinstance(andor.first.commands[0], parser.Simple)


@program("sh", "bash", "ash", "dash")
def shell(proc):
    args = proc.argv[1:]
    command, errexit = None, False
    while args and args[0].startswith("-") and args[0] not in ("-", "--"):
        flag = args.pop(0)
        if flag == "-c" or (flag.startswith("-") and "c" in flag[1:] and not flag.startswith("--")):
            if not args:
                voice = shell_voice(proc)
                proc.err(f"{voice}: -c: option requires an argument\n" if voice == "bash"
                         else "sh: -c requires an argument\n")
                return 2
            command = args.pop(0)
            errexit = errexit or "e" in flag
        elif flag.startswith("-") and set(flag[1:]) <= set("eilsxv"):
            errexit = errexit or "e" in flag
        elif flag.startswith("--") and flag in ("--login", "--norc", "--noprofile"):
            continue
        else:
            voice = shell_voice(proc)
            proc.err(f"{voice}: {flag}: invalid option\n")
            return 2
    if args and args[0] == "--":
        args.pop(0)
    proc = nested(proc)
    if command is not None:
        return run_in_shell(proc, command, None, args[1:], errexit)
    if args:
        path = args[0]
        try:
            source = proc.fs.read_text(proc.path(path))
        except FSError as err:
            voice = shell_voice(proc)
            if voice == "bash":
                proc.err(f"bash: {path}: {err}\n")
                return 127
            proc.err(f"sh: can't open '{path}': {err}\n")
            return 2
        return run_in_shell(proc, source, path, args[1:])
    stdin = proc.stdin
    proc = dataclasses.replace(proc, stdin="")
    return run_in_shell(proc, stdin, None, [])


BUSYBOX_APPLETS = """[ ash basename cat chmod chown cp cut date df dirname du echo env false find free getent
grep gunzip gzip head hostname id kill ln ls mkdir mount mv nproc nslookup ping printenv printf ps pwd rm rmdir
sed seq sh sleep sort stat tail tar tee test top touch tr true uname uniq wc wget which whoami xargs yes
zcat clear""".split()


@program("busybox")
def busybox(proc):
    """The multi-call binary: the applet is argv[0]'s basename, or argv[1] when run as busybox."""
    name = posixpath.basename(proc.argv[0])
    argv = proc.argv
    if name == "busybox":
        if len(argv) < 2 or argv[1] in ("--help", "--list"):
            if len(argv) >= 2 and argv[1] == "--list":
                proc.out("".join(a + "\n" for a in sorted(BUSYBOX_APPLETS)))
                return 0
            proc.out(BUSYBOX_BANNER + "\nUsage: busybox [function [arguments]...]\n")
            return 0
        argv = argv[1:]
        name = argv[0]
    func = REGISTRY.get(name) if name in BUSYBOX_APPLETS else None
    if func is None:
        proc.err(f"{name}: applet not found\n")
        return 127
    return func(dataclasses.replace(proc, argv=argv))


@program("node-entrypoint")
def script_entrypoint(proc):
    """An image's entrypoint script whose text the catalog carries: it runs through sh, as its
    `#!/bin/sh` line says (`exec "$@"` then replaces it with the command)."""
    from ..shell.interp import exec_argv_path
    path = exec_argv_path(proc, proc.argv[0])
    if path is None:
        proc.err(f"sh: {proc.argv[0]}: not found\n")
        return 127
    return run_in_shell(nested(proc), proc.fs.read_text(path), proc.argv[0], proc.argv[1:])
