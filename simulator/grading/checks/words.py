"""Checks on what the student typed and answered: `answer`, `command_used`, `output_contains`.
Use them sparingly: the state is what counts."""
import re
import shlex

from ..answer import ANSWER_FILE
from ..match import describe_text, text_matches
from . import check


@check("answer", {"matches", "equals", "contains"})
def answer(spec, probe):
    given = probe.host_file(ANSWER_FILE)
    if given is None:
        return False, "no answer yet: type `answer <your answer>` in the terminal"
    given = given.strip()
    if "equals" in spec:
        return given == str(spec["equals"]).strip(), f"{given!r} is not the expected answer"
    if "matches" in spec:
        return bool(re.fullmatch(str(spec["matches"]), given, re.I)), f"{given!r} is not the expected answer"
    return text_matches(given, spec), f"{given!r} is not the expected answer"


@check("command_used", {"command", "matches"})
def command_used(spec, probe):
    """A line of the session's history starts with `command` (compared word by word), or matches
    the regex `matches`."""
    history = list(getattr(probe.session, "history", []))
    if "matches" in spec:
        pattern = re.compile(str(spec["matches"]))
        return any(pattern.search(line) for line in history), f"use a command matching /{spec['matches']}/"
    wanted = _words(spec["command"])
    return any(_words(line)[:len(wanted)] == wanted for line in history), f"use `{spec['command']}`"


def _words(line):
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


@check("output_contains", {"command", "contains", "not_contains", "matches", "equals", "exit_code"})
def output_contains(spec, probe):
    """Runs `command` in a fork of the session and matches its output (and exit code)."""
    result = probe.fork().run(str(spec["command"]))
    if "exit_code" in spec and result.exit_code != int(spec["exit_code"]):
        return False, f"`{spec['command']}` exits with {result.exit_code}, expected {spec['exit_code']}"
    if not text_matches(result.output, spec):
        return False, f"the output of `{spec['command']}` should {describe_text(spec)}"
    return True, ""
