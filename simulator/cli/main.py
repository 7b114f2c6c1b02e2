"""The `docker` program: global flags, the command tree, and one path from argv to a handler
with docker's parsing, help and error rules."""
from ..engine.errors import DockerError
from ..programs.base import program
from . import catalog, help as helptext, messages as msg, spec
from .flags import Flag, FlagError, parse

GLOBAL_FLAGS = [
    Flag("config", "", str, "Location of client config files", default="/root/.docker"),
    Flag("context", "c", str, "Name of the context to use to connect to the daemon (overrides "
         'DOCKER_HOST env var and default context set with "docker context use")'),
    Flag("debug", "D", bool, "Enable debug mode"),
    Flag("host", "H", list, "Daemon socket to connect to"),
    Flag("log-level", "l", str, 'Set the logging level ("debug", "info", "warn", "error", "fatal")',
         default="info"),
    Flag("tls", "", bool, "Use TLS; implied by --tlsverify"),
    Flag("tlscacert", "", str, "Trust certs signed only by this CA", default="/root/.docker/ca.pem"),
    Flag("tlscert", "", str, "Path to TLS certificate file", default="/root/.docker/cert.pem"),
    Flag("tlskey", "", str, "Path to TLS key file", default="/root/.docker/key.pem"),
    Flag("tlsverify", "", bool, "Use TLS and verify the remote"),
    Flag("version", "v", bool, "Print version information and quit"),
]


def help_flag(flags):
    """cobra's --help: hidden, with a deprecated -h, except where a real flag has taken -h
    (run: --hostname); there docker lists --help among the options."""
    short = "" if any(flag.short == "h" for flag in flags) else "h"
    return Flag("help", short, bool, "Print usage", hidden=bool(short),
                short_deprecated=msg.HELP_SHORTHAND_DEPRECATED)


for _cmd in catalog.COMMANDS:
    spec.register(_cmd, replace=False)
for _name, _short in catalog.GROUPS.items():
    spec.group(_name, _short)
from . import commands  # noqa: E402,F401  (imported for its handlers' registration)


@program("docker")
def docker(proc):
    try:
        return dispatch(proc, proc.argv[1:])
    except spec.CliError as error:
        if error.message:
            proc.err(error.message + "\n")
        return error.status


def dispatch(proc, argv):
    flags = GLOBAL_FLAGS + [help_flag(GLOBAL_FLAGS)]
    opts, args = _parse(flags, argv, False, msg.ROOT_USE, "docker", proc)
    if opts.version:
        proc.out(msg.VERSION_LINE + "\n")
        return 0
    if opts.help or not args:
        (proc.out if opts.help else proc.err)(root_help(help_width(proc)))
        return 0
    word, rest = args[0], args[1:]
    if word == "help":
        return _help_topic(proc, rest)
    if word in spec.GROUPS:
        return _group(proc, word, rest)
    route = spec.routes().get(word)
    if route is None:
        raise spec.CliError(msg.UNKNOWN_COMMAND.format(name=word))
    return run_command(proc, *route, rest)


def _group(proc, name, argv):
    path = f"docker {name}"
    opts, args = _parse([help_flag([])], argv, False, path, path, proc)
    if opts.help or not args:
        (proc.out if opts.help else proc.err)(group_help(name))
        return 0
    route = spec.routes().get(f"{name} {args[0]}")
    if route is None:
        raise spec.CliError(msg.UNKNOWN_SUBCOMMAND.format(path=path, name=args[0]))
    return run_command(proc, *route, args[1:])


def run_command(proc, cmd, path, argv):
    func = spec.HANDLERS.get(cmd.name)
    ctx = spec.Context(proc, path, cmd)
    if cmd.plugin:
        return _call(ctx, func, None, argv)
    flags = cmd.flags + [help_flag(cmd.flags)]
    opts, args = _parse(flags, argv, cmd.interspersed, cmd.use_line(path), path, proc)
    if opts.help:
        proc.out(command_help(cmd, path, help_width(proc)))
        return 0
    error = cmd.args.error(len(args), path, cmd.use_line(path))
    if error:
        raise spec.CliError(error)
    return _call(ctx, func, opts, args)


def _call(ctx, func, opts, args):
    if func is None:
        raise spec.CliError(msg.NOT_AVAILABLE.format(path=ctx.path))
    try:
        return func(ctx, opts, args) or 0
    except DockerError as error:
        raise spec.CliError(msg.DAEMON_ERROR.format(message=error.message)) from None


def _parse(flags, argv, interspersed, use_line, path, proc):
    try:
        opts, args, warnings = parse(flags, argv, interspersed)
    except FlagError as error:
        raise spec.CliError(msg.FLAG_ERROR.format(error=error, use_line=use_line, path=path),
                            125) from None
    for warning in warnings:
        proc.err(warning + "\n")
    return opts, args


def _help_topic(proc, words):
    """`docker help [COMMAND...]`."""
    if not words:
        proc.out(root_help(help_width(proc)))
        return 0
    if words[0] in spec.GROUPS and len(words) == 1:
        proc.out(group_help(words[0]))
        return 0
    route = spec.routes().get(" ".join(words))
    if route is None:
        raise spec.CliError(msg.UNKNOWN_HELP_TOPIC.format(topic=" ".join(words)))
    proc.out(command_help(*route, help_width(proc)))
    return 0


def help_width(proc):
    """docker wraps help to the terminal's width when it has one (term.GetWinsize)."""
    width = getattr(proc.terminal, "width", None) if proc.tty else None
    return width - 1 if width else helptext.WIDTH


def command_help(cmd, path, width=helptext.WIDTH):
    names = [f"docker {name}" for name in (cmd.name, *cmd.aliases)] if cmd.aliases else []
    return helptext.command_help(cmd, path, names, cmd.flags + [help_flag(cmd.flags)], width)


def group_help(name):
    subs = []
    for cmd in spec.COMMANDS.values():
        inside = [path for path in (cmd.name, *cmd.aliases) if path.startswith(name + " ")]
        if inside:
            subs.append((inside[0].split(" ", 1)[1], cmd.short))
    return helptext.group_help(name, spec.GROUPS[name], subs)


def root_help(width=helptext.WIDTH):
    entries = {path: cmd for path, (cmd, _) in spec.routes().items() if " " not in path}
    common = sorted(((cmd.top, path, cmd.short) for path, cmd in entries.items() if cmd.top))
    management = [(name, short) for name, short in spec.GROUPS.items()]
    management += [(path + "*", cmd.short) for path, cmd in entries.items() if cmd.plugin]
    others = [(path, cmd.short) for path, cmd in entries.items() if not cmd.top and not cmd.plugin]
    return helptext.root_help([(path, short) for _, path, short in common], management, others,
                              GLOBAL_FLAGS, width)
