"""Typed instructions and build stages from the parser's AST, with BuildKit's validation
messages (argument counts, flags, stage names)."""
from dataclasses import dataclass, field
from typing import Optional

from .dockerfile import HEREDOC, Node, ParseError, go_quote

KEYWORDS = ("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
            "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir")
STRING, BOOL, MULTI = "string", "bool", "multi"
FLAGS = {
    "add": {"chown": STRING, "chmod": STRING, "link": BOOL, "checksum": STRING,
            "keep-git-dir": BOOL, "exclude": MULTI},
    "copy": {"chown": STRING, "chmod": STRING, "from": STRING, "link": BOOL, "parents": BOOL,
             "exclude": MULTI},
    "from": {"platform": STRING},
    "run": {"mount": MULTI, "network": STRING, "security": STRING},
    "healthcheck": {"interval": STRING, "timeout": STRING, "start-period": STRING,
                    "start-interval": STRING, "retries": STRING},
}
EXACTLY_ONE = {"workdir": "WORKDIR", "user": "USER", "stopsignal": "STOPSIGNAL",
               "maintainer": "MAINTAINER"}
AT_LEAST_ONE = {"env": "ENV", "label": "LABEL", "expose": "EXPOSE", "volume": "VOLUME",
                "onbuild": "ONBUILD", "arg": "ARG", "healthcheck": "HEALTHCHECK"}


@dataclass
class Instruction:
    kind: str                       # lowercase keyword: "run", "copy", ...
    args: list                      # words (for ONBUILD: the trigger's text in args[0])
    flags: dict                     # flag name -> str, True, or list (MULTI)
    json: bool
    node: Node

    @property
    def line(self):
        return self.node.start_line

    @property
    def text(self):
        """The instruction as written, without its keyword's case changed."""
        return self.node.original.strip()

    @property
    def heredocs(self):
        return self.node.heredocs


@dataclass
class Stage:
    base: str
    name: str
    platform: str
    node: Node
    index: int
    instructions: list = field(default_factory=list)


@dataclass
class Dockerfile:
    meta_args: list                 # Instructions of the ARGs before the first FROM
    stages: list
    escape: str = "\\"
    warnings: list = field(default_factory=list)

    def stage(self, ref) -> Optional[Stage]:
        """The stage a `--from`/`--target` names: a stage name or an index."""
        for stage in self.stages:
            if stage.name and stage.name == ref.lower():
                return stage
        if ref.isdigit() and int(ref) < len(self.stages):
            return self.stages[int(ref)]
        return None


class InstructionError(ParseError):
    """An instruction BuildKit's instruction parser rejects: its text names the line."""

    def __str__(self):
        return f"dockerfile parse error on line {self.line}: {self.message}"


def fail(node, message):
    raise InstructionError(message, node.start_line, node.end_line)


def parse_flags(node, kind):
    known, values = FLAGS.get(kind, {}), {}
    for raw in node.flags:
        if not raw.startswith("--"):
            fail(node, f"Arg {go_quote(raw)} must start with --")
        name, eq, value = raw[2:].partition("=")
        if name not in known:
            fail(node, f"unknown flag: {name}")
        if known[name] == MULTI:
            values.setdefault(name, []).append(value)
            continue
        if name in values:
            fail(node, f"Duplicate flag specified: {name}")
        if known[name] == BOOL:
            if value not in ("", "true", "false"):
                fail(node, f"expecting boolean value for flag {name}, not: {value}")
            values[name] = value != "false"
        elif not eq:
            fail(node, f"Missing a value on flag: {name}")
        else:
            values[name] = value
    return values


def closest(word, options):
    """BuildKit's "did you mean" suggestion: the nearest keyword within one edit (two for
    longer words)."""
    def distance(a, b):
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return row[-1]
    scored = sorted((distance(word.lower(), option), option) for option in options)
    limit = 1 if len(word) <= 4 else 2
    return scored[0][1] if scored and scored[0][0] <= limit else None


def validate(node, kind, args):
    if kind not in KEYWORDS:
        guess = closest(node.value, KEYWORDS)
        fail(node, f"unknown instruction: {node.value}" + (f" (did you mean {guess.upper()}?)" if guess else ""))
    if kind in EXACTLY_ONE and len(args) != 1:
        fail(node, f"{EXACTLY_ONE[kind]} requires exactly one argument")
    if kind in AT_LEAST_ONE and not args:
        fail(node, f"{AT_LEAST_ONE[kind]} requires at least one argument")
    if kind in ("copy", "add") and len(args) < 2:
        fail(node, f"{kind.upper()} requires at least two arguments, but only one was provided. "
                   "Destination could not be determined")
    if kind in ("copy", "add") and HEREDOC.match(args[-1]):
        fail(node, f"{kind.upper()} cannot accept a heredoc as a destination")
    if kind in ("env", "label") and any(not args[i] for i in range(0, len(args), 3)):
        fail(node, f"{kind.upper()} names can not be blank")
    if kind == "arg" and any(a.startswith("=") for a in args):
        fail(node, "ARG names can not be blank")
    if kind == "shell" and not node.json:
        fail(node, "SHELL requires the arguments to be in JSON form")
    if kind == "shell" and not args:
        fail(node, "SHELL requires at least one argument")
    if kind == "volume" and any(not a.strip() for a in args):
        fail(node, "VOLUME specified can not be an empty string")
    if kind == "healthcheck":
        validate_healthcheck(node, args)
    if kind == "onbuild":
        trigger = args[0].value.upper() if isinstance(args[0], Node) else ""
        if trigger == "ONBUILD":
            fail(node, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
        if trigger in ("MAINTAINER", "FROM"):
            fail(node, f"{trigger} isn't allowed as an ONBUILD trigger")


def validate_healthcheck(node, args):
    kind = args[0].upper()
    if kind == "NONE":
        if len(args) > 1:
            fail(node, "HEALTHCHECK NONE takes no arguments")
        return
    if kind != "CMD":
        fail(node, f'Unknown type "{kind}" in HEALTHCHECK (try CMD)')
    if len(args) == 1:
        fail(node, "Missing command after HEALTHCHECK CMD")


def stage_name(node, args):
    if len(args) == 3 and args[1].lower() == "as":
        name = args[2].lower()
        if not name[:1].isalpha() or not all(c.isalnum() or c in "-_." for c in name) \
                or not name.isascii():
            fail(node, f"invalid name for build stage: {go_quote(args[2])}, name can't start "
                       "with a number or contain symbols")
        return name
    if len(args) != 1:
        fail(node, "FROM requires either one or three arguments")
    return ""


def instructions(parsed):
    """A parsed Dockerfile (dockerfile.Parsed) as its meta ARGs and stages."""
    result = Dockerfile([], [], parsed.escape, list(parsed.warnings))
    for node in parsed.children:
        kind = node.keyword
        args = list(node.args)
        validate(node, kind, args)
        flags = parse_flags(node, kind)
        if kind == "from":
            name = stage_name(node, args)
            result.stages.append(Stage(args[0], name, flags.get("platform", ""), node,
                                       len(result.stages)))
            continue
        if kind == "onbuild":
            args = [node.original.strip()[len(node.value):].strip()]
        instruction = Instruction(kind, args, flags, node.json, node)
        if not result.stages:
            if kind != "arg":
                raise ParseError("no build stage in current context", node.start_line, node.end_line)
            result.meta_args.append(instruction)
        else:
            result.stages[-1].instructions.append(instruction)
    return result
