"""Shell builtins: commands that change or read the shell itself."""
import re

from ..fs import FSError
from ..programs.base import REGISTRY, SIGNALS, signal_name
from ..programs.testexpr import TestError, compare, file_test
from ..programs.regex_cost import TooComplex, check
from .expand import match_pattern
from .interp import ExitShell, LoopControl, ReturnFromFunction, call_program
from .parser import NAME

CLEAR = "\x1b[H\x1b[2J\x1b[3J"
KEYWORDS = {"if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done",
            "in", "function", "{", "}", "!", "[[", "]]", "time"}
SPECIAL_BUILTINS = {":", "break", "continue", ".", "source", "eval", "exec", "exit", "export",
                    "readonly", "return", "set", "shift", "unset", "local"}
BUILTINS = {}


def builtin(*names):
    def register(func):
        for name in names:
            BUILTINS[name] = func
        return func
    return register


def via_program(sh, argv, ctx):
    """Builtins that behave exactly like the program of the same name."""
    voiced = ctx.derive(err=lambda text: ctx.err(sh.prefix() + text))
    return call_program(REGISTRY[argv[0]], argv, sh.environ(), sh.cwd, voiced, reads_stdin=False)


for _name in ("echo", "printf", "test", "[", "true", "false", ":"):
    BUILTINS[_name] = via_program


@builtin("cd")
def cd(sh, argv, ctx):
    args = [a for a in argv[1:] if a not in ("-L", "-P", "--")]
    if len(args) > 1 and sh.name == "bash":
        sh.error(ctx, "cd: too many arguments")
        return 1
    target = args[0] if args else sh.vars.get("HOME", "/")
    if target == "-":
        target = sh.vars.get("OLDPWD")
        if target is None:
            sh.error(ctx, "cd: OLDPWD not set")
            return 1
        ctx.out(target + "\n")
    path = sh.path(target)
    fs = ctx.proc.fs
    problem = None
    if not fs.exists(path):
        problem = "No such file or directory"
    elif not fs.is_dir(path):
        problem = "Not a directory"
    if problem:
        if sh.name == "bash":
            sh.error(ctx, f"cd: {target}: {problem}")
            return 1
        sh.error(ctx, f"cd: can't cd to {target}: {problem}")
        return 2
    sh.vars["OLDPWD"] = sh.cwd
    sh.cwd = path
    sh.vars["PWD"] = path
    return 0


@builtin("pwd")
def pwd(sh, argv, ctx):
    ctx.out(sh.cwd + "\n")
    return 0


@builtin("export", "readonly")
def export(sh, argv, ctx):
    names = [a for a in argv[1:] if not a.startswith("-")]
    if not names:
        for name in sorted(sh.exported):
            if name in sh.vars:
                value = sh.vars[name].replace("\\", "\\\\").replace('"', '\\"')
                ctx.out(f'declare -x {name}="{value}"\n' if sh.name == "bash" else f"export {name}='{sh.vars[name]}'\n")
        return 0
    status = 0
    for item in names:
        name, eq, value = item.partition("=")
        if not NAME.match(name):
            sh.error(ctx, f"{argv[0]}: `{item}': not a valid identifier")
            status = 1
            continue
        if eq:
            sh.assign(name, value)
        sh.exported.add(name)
    return status


@builtin("local")
def local(sh, argv, ctx):
    for item in argv[1:]:
        name, eq, value = item.partition("=")
        if eq:
            sh.assign(name, value)
        else:
            sh.vars.setdefault(name, "")
    return 0


@builtin("unset")
def unset(sh, argv, ctx):
    functions = "-f" in argv[1:2]
    for name in argv[1:]:
        if name.startswith("-"):
            continue
        if functions:
            sh.functions.pop(name, None)
            sh._bodies.pop(name, None)
        else:
            sh.vars.pop(name, None)
            sh.exported.discard(name)
    return 0


@builtin("exit")
def exit_(sh, argv, ctx):
    if sh.interactive and sh.name == "bash" and not sh.in_subshell:
        ctx.err("exit\n")
    if len(argv) > 1:
        if not re.fullmatch(r"-?\d+", argv[1]):
            sh.error(ctx, f"exit: {argv[1]}: numeric argument required")
            raise ExitShell(2)
        raise ExitShell(int(argv[1]) % 256)
    raise ExitShell(sh.status)


@builtin("return")
def return_(sh, argv, ctx):
    if not sh._functions_active:
        sh.error(ctx, "return: can only `return' from a function or sourced script")
        return 1
    raise ReturnFromFunction(int(argv[1]) % 256 if len(argv) > 1 and argv[1].lstrip("-").isdigit() else sh.status)


@builtin("break", "continue")
def loop_control(sh, argv, ctx):
    levels = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() and int(argv[1]) > 0 else 1
    raise LoopControl(argv[0], levels)


@builtin("shift")
def shift(sh, argv, ctx):
    n = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if n > len(sh.positional):
        return 1
    sh.positional = sh.positional[n:]
    return 0


