"""What instructions do to the image config, their `docker history` CREATED BY texts (as
BuildKit writes them), and BuildKit's build checks (the warnings printed after a build)."""
import re

from .dockerfile import go_quote

DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
NANOS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
         "m": 60_000_000_000, "h": 3_600_000_000_000}


def go_slice(items):
    """Go's %q of a []string: ["a" "b"]."""
    return "[" + " ".join(go_quote(item) for item in items) + "]"


def go_duration(nanos):
    """Go's time.Duration String for the whole seconds/minutes a HEALTHCHECK uses."""
    seconds = nanos // 1_000_000_000
    if seconds == 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours}h" if hours else ""
    text += f"{minutes}m" if hours or minutes else ""
    return text + f"{seconds}s"


def parse_duration(text, flag):
    if not text:
        return 0
    parts = DURATION.findall(text)
    if not parts or "".join(a + b for a, b in parts) != text:
        raise ValueError(f'time: invalid duration "{text}"')
    nanos = int(sum(float(n) * NANOS[unit] for n, unit in parts))
    if 0 < nanos < 1_000_000:
        raise ValueError(f'Interval "{flag}" cannot be less than 1ms')
    return nanos


def shell_form(state, instruction):
    if instruction.json:
        return list(instruction.args)
    return list(state.config.get("Shell") or ["/bin/sh", "-c"]) + [instruction.args[0]]


def pairs(instruction, expand):
    args = instruction.args
    return [(expand(args[i]), expand(args[i + 1])) for i in range(0, len(args), 3)]


def apply_metadata(state, instruction, expand):
    """Change state.config for a metadata instruction; returns its history text."""
    config, kind, args = state.config, instruction.kind, instruction.args
    if kind == "env":
        found = pairs(instruction, expand)
        env = config.get("Env") or []
        for key, value in found:
            env = [e for e in env if e.split("=", 1)[0] != key] + [f"{key}={value}"]
        config["Env"] = env
        return "ENV " + " ".join(f"{k}={v}" for k, v in found)
    if kind == "label":
        found = pairs(instruction, expand)
        config["Labels"] = {**(config.get("Labels") or {}), **dict(found)}
        return "LABEL " + " ".join(f"{k}={v}" for k, v in found)
    if kind == "arg":
        words = []
        for word in args:
            name = word.split("=", 1)[0]
            value = state.args.get(name)
            words.append(name if value is None else f"{name}={value}")
        return "ARG " + " ".join(words)
    if kind == "cmd":
        config["Cmd"] = shell_form(state, instruction) if args else []
        state.cmd_set = True
        return f"CMD {go_slice(config['Cmd'])}"
    if kind == "entrypoint":
        config["Entrypoint"] = shell_form(state, instruction) if args else None
        if not state.cmd_set:
            config["Cmd"] = None
        return f"ENTRYPOINT {go_slice(config['Entrypoint'] or [])}"
    if kind == "expose":
        ports = []
        for word in args:
            number, _, proto = expand(word).partition("/")
            if not re.fullmatch(r"\d{1,5}(-\d{1,5})?", number):
                raise ValueError(f"invalid containerPort: {number}")
            if proto.lower() not in ("", "tcp", "udp", "sctp"):
                raise ValueError(f"invalid proto: {proto}")
            ports.append(f"{number}/{proto.lower() or 'tcp'}")
        config["ExposedPorts"] = {**(config.get("ExposedPorts") or {}), **{p: {} for p in ports}}
        return "EXPOSE [" + " ".join(sorted(ports)) + "]"
    if kind == "volume":
        volumes = [expand(v) for v in args]
        config["Volumes"] = {**(config.get("Volumes") or {}), **{v: {} for v in volumes}}
        return "VOLUME [" + " ".join(volumes) + "]"
    if kind == "user":
        config["User"] = expand(args[0])
        return "USER " + config["User"]
    if kind == "stopsignal":
        config["StopSignal"] = expand(args[0])
        return "STOPSIGNAL " + config["StopSignal"]
    if kind == "shell":
        config["Shell"] = list(args)
        return "SHELL [" + " ".join(args) + "]"
    if kind == "onbuild":
        config["OnBuild"] = (config.get("OnBuild") or []) + [args[0]]
        return "ONBUILD " + args[0]
    if kind == "maintainer":
        state.author = args[0]
        return "MAINTAINER " + args[0]
    if kind == "healthcheck":
        return healthcheck(state, instruction)
    raise ValueError(f"unknown instruction: {instruction.node.value}")


