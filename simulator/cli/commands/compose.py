"""`docker compose` (the CLI plugin) and `docker-compose` (the standalone program): one command
group, its global flags, loading the project, and compose's way of reporting errors."""
import dataclasses
from dataclasses import dataclass, field

from ...engine.compose.errors import ComposeError
from ...engine.compose.loader import load_project
from ...engine.compose.output import Progress
from ...engine.compose.project import VERSION, Operations
from ...engine.errors import DockerError
from ...programs.base import program
from .. import main, messages as msg
from ..flags import Flag, FlagError, parse
from ..help import flag_usages
from ..spec import CliError, command

GLOBAL_FLAGS = [
    Flag("ansi", "", str, 'Control when to print ANSI control characters ("never"|"always"|"auto")',
         default="auto"),
    Flag("compatibility", "", bool, "Run compose in backward compatibility mode"),
    Flag("dry-run", "", bool, "Execute command in dry run mode"),
    Flag("env-file", "", list, "Specify an alternate environment file", metavar="stringArray"),
    Flag("file", "f", list, "Compose configuration files", metavar="stringArray"),
    Flag("parallel", "", int, "Control max parallelism, -1 for unlimited", default=-1),
    Flag("profile", "", list, "Specify a profile to enable", metavar="stringArray"),
    Flag("progress", "", str, 'Set type of progress output (auto, tty, plain, json, quiet)'),
    Flag("project-directory", "", str, "Specify an alternate working directory\n(default: the "
         "path of the, first specified, Compose file)"),
    Flag("project-name", "p", str, "Project name"),
]
HELP = Flag("help", "", bool, "Print usage", hidden=True)


@dataclass
class Verb:
    name: str
    use: str
    short: str
    handler: object
    flags: list = field(default_factory=list)
    needs_project: bool = True
    interspersed: bool = True       # False: flags after SERVICE belong to the command (exec, run)
    min_args: int = 0               # cobra.MinimumNArgs, which compose uses


VERBS: dict = {}      # filled by the compose_*.py modules beside this one


def verb(name, use, short, flags=(), needs_project=True, interspersed=True, min_args=0):
    """Declare a `docker compose` subcommand."""
    def register(func):
        VERBS[name] = Verb(name, use, short, func, list(flags), needs_project, interspersed,
                           min_args)
        return func
    return register


class Compose:
    """What a subcommand handler sees: the caller, the parsed global flags, the project."""

    def __init__(self, proc, prog, global_opts):
        self.proc, self.prog, self.opts = proc, prog, global_opts
        self.engine = getattr(proc.machine, "engine", None)
        self.project = None
        mode, ansi = global_opts.progress or "auto", global_opts.ansi
        if mode not in ("auto", "tty", "plain", "quiet"):
            raise ComposeError(f'unsupported --progress value "{mode}"')
        if ansi not in ("auto", "never", "always"):
            raise ComposeError(f'unsupported --ansi value "{ansi}"')
        if global_opts.dry_run:
            raise ComposeError("dry-run mode is not available in this lab")
        self.tty = proc.tty if mode == "auto" else mode == "tty"
        self.quiet = mode == "quiet"
        self.colour = ansi == "always" or (ansi == "auto" and proc.tty)
        self.progress = self.new_progress(self._progress_out)

    def new_progress(self, write):
        return Progress(write, tty=self.tty, width=self.width(), colour=self.colour)

    def width(self):
        return getattr(self.proc.terminal, "width", 80) or 80

    def terminal_available(self):
        """Whether an interactive shell can take over the terminal (exec/run into `sh`)."""
        return self.proc.terminal is not None

    def _progress_out(self, text):
        if not self.quiet:
            self.proc.err(text)

    def out(self, text):
        self.proc.out(text)

    def err(self, text):
        self.proc.err(text)

    def warn(self, text):
        """logrus's text formatter; on a terminal its level is yellow and the message padded to 44."""
        if self.colour:
            self.proc.err(f"\x1b[33mWARN\x1b[0m[0000] {text:<44} \n")
        else:
            self.proc.err(f"WARN[0000] {text}\n")

    def load(self):
        opts, path = self.opts, self.proc.path     # paths on the command line: from the cwd
        project, warnings = load_project(
            self.proc.fs, self.proc.cwd, self.proc.env, files=opts.file,
            project_name=opts.project_name or None, env_files=[path(f) for f in opts.env_file],
            project_dir=path(opts.project_directory) if opts.project_directory else None,
            profiles=opts.profile)
        for warning in warnings:
            self.warn(warning)
        self.project = project
        return project

    def docker(self, argv, out=None, err=None):
        """Run a `docker` command for compose (build, push, top, cp, stats) on the same
        terminal, or with its output sent to `out`/`err`; a failure becomes ComposeError with
        docker's own message (already printed unless `err` collects it)."""
        proc = dataclasses.replace(self.proc, write_out=out or self.proc.write_out,
                                   write_err=err or self.proc.write_err)
        try:
            status = main.dispatch(proc, argv)
        except CliError as error:
            raise ComposeError(error.message, error.status) from None
        if status:
            raise ComposeError("", status)

    def operations(self):
        return Operations(self.engine, self.project, self.progress, self.warn)

    def finish(self):
        """Print the TTY display's final frame, if any."""
        frame = self.progress.frame()
        if frame and not self.quiet:
            self.proc.err(frame)


