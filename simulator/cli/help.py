"""`--help` output in docker 28's layout (cli/cobra.go usageTemplate, pflag FlagUsagesWrapped)."""
from . import messages as msg
from .format.quote import go_quote

WIDTH = 79          # docker wraps flag help at the terminal width minus one; 80 without a tty
NAME_PADDING = 11   # cobra's minimum command-name padding


def flag_usages(flags, width=WIDTH):
    """pflag's two-column flag list: sorted by name, hidden flags left out, help aligned."""
    rows = []
    for flag in sorted((f for f in flags if not f.hidden and not f.deprecated), key=lambda f: f.name):
        left = f"  -{flag.short}, --{flag.name}" if flag.short else f"      --{flag.name}"
        if flag.metavar:
            left += " " + flag.metavar
        if flag.optional is not None and flag.kind is not bool:
            left += f'[="{flag.optional}"]' if flag.kind is str else f"[={flag.optional}]"
        rows.append((left, flag.help + _default_note(flag)))
    column = max((len(left) for left, _ in rows), default=0) + 1
    return "".join(f"{left}{' ' * (column - len(left) + 1)} {_wrap(column + 2, width, text)}\n"
                   for left, text in rows)


def _default_note(flag):
    if flag.shown_default is not None:
        return f" (default {flag.shown_default})"
    value = flag.default
    if flag.kind == "mapping" and not value:
        return " (default map[])"
    if value in (False, "", 0, None) or value == [] or value == {}:
        return ""
    if flag.kind is bool:
        return " (default true)"
    if flag.kind is str and flag.metavar == "string":
        return f" (default {go_quote(value)})"
    if isinstance(value, list):
        return f" (default [{','.join(value)}])"
    return f" (default {value})"


def _wrap(indent, width, text):
    """pflag's wrap(): continuation lines indented to the help column."""
    room = width - indent
    lead = ""
    if room < 24:
        indent, room, lead = 16, width - 16, "\n" + " " * 16
    if room < 24:
        return text.replace("\n", lead)
    room -= 5
    pieces = []
    while text:
        piece, text = _wrap_n(room, 5, text)
        pieces.append(piece.replace("\n", "\n" + " " * indent))
    return lead + ("\n" + " " * indent).join(pieces)


def _wrap_n(limit, slop, text):
    if limit + slop > len(text):
        return text, ""
    cut = max(text.rfind(" ", 0, limit), text.rfind("\t", 0, limit), text.rfind("\n", 0, limit))
    if cut <= 0:
        return text, ""
    newline = text.rfind("\n", 0, limit)
    if 0 < newline < cut:
        return text[:newline], text[newline + 1:]
    return text[:cut], text[cut + 1:]


def _command_list(entries):
    return "".join(f"\n  {name.ljust(NAME_PADDING)} {short}" for name, short in entries)


def command_help(cmd, path, aliases, flags, width=WIDTH):
    """Help of a runnable command invoked as `path`, listing `flags`."""
    text = f"\nUsage:  {cmd.use_line(path)}\n\n{cmd.long}"
    if aliases:
        text += "\n\nAliases:\n  " + ", ".join(aliases)
    usages = flag_usages(flags, width).rstrip()
    if usages:
        text += "\n\nOptions:\n" + usages
    return text + "\n"


def group_help(name, short, subcommands):
    """Help of a management command: its sub-commands, sorted by name."""
    path = f"docker {name}"
    return (f"\nUsage:  {path} COMMAND\n\n{short}\n\nCommands:{_command_list(sorted(subcommands))}"
            f"\n\n{msg.HELP_RUN_COMMAND.format(path=path)}\n")


def root_help(common, management, others, global_flags, width=WIDTH):
    """`docker --help`: common commands in their set order, then management commands (plugins
    marked `*`) and the remaining commands by name, then the global options."""
    text = f"\nUsage:  docker [OPTIONS] COMMAND\n\n{msg.ROOT_SHORT}\n\nCommon Commands:{_command_list(common)}"
    text += f"\n\nManagement Commands:{_command_list(sorted(management))}"
    text += f"\n\nCommands:{_command_list(sorted(others))}"
    text += "\n\nGlobal Options:\n" + flag_usages(global_flags, width).rstrip()
    return text + f"\n\n{msg.HELP_RUN_COMMAND.format(path='docker')}\n\n{msg.HELP_ADDITIONAL}\n"