@builtin("set")
def set_(sh, argv, ctx):
    args = argv[1:]
    if not args:
        for name in sorted(sh.vars):
            ctx.out(f"{name}={quote(sh.vars[name])}\n")
        return 0
    while args and args[0][:1] in "-+" and args[0] != "--":
        flag = args.pop(0)
        if flag in ("-o", "+o") and args:
            option = args.pop(0)
            if option == "errexit":
                sh.errexit = flag == "-o"
            continue
        if "e" in flag:
            sh.errexit = flag.startswith("-")
    if args and args[0] == "--":
        args.pop(0)
        sh.positional = args
    elif args:
        sh.positional = args
    return 0


def quote(value):
    if re.fullmatch(r"[A-Za-z0-9_./:=@%+,-]*", value) and value:
        return value
    return "'" + value.replace("'", "'\\''") + "'"


@builtin("history")
def history(sh, argv, ctx):
    if argv[1:2] == ["-c"]:
        sh.history.clear()
        return 0
    entries = list(enumerate(sh.history, sh.history_base))
    if len(argv) > 1 and argv[1].isdigit():
        entries = entries[-int(argv[1]):] if int(argv[1]) else []
    ctx.out("".join(f"{n:5d}  {line}\n" for n, line in entries))
    return 0


@builtin("clear")
def clear(sh, argv, ctx):
    ctx.out(CLEAR)
    return 0


@builtin("read")
def read(sh, argv, ctx):
    args, raw = argv[1:], False
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag == "-r":
            raw = True
        elif flag == "-p" and args:
            ctx.err(args.pop(0))
        elif flag in ("-s",):
            continue
    line = ctx.stdin.read_line()
    if line is None:
        for name in args or ["REPLY"]:
            sh.assign(name, "")
        return 1
    line = line.rstrip("\n")
    if not raw:
        line = re.sub(r"\\(.)", r"\1", line)
    names = args or ["REPLY"]
    if names == ["REPLY"] and not args:
        sh.assign("REPLY", line)
        return 0
    parts = line.strip().split(None, len(names) - 1)
    for k, name in enumerate(names):
        sh.assign(name, parts[k] if k < len(parts) else "")
    return 0


@builtin("source", ".")
def source(sh, argv, ctx):
    if len(argv) < 2:
        sh.error(ctx, f"{argv[0]}: filename argument required")
        return 2
    path = argv[1]
    if "/" not in path and not ctx.proc.fs.is_file(sh.path(path)):
        for directory in sh.vars.get("PATH", "").split(":"):
            if ctx.proc.fs.is_file(f"{directory}/{path}"):
                path = f"{directory}/{path}"
                break
    try:
        text = ctx.proc.fs.read_text(sh.path(path))
    except FSError as err:
        sh.error(ctx, f"{argv[1]}: {err}")
        return 1
    saved = sh.positional
    if len(argv) > 2:
        sh.positional = argv[2:]
    try:
        return sh.run_source(text, ctx)
    finally:
        sh.positional = saved


@builtin("eval")
def eval_(sh, argv, ctx):
    ctx.proc.budget.step()
    return sh.run_source(" ".join(argv[1:]), ctx)


@builtin("exec")
def exec_(sh, argv, ctx):
    if len(argv) == 1:
        return 0
    sh.replacing = True
    raise ExitShell(sh.dispatch(argv[1:], [], ctx))


@builtin("wait", "jobs", "hash", "umask", "shopt", "ulimit")
def accepted(sh, argv, ctx):
    return 0


@builtin("trap")
def trap(sh, argv, ctx):
    """Set, reset (`-`) or list the commands run when a signal arrives. A container's main
    shell hands its table to the machine, so the engine can run them when the signal comes."""
    args = argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        for sig in sorted(sh.traps, key=lambda sig: SIGNALS.get(sig, 0)):
            named = sig if sh.name == "bash" or sig == "EXIT" else sig.removeprefix("SIG")
            ctx.out(f"trap -- {quote_always(sh.traps[sig])} {named}\n")
        return 0
    action, names = (None, args) if len(args) == 1 else (args[0], args[1:])
    status = 0
    for name in names:
        sig = "EXIT" if name in ("0", "EXIT") else signal_name(name)
        if sig is None:
            sh.error(ctx, f"trap: {name}: invalid signal specification")
            status = 1
        elif action is None or action == "-":
            sh.traps.pop(sig, None)
        else:
            sh.traps[sig] = action
    if sh.main:
        ctx.proc.machine.traps = dict(sh.traps)
    return status



@builtin("alias")
def alias(sh, argv, ctx):
    if len(argv) == 1:
        for name in sorted(sh.aliases):
            ctx.out(f"alias {name}={quote_always(sh.aliases[name])}\n")
        return 0
    status = 0
    for item in argv[1:]:
        name, eq, value = item.partition("=")
        if eq:
            sh.aliases[name] = value
        elif name in sh.aliases:
            ctx.out(f"alias {name}={quote_always(sh.aliases[name])}\n")
        else:
            sh.error(ctx, f"alias: {name}: not found")
            status = 1
    return status