def healthcheck(state, instruction):
    args, flags = instruction.args, instruction.flags
    if args[0].upper() == "NONE":
        state.config["Healthcheck"] = {"Test": ["NONE"]}
        return 'HEALTHCHECK &{["NONE"] "0s" "0s" "0s" "0s" \'\\x00\'}'
    command = list(args[1:]) if instruction.json else [args[1]]
    test = (["CMD"] if instruction.json else ["CMD-SHELL"]) + command
    check = {"Test": test}
    durations = []
    for flag, key in (("interval", "Interval"), ("timeout", "Timeout"),
                      ("start-period", "StartPeriod"), ("start-interval", "StartInterval")):
        nanos = parse_duration(flags.get(flag, ""), flag)
        durations.append(nanos)
        if nanos:
            check[key] = nanos
    retries = int(flags["retries"]) if flags.get("retries") else 0
    if flags.get("retries") and retries < 1:
        raise ValueError(f"--retries must be at least 1 (not {retries})")
    if retries:
        check["Retries"] = retries
    state.config["Healthcheck"] = check
    return ("HEALTHCHECK &{" + go_slice(test) + " "
            + " ".join(f'"{go_duration(d)}"' for d in durations) + f" '\\x{retries:02x}'" + "}")


def history_text(instruction, state, args):
    """CREATED BY of a step that may make a layer (RUN, COPY, ADD, WORKDIR)."""
    kind = instruction.kind
    if kind == "workdir":
        return "WORKDIR " + state.config["WorkingDir"]
    if kind == "run":
        argv = list(instruction.args) if instruction.json else \
            list(state.config.get("Shell") or ["/bin/sh", "-c"]) + [instruction.args[0]]
        prefix = ""
        if args:
            prefix = f"|{len(args)} " + " ".join(f"{k}={v}" for k, v in args.items()) + " "
        return "RUN " + prefix + " ".join(argv)
    return instruction.text.split(None, 1)[0].upper() + " " + instruction.text.split(None, 1)[1]


def legacy_created_by(instruction, buildkit_text, content_hash):
    """The legacy builder's CREATED BY: the shell command of a RUN, `#(nop)` for the rest,
    COPY/ADD naming their sources by a content hash."""
    kind = instruction.kind
    if kind == "run":
        return buildkit_text.removeprefix("RUN ")
    if kind in ("copy", "add"):
        sources = instruction.args[:-1]
        prefix = "file" if len(sources) == 1 and not sources[0].endswith((".", "/")) else "dir"
        return (f"/bin/sh -c #(nop) {kind.upper()} {prefix}:{content_hash} in "
                f"{instruction.args[-1]} ")
    if kind == "expose":
        return "/bin/sh -c #(nop)  EXPOSE " + " ".join(instruction.args)
    return "/bin/sh -c #(nop)  " + buildkit_text


SECRET = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")
PUBLIC = re.compile(r"(?i)(?:_|^)(?:public)(?:_|$)")


def lint(dockerfile):
    """BuildKit's build checks that fire on common Dockerfiles: (rule, message, line), in line
    order."""
    found = []
    for stage in dockerfile.stages:
        words = stage.node.original.split()
        if len(words) >= 3 and words[-2].lower() == "as":
            if words[0].isupper() != words[-2].isupper():
                found.append(("FromAsCasing", f"'{words[-2]}' and '{words[0]}' keywords' casing do not match",
                              stage.node.start_line))
            if words[-1] != words[-1].lower():
                found.append(("StageNameCasing", f"Stage name '{words[-1]}' should be lowercase",
                              stage.node.start_line))
        found += lint_stage(stage)
    return sorted(found, key=lambda warning: warning[2])


def lint_stage(stage):
    found, last, absolute = [], {}, False
    for instruction in stage.instructions:
        kind, line = instruction.kind, instruction.line
        if kind in ("cmd", "entrypoint", "healthcheck"):
            if kind in last:
                found.append(("MultipleInstructionsDisallowed", f"Multiple {kind.upper()} instructions "
                              "should not be used in the same stage because only the last one will be used",
                              last[kind]))
            last[kind] = line
        if kind in ("cmd", "entrypoint") and not instruction.json and instruction.args:
            found.append(("JSONArgsRecommended", f"JSON arguments recommended for {kind.upper()} to "
                          "prevent unintended behavior related to OS signals", line))
        if kind in ("env", "label") and instruction.args[2:3] == [""]:
            found.append(("LegacyKeyValueFormat", f'"{kind.upper()} key=value" should be used instead of '
                          f'legacy "{kind.upper()} key value" format', line))
        if kind in ("env", "arg"):
            names = instruction.args[0::3] if kind == "env" else [a.split("=", 1)[0] for a in instruction.args]
            for name in names:
                if SECRET.search(name) and not PUBLIC.search(name):
                    found.append(("SecretsUsedInArgOrEnv", "Do not use ARG or ENV instructions for "
                                  f'sensitive data ({kind.upper()} "{name}")', line))
        if kind == "workdir":
            path = instruction.args[0]
            if not path.startswith(("/", "$")) and not absolute:
                found.append(("WorkdirRelativePath", f'Relative workdir "{path}" can have unexpected '
                              "results if the base image changes", line))
            absolute = absolute or path.startswith("/")
        if kind == "maintainer":
            found.append(("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of "
                          "using label", line))
    return found