def _usage_error(error, prog, use):
    return CliError(msg.FLAG_ERROR.format(error=error, use_line=f"{prog} {use}".rstrip(),
                                          path=prog), 125)


def run(proc, prog, argv):
    """`docker compose ARGS` / `docker-compose ARGS`."""
    try:
        global_opts, rest, _ = parse(GLOBAL_FLAGS + [HELP], argv, interspersed=False)
    except FlagError as error:
        raise _usage_error(error, prog, "[OPTIONS] COMMAND") from None
    if global_opts.help or not rest:
        proc.out(group_help(prog))
        return 0
    name, argv = rest[0], rest[1:]
    found = VERBS.get(name)
    if found is None:
        raise CliError(f'unknown docker command: "compose {name}"')
    path = f"{prog} {name}"
    try:
        opts, args, _ = parse(found.flags + [HELP], argv, found.interspersed)
    except FlagError as error:
        raise _usage_error(error, path, found.use) from None
    if opts.help:
        proc.out(verb_help(path, found))
        return 0
    if len(args) < found.min_args:
        raise CliError(f"requires at least {found.min_args} arg(s), only received {len(args)}")
    ctx = None
    try:
        ctx = Compose(proc, prog, global_opts)
        if found.needs_project:
            ctx.load()
        status = found.handler(ctx, opts, args)
    except ComposeError as error:
        if ctx:
            ctx.finish()
        raise CliError(str(error), error.status) from None
    except DockerError as error:
        ctx.finish()
        raise CliError(msg.DAEMON_ERROR.format(message=error.message)) from None
    ctx.finish()
    return status or 0


@command("compose", plugin=True, short="Docker Compose", usage="docker compose [OPTIONS] COMMAND")
def compose_plugin(ctx, opts, args):
    return run(ctx.proc, "docker compose", args)


@program("docker-compose")
def docker_compose(proc):
    try:
        return run(proc, "docker compose", proc.argv[1:])
    except CliError as error:
        if error.message:
            proc.err(error.message + "\n")
        return error.status


def group_help(prog):
    width = max(len(name) for name in VERBS) + 2
    commands = "".join(f"  {name.ljust(width)}{VERBS[name].short}\n" for name in sorted(VERBS))
    return (f"\nUsage:  {prog} [OPTIONS] COMMAND\n\nDefine and run multi-container applications "
            f"with Docker\n\nOptions:\n{flag_usages(GLOBAL_FLAGS)}\nCommands:\n{commands}\n"
            f"Run '{prog} COMMAND --help' for more information on a command.\n")


def verb_help(path, found):
    options = flag_usages(found.flags)
    return (f"\nUsage:  {path} {found.use}\n\n{found.short}\n"
            + (f"\nOptions:\n{options}" if options else ""))


@verb("version", "[OPTIONS]", "Show the Docker Compose version information",
      [Flag("format", "f", str, "Format the output. Values: [pretty | json]. (Default: pretty)"),
       Flag("short", "", bool, "Shows only Compose's version number")], needs_project=False)
def version(ctx, opts, args):
    if opts.short:
        ctx.out(f"{VERSION}\n")
    elif opts.format == "json":
        ctx.out(f'{{"version":"v{VERSION}"}}\n')
    else:
        ctx.out(f"Docker Compose version v{VERSION}\n")