def quote_always(value):
    return "'" + value.replace("'", "'\\''") + "'"


@builtin("unalias")
def unalias(sh, argv, ctx):
    status = 0
    for name in argv[1:]:
        if name == "-a":
            sh.aliases.clear()
        elif sh.aliases.pop(name, None) is None:
            sh.error(ctx, f"unalias: {name}: not found")
            status = 1
    return status


def describe(sh, name, ctx):
    """type's answer: (kind, text) or None."""
    if name in sh.aliases:
        return "alias", f"{name} is aliased to `{sh.aliases[name]}'"
    if name in KEYWORDS:
        return "keyword", f"{name} is a shell keyword"
    if name in sh.functions:
        return "function", f"{name} is a function\n{sh.functions[name]}"
    if name in BUILTINS:
        return "builtin", f"{name} is a shell builtin"
    path, failure = sh.find_executable(name, ctx)
    if path:
        return "file", f"{name} is {path}"
    return None


@builtin("type")
def type_(sh, argv, ctx):
    status = 0
    for name in argv[1:]:
        if name.startswith("-"):
            continue
        found = describe(sh, name, ctx)
        if found:
            ctx.out(found[1] + "\n")
        else:
            sh.error(ctx, f"type: {name}: not found")
            status = 1
    return status


@builtin("command")
def command(sh, argv, ctx):
    args = argv[1:]
    if args and args[0] in ("-v", "-V"):
        verbose = args.pop(0) == "-V"
        status = 0
        for name in args:
            found = describe(sh, name, ctx)
            if not found:
                if verbose:
                    sh.error(ctx, f"command: {name}: not found")
                status = 1
            elif verbose:
                ctx.out(found[1] + "\n")
            elif found[0] == "file":
                ctx.out(sh.find_executable(name, ctx)[0] + "\n")
            elif found[0] == "alias":
                ctx.out(f"alias {name}={quote_always(sh.aliases[name])}\n")
            else:
                ctx.out(name + "\n")
        return status
    if not args:
        return 0
    if args[0] in BUILTINS:
        return BUILTINS[args[0]](sh, args, ctx)
    return sh.run_external(args, [], ctx)


def conditional(sh, node, ctx):
    """[[ ... ]]: no splitting or globbing; == and != match patterns, =~ a regex."""
    exp = sh.expand(ctx)
    items = node.words
    pos = 0

    def word(k):
        kind, raw = items[k]
        return raw if kind == "op" else exp.string(raw)

    def primary():
        nonlocal pos
        kind, raw = items[pos]
        if kind == "word" and raw == "!":
            pos += 1
            return not primary()
        if kind == "op" and raw == "(":
            pos += 1
            value = disjunction()
            pos += 1
            return value
        if pos + 2 < len(items) + 0 and pos + 2 <= len(items) - 1 and (items[pos + 1][1] in
                                                                       ("==", "=", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef")):
            left, op = word(pos), items[pos + 1][1]
            right_kind, right_raw = items[pos + 2]
            pos += 3
            if op in ("==", "=", "!="):
                matched = match_pattern(exp.pattern(right_raw), left)
                return matched if op != "!=" else not matched
            if op == "=~":
                pattern = exp.string(right_raw) if right_kind == "word" else right_raw
                while pos < len(items) and items[pos] not in (("op", "&&"), ("op", "||")):
                    kind, raw = items[pos]       # a regex may hold ( ) < >: they are the lexer's operators
                    pattern += exp.string(raw) if kind == "word" else raw
                    pos += 1
                try:
                    regex = re.compile(pattern)
                    check(regex, left)
                    return regex.search(left) is not None
                except re.error:
                    return False
                except TooComplex as err:
                    raise TestError(str(err)) from None
            return compare(left, op, exp.string(right_raw), ctx.proc.fs, sh.path)
        if kind == "word" and raw.startswith("-") and len(raw) == 2 and pos + 1 < len(items):
            operand = word(pos + 1)
            pos += 2
            return file_test(raw, operand if raw in ("-z", "-n") else sh.path(operand), ctx.proc.fs)
        pos += 1
        return word(pos - 1) != ""

    def chain(op, operand):
        """operand (op operand)*, every operand evaluated (its errors are reported)."""
        nonlocal pos
        values = [operand()]
        while pos < len(items) and items[pos] == ("op", op):
            pos += 1
            values.append(operand())
        return all(values) if op == "&&" else any(values)

    def conjunction():
        return chain("&&", primary)

    def disjunction():
        return chain("||", conjunction)

    if not items:
        return 1
    try:
        return 0 if disjunction() else 1
    except TestError as err:
        sh.error(ctx, str(err))
        return 2
    except IndexError:
        sh.error(ctx, "syntax error in conditional expression")
        return 2

