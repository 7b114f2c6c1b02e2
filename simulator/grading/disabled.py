"""Commands an exercise disables (`disabled: [docker commit, docker-compose]`): the terminal asks
before running a line, and refuses it in the shell's voice."""
import re
import shlex

SEPARATORS = re.compile(r"\|\||&&|[;|&\n]|\$\(|`")


def disabled_command(exercise, line):
    """The message refusing `line` when it uses a command the exercise disables, else None."""
    for entry in getattr(exercise, "disabled", None) or []:
        wanted = entry.split()
        for segment in SEPARATORS.split(line):
            try:
                words = shlex.split(segment)
            except ValueError:
                words = segment.split()
            while words and "=" in words[0] and not words[0].startswith("="):
                words = words[1:]                 # VAR=value prefixes
            if words[:len(wanted)] == wanted:
                return f"bash: {entry}: disabled in this exercise\n"
    return None
