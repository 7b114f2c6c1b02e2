"""The interpreter: runs the AST against a Proc (machine, filesystem, budget, writers)."""
import copy
import dataclasses
import logging

from ..fs import FSError
from ..fs.devices import ENDLESS, stream
from ..machine import DEFAULT_PATH
from ..limits import MAX_LINE, MAX_SUBST_DEPTH, MAX_WORD, SPACE, LimitExceeded, history_overflow
from ..programs.base import INTERRUPTED, REGISTRY, Blocked, Proc, Running
from . import parser as ast
from .expand import ExpansionError, Expander, match_pattern
from .io import Capture, Ctx, FileSink, Input, discard
from .lexer import ShellSyntaxError

log = logging.getLogger(__name__)
MAX_FUNCTION_NESTING = 50


class ExitShell(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    def __init__(self, kind, levels):
        super().__init__(kind)
        self.kind, self.levels = kind, levels


class ReturnFromFunction(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Replaced(Exception):
    """The shell exec'd a long-running program as a container's main process: its Running
    becomes the shell's result (what `exec nginx` or `sh -c 'nginx'` does to PID 1)."""

    def __init__(self, running):
        super().__init__("replaced")
        self.running = running


class AbortCommand(Exception):
    """An expansion error: bash discards the rest of the command line (a script stops)."""


class CommandError(Exception):
    """A failure the shell reports in its own voice (redirection, function nesting)."""


def isolated(action):
    """Run action as a separate process (subshell, pipeline stage, $(...)): `exit` and
    expansion errors end only it."""
    try:
        return action()
    except ExitShell as done:
        return done.status
    except AbortCommand:
        return 1


class Shell:
    def __init__(self, env, cwd, name=None, interactive=True):
        self.vars = dict(env)
        self.exported = set(env)
        self.cwd = cwd
        self.vars.setdefault("PWD", cwd)
        self.status = 0
        self.history = []
        self.history_base = 1          # number of history[0]
        self.functions = {}            # name → source of its definition
        self.aliases = {}
        self.positional = []
        self.errexit = False
        self.name = name               # "bash" or "sh": how errors start; None: the machine's
        self.script = None             # script file name, for "script.sh: line 3: ..."
        self.interactive = interactive
        self.exited = False
        self.pid = 1
        self.last_bg = ""
        self.line = 1
        self._bodies = {}              # parsed function bodies (rebuilt from source on load)
        self._condition = 0
        self._functions_active = 0
        self._subst_status = None
        self.in_subshell = False
        self.main = False              # this shell is a container's main process
        self.traps = {}                # signal name (SIGTERM) → the commands `trap` set for it
        self.replacing = False         # the next program replaces the shell (exec)

    # --- public API ---
    def execute(self, source, proc):
        """Run a line or script; returns its exit status (also in self.status)."""
        if self.name is None:
            self.name = getattr(proc.machine, "shell_name", "bash")
        self.exited = False
        ctx = Ctx(proc, Input(proc.stdin), proc.write_out, proc.write_err)
        ctx.tty = proc.tty
        if self.interactive and source.strip():
            self.record(source)
        try:
            if len(source) > MAX_LINE:
                raise LimitExceeded("command stopped: line too long")
            try:
                script = ast.parse(source)
            except ShellSyntaxError as err:
                ctx.err(self.syntax_message(err, source))
                self.status = 2
                return 2
            status = self.run_script(script, ctx)
        except ExitShell as done:
            status, self.exited = done.status, True
        except Blocked:
            self.status = INTERRUPTED     # the terminal ends it as Ctrl-C would
            raise
        except AbortCommand:
            status = 1
        except (LoopControl, ReturnFromFunction) as stray:
            status = stray.status if isinstance(stray, ReturnFromFunction) else 0
        except LimitExceeded as err:
            ctx.err(f"{self.prefix()}{err}\n")
            status = 1
        except RecursionError:
            ctx.err(f"{self.prefix()}command stopped: nesting too deep\n")
            status = 1
        self.status = status
        return status

    def record(self, line):
        self.history.append(line.rstrip("\n"))
        drop = history_overflow(self.history)
        if drop:
            del self.history[:drop]
            self.history_base += drop

    def to_dict(self):
        return {"vars": self.vars, "exported": sorted(self.exported), "cwd": self.cwd,
                "status": self.status, "history": self.history, "history_base": self.history_base,
                "functions": self.functions, "aliases": self.aliases, "positional": self.positional,
                "errexit": self.errexit, "name": self.name, "interactive": self.interactive}

    @classmethod
    def from_dict(cls, data):
        sh = cls(data["vars"], data["cwd"], data.get("name"), data.get("interactive", True))
        sh.exported = set(data["exported"])
        for key in ("status", "history", "history_base", "functions", "aliases", "positional", "errexit"):
            setattr(sh, key, data.get(key, getattr(sh, key)))
        return sh

    # --- voice ---
    def prefix(self):
        if self.name != "bash":
            return f"{self.script or self.name}: "
        if self.interactive:
            return "bash: "
        return f"{self.script or 'bash'}: line {self.line}: "

    def syntax_message(self, err, source):
        if self.name != "bash":
            if err.message.startswith("unexpected EOF while looking"):
                text = "syntax error: unterminated quoted string"
            elif err.near is not None:
                text = f'syntax error: unexpected "{err.near}"'
            else:
                text = err.message
            return f"{self.script or self.name}: {text}\n"
        if self.interactive:
            return f"bash: {err.message}\n"
        where = f"{self.script or 'bash'}: {'' if self.script else '-c: '}line {err.line}: "
        out = where + err.message + "\n"
        lines = source.split("\n")
        if err.near is not None and err.line <= len(lines):
            out += f"{where}`{lines[err.line - 1]}'\n"
        return out

    def error(self, ctx, message):
        ctx.err(f"{self.prefix()}{message}\n")

    # --- variables ---
    def get(self, name):
        return self.vars.get(name)

    def assign(self, name, value):
        if len(value) > MAX_WORD:
            raise LimitExceeded("command stopped: variable too large")
        space = SPACE.get()     # variables are saved with the session too
        if space is not None and not space.take(len(value) - len(self.vars.get(name, ""))):
            raise LimitExceeded("command stopped: variables too large")
        self.vars[name] = value

    def special(self, name):
        if name.isdigit():
            k = int(name)
            if k == 0:
                return self.script or self.name or "bash"
            return self.positional[k - 1] if k <= len(self.positional) else None
        return {"?": lambda: str(self.status), "$": lambda: str(self.pid),
                "#": lambda: str(len(self.positional)), "*": lambda: " ".join(self.positional),
                "@": lambda: " ".join(self.positional), "!": lambda: self.last_bg,
                "-": lambda: "e" if self.errexit else ""}[name]()

    def environ(self):
        return {k: self.vars[k] for k in self.exported if k in self.vars}

    def subshell(self):
        sub = copy.copy(self)
        sub.vars, sub.exported = dict(self.vars), set(self.exported)
        sub.functions, sub._bodies = dict(self.functions), dict(self._bodies)
        sub.aliases, sub.positional = dict(self.aliases), list(self.positional)
        sub.history = list(self.history)
        sub.in_subshell = True
        return sub

    # --- running ---
    def run_source(self, source, ctx):
        try:
            script = ast.parse(source)
        except ShellSyntaxError as err:
            ctx.err(self.syntax_message(err, source))
            return 2
        return self.run_script(script, ctx)

    def run_script(self, script, ctx):
        status = self.status
        for andor, background in script.items:
            if background:
                self.run_background(andor, ctx)
                status = self.status = 0
            else:
                status = self.run_andor(andor, ctx)
        return status

    def run_background(self, andor, ctx):
        sub = self.subshell()
        quiet = ctx.derive(stdin=Input(""), out=discard, err=discard)
        try:
            sub.run_andor(andor, quiet)
        except LimitExceeded:
            if ctx.proc.budget.exhausted:    # the job spent the whole command's budget (a fork bomb)
                raise
        except (Blocked, ExitShell, LoopControl, ReturnFromFunction, AbortCommand):
            pass
        self.pid += 1
        self.last_bg = str(self.pid)

    def run_andor(self, andor, ctx):
        last = not andor.rest
        status = self.run_pipeline(andor.first, ctx, checked=last)
        for n, (op, pipeline) in enumerate(andor.rest):
            if (op == "&&") == (status == 0):
                status = self.run_pipeline(pipeline, ctx, checked=n == len(andor.rest) - 1)
        return status

    def run_pipeline(self, pipeline, ctx, checked=True):
        if not checked or pipeline.negate:
            self._condition += 1
        clock = getattr(ctx.proc.machine, "clock", None)
        started = clock.now() if clock else 0.0
        try:
            if len(pipeline.commands) == 1:
                status = self.run_command(pipeline.commands[0], ctx)
            else:
                status = self.run_stages(pipeline.commands, ctx)
        finally:
            if not checked or pipeline.negate:
                self._condition -= 1
        if pipeline.timed:
            elapsed = (clock.now() if clock else 0.0) - started
            ctx.err(f"\nreal\t{int(elapsed // 60)}m{elapsed % 60:.3f}s\nuser\t0m0.000s\nsys\t0m0.000s\n")
        if pipeline.negate:
            status = int(status == 0)
        self.status = status
        if self.errexit and status and checked and not pipeline.negate and not self._condition:
            raise ExitShell(status)
        return status

    def run_stages(self, commands, ctx):
        stdin, status = ctx.stdin, 0
        for k, command in enumerate(commands):
            last = k == len(commands) - 1
            pipe = None if last else Capture()
            stage = ctx.derive(stdin=stdin, out=None if last else pipe.write)
            sub = self.subshell()
            status = isolated(lambda: sub.run_command(command, stage))
            if pipe:
                stdin = Input(pipe.text())
        return status

    def run_command(self, node, ctx):
        kind = type(node)
        if kind is ast.Simple:
            return self.run_simple(node, ctx)
        if kind is ast.Redirected:
            return self.with_redirects(node.redirs, ctx, lambda c: self.run_command(node.command, c))
        if kind is ast.Cond:
            from .builtins import conditional
            return conditional(self, node, ctx)
        if kind is ast.If:
            for cond, body in node.clauses:
                if self.condition(cond, ctx) == 0:
                    return self.run_script(body, ctx)
            return self.run_script(node.orelse, ctx) if node.orelse else 0
        if kind is ast.Loop:
            return self.run_loop(node, ctx)
        if kind is ast.For:
            return self.run_for(node, ctx)
        if kind is ast.Case:
            return self.run_case(node, ctx)
        if kind is ast.Group:
            if not node.body.items:
                return 0
            if not node.subshell:
                return self.run_script(node.body, ctx)
            sub = self.subshell()
            return isolated(lambda: sub.run_script(node.body, ctx))
        if kind is ast.FuncDef:
            self.functions[node.name] = node.source
            self._bodies[node.name] = node.body
            return 0
        raise TypeError(kind)

    def condition(self, script, ctx):
        self._condition += 1
        try:
            return self.run_script(script, ctx)
        finally:
            self._condition -= 1

    def loop_body(self, body, ctx):
        """Runs a loop body; returns "break", "continue" or None."""
        try:
            self.run_script(body, ctx)
        except LoopControl as control:
            if control.levels > 1:
                control.levels -= 1
                raise
            return control.kind
        return None

    def run_loop(self, node, ctx):
        status = 0
        while True:
            ctx.proc.budget.step()
            if (self.condition(node.cond, ctx) == 0) == node.until:
                break
            control = self.loop_body(node.body, ctx)
            status = self.status
            if control == "break":
                break
        return status

    def run_for(self, node, ctx):
        items = self.positional if node.words is None else self.expand(ctx).words(node.words)
        status = 0
        for item in items:
            ctx.proc.budget.step()
            self.assign(node.var, item)
            control = self.loop_body(node.body, ctx)
            status = self.status
            if control == "break":
                break
        return status

    def run_case(self, node, ctx):
        exp = self.expand(ctx)
        word = exp.string(node.word)
        for patterns, body in node.items:
            for pattern in patterns:
                if match_pattern(exp.pattern(pattern), word):
                    return self.run_script(body, ctx)
        return 0

    def expand(self, ctx):
        return Expander(self, ctx)

    def run_simple(self, node, ctx):
        ctx.proc.budget.step()
        self.line = node.line
        exp = self.expand(ctx)
        self._subst_status = None
        try:
            argv = exp.words(node.words)
            assigns = []
            for word in node.assigns:
                name, _, value = word.partition("=")
                value = exp.string(value)
                if name.endswith("+"):
                    name = name[:-1]
                    value = (self.vars.get(name) or "") + value
                assigns.append((name, value))
        except ExpansionError as err:
            self.error(ctx, str(err))
            raise AbortCommand() from None
        if argv and argv[0] in self.aliases and node.words[0] == argv[0] and not getattr(ctx, "in_alias", False):
            source = self.aliases[argv[0]] + " " + " ".join(node.words[1:])
            inner = ctx.derive()
            inner.in_alias = True
            return self.with_redirects(node.redirs, inner, lambda c: self.run_source(source, c))
        if not argv:
            def assign_all(_ctx):
                for name, value in assigns:
                    self.assign(name, value)
                return self._subst_status or 0
            return self.with_redirects(node.redirs, ctx, assign_all)
        return self.with_redirects(node.redirs, ctx, lambda c: self.dispatch(argv, assigns, c))

    def with_redirects(self, redirs, ctx, action):
        sinks = []
        try:
            inner = self.redirect(ctx, redirs, sinks) if redirs else ctx
            status = action(inner)
        except CommandError as err:
            self.error(ctx, str(err))
            status = 1
        finally:
            for sink in sinks:
                try:
                    sink.close()
                except FSError as err:          # a write error fails the command
                    self.error(ctx, f"{sink.path}: {err}")
                    status = 1
        return status

    def redirect(self, ctx, redirs, sinks):
        exp = self.expand(ctx)
        fds = {0: ctx.stdin, 1: ctx.out, 2: ctx.err}
        for r in redirs:
            op = r.op
            if op in ("<<", "<<-"):
                body = r.heredoc.body or ""
                fds[r.fd or 0] = Input(body if r.heredoc.quoted else exp.heredoc(body))
                continue
            try:
                target = exp.string(r.target)
            except ExpansionError as err:
                raise CommandError(str(err)) from None
            if op == "<<<":
                fds[r.fd or 0] = Input(target + "\n")
                continue
            if op in (">&", "<&") and (target.isdigit() or target == "-"):
                fd = r.fd if r.fd is not None else (1 if op == ">&" else 0)
                if target == "-":
                    fds[fd] = Input("") if fd == 0 else discard
                elif int(target) not in fds:
                    raise CommandError(f"{target}: Bad file descriptor")
                else:
                    fds[fd] = fds[int(target)]
                continue
            if not target:
                raise CommandError(f"{r.target}: ambiguous redirect")
            if op == "<":
                fds[r.fd or 0] = Input(self.read_file(ctx, target))
            elif op in ("&>", "&>>", ">&"):
                fds[1] = fds[2] = self.open_sink(ctx, target, op == "&>>", fds, sinks)
            else:
                fd = 1 if r.fd is None else r.fd
                fds[fd] = self.open_sink(ctx, target, op == ">>", fds, sinks)
        inner = ctx.derive(stdin=fds[0], out=fds[1], err=fds[2])
        inner.tty = getattr(ctx, "tty", False) and fds[1] is ctx.out
        return inner

    def path(self, name):
        import posixpath
        return posixpath.normpath(posixpath.join(self.cwd, name))

    def read_file(self, ctx, target):
        if self.path(target) == "/dev/null":     # reads nothing, whatever a filesystem holds there
            return ""
        if self.path(target) in ENDLESS:
            return stream(self.path(target))
        try:
            return ctx.proc.fs.read_text(self.path(target))
        except FSError as err:
            raise CommandError(f"{target}: {err}") from None

    def open_sink(self, ctx, target, append, fds, sinks):
        path = self.path(target)
        special = {"/dev/null": discard, "/dev/stdout": fds[1], "/dev/stderr": fds[2]}
        if path in special:
            return special[path]
        if path == "/dev/tty" and ctx.proc.machine.kind == "container":
            if not ctx.proc.tty:                 # no controlling terminal without -t
                raise CommandError(f"{target}: No such device or address")
            return ctx.proc.write_out
        try:
            sink = FileSink(ctx.proc.fs, path, append)
        except FSError as err:
            raise CommandError(f"{target}: {err}") from None
        sinks.append(sink)
        return sink.write

    # --- commands ---
    def dispatch(self, argv, assigns, ctx):
        from .builtins import BUILTINS, SPECIAL_BUILTINS
        name = argv[0]
        # bash finds functions before every builtin; a POSIX sh finds special builtins first
        special_first = name in SPECIAL_BUILTINS and self.name != "bash"
        if name in BUILTINS and (special_first or name not in self.functions):
            return self.with_temp_vars(assigns, lambda: BUILTINS[name](self, argv, ctx))
        if name in self.functions:
            return self.with_temp_vars(assigns, lambda: self.call_function(name, argv, ctx))
        return self.run_external(argv, assigns, ctx)

    def with_temp_vars(self, assigns, action):
        saved = {name: self.vars.get(name) for name, _ in assigns}
        for name, value in assigns:
            self.assign(name, value)
        try:
            return action()
        finally:
            for name, value in saved.items():
                if value is None:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = value

    def call_function(self, name, argv, ctx):
        if self._functions_active >= MAX_FUNCTION_NESTING:
            raise LimitExceeded(f"{name}: maximum function nesting level exceeded ({MAX_FUNCTION_NESTING})")
        body = self._bodies.get(name)
        if body is None:
            body = ast.parse(self.functions[name]).items[0][0].first.commands[0].body
            self._bodies[name] = body
        saved = self.positional
        self.positional = list(argv[1:])
        self._functions_active += 1
        try:
            return self.run_command(body, ctx)
        except ReturnFromFunction as ret:
            return ret.status
        finally:
            self._functions_active -= 1
            self.positional = saved

    def find_executable(self, name, ctx):
        """(path, None) or (None, (message, status))."""
        fs = ctx.proc.fs
        busybox = self.name != "bash"
        if "/" in name:
            path = self.path(name)
            if not fs.exists(path):
                return None, (f"{name}: {'not found' if busybox else 'No such file or directory'}", 127)
            if fs.is_dir(path):
                return None, (f"{name}: {'Permission denied' if busybox else 'Is a directory'}", 126)
            if not fs.stat(path).mode & 0o111:
                return None, (f"{name}: Permission denied", 126)
            return path, None
        if name:
            for directory in (self.vars.get("PATH") or "").split(":"):
                path = self.path(f"{directory or '.'}/{name}")
                if fs.is_file(path) and fs.stat(path).mode & 0o111:
                    return path, None
        return None, (f"{name}: {'not found' if busybox else 'command not found'}", 127)

    def run_external(self, argv, assigns, ctx):
        path, failure = self.find_executable(argv[0], ctx)
        if failure:
            self.error(ctx, failure[0])
            return failure[1]
        env = {**self.environ(), **dict(assigns)}
        main, self.replacing = self.main and self.replacing, False
        return exec_file(ctx, path, argv, env, self.cwd, self, main)

    def substitute(self, source, ctx):
        """$(...): run in a subshell, return its output without trailing newlines."""
        proc = ctx.proc
        if proc.depth >= MAX_SUBST_DEPTH:
            raise LimitExceeded("command stopped: command substitution nested too deeply")
        pipe = Capture()
        inner = Ctx(dataclasses.replace(proc, depth=proc.depth + 1), ctx.stdin, pipe.write, ctx.err)
        inner.tty = False
        sub = self.subshell()
        status = isolated(lambda: sub.run_source(source, inner))
        self._subst_status = status
        self.status = status
        return pipe.text().rstrip("\n")


def exec_file(ctx, path, argv, env, cwd, shell=None, main=False):
    """Run the executable at path: its program tag picks the program; a script runs in a shell."""
    fs = ctx.proc.fs
    node = fs.stat(path)
    if node.program:
        func = REGISTRY.get(node.program)
        if func is None:
            voice = shell.prefix() if shell else ""
            ctx.err(f"{voice}{argv[0]}: this program cannot run in the simulator\n")
            return 126
        return call_program(func, argv, env, cwd, ctx, main=main)
    text = fs.read_text(path)
    if text.startswith("#!"):
        line = text[2:].split("\n", 1)[0].split()
        if not line:
            return 0
        interpreter = line[0]
        if not fs.is_file(interpreter):
            voice = f"{shell.name}: " if shell else ""
            ctx.err(f"{voice}{argv[0]}: {interpreter}: bad interpreter: No such file or directory\n")
            return 126
        return exec_file(ctx, interpreter, [interpreter, *line[1:2], path, *argv[1:]], env, cwd, shell, main)
    from .. programs.shells import run_script_text
    return run_script_text(ctx, text, argv, env, cwd, script=argv[0])


def call_program(func, argv, env, cwd, ctx, reads_stdin=True, main=False):
    base = ctx.proc
    proc = Proc(argv=list(argv), env=env, cwd=cwd, fs=base.fs, machine=base.machine,
                stdin=ctx.stdin.read_rest() if reads_stdin else "", write_out=ctx.out, write_err=ctx.err,
                terminal=base.terminal, budget=base.budget, tty=getattr(ctx, "tty", False),
                depth=base.depth, main=main)
    try:
        status = func(proc)
    except (Blocked, LimitExceeded, ExitShell):
        raise
    except FSError as err:
        ctx.err(f"{argv[0]}: {err}\n")
        return 1
    except Exception:
        log.exception("program %s failed", argv[0])
        ctx.err(f"{argv[0]}: Input/output error\n")
        return 1
    if isinstance(status, Running):
        if main:
            raise Replaced(status)
        return 0
    return status % 256 if isinstance(status, int) else 0


def exec_argv_path(proc, name):
    """Where PATH lookup in proc.fs finds the executable `name`, or None."""
    sh = Shell(dict(proc.env), proc.cwd, interactive=False)
    sh.vars.setdefault("PATH", DEFAULT_PATH)
    return sh.find_executable(name, Ctx(proc, Input(""), proc.write_out, proc.write_err))[0]


def exec_argv(proc, argv, env=None):
    """Run argv as a program found through PATH (what env, xargs and find -exec do): no builtins,
    no functions. Returns None when there is no such command (the caller words the error)."""
    env = dict(proc.env if env is None else env)
    sh = Shell(env, proc.cwd, name=getattr(proc.machine, "shell_name", "bash"), interactive=False)
    sh.vars.setdefault("PATH", DEFAULT_PATH)       # execvp's fallback
    ctx = Ctx(proc, Input(proc.stdin), proc.write_out, proc.write_err)
    ctx.tty = proc.tty
    path, failure = sh.find_executable(argv[0], ctx)
    if failure:
        return None
    return exec_file(ctx, path, argv, env, proc.cwd, sh)
