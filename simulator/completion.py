"""Tab completion: candidates for the last word of a line, as bash with bash-completion offers
them. Commands on PATH, files and directories (a directory ends in `/`), docker verbs,
management and compose sub-commands, the flags of the command being typed (from its CLI spec),
and the names of containers, images, volumes and networks where its usage names one."""
import posixpath
import re

from .cli import spec
from .cli.commands.compose import VERBS as COMPOSE_VERBS
from .cli.main import GLOBAL_FLAGS
from .shell.builtins import BUILTINS
from .terminal import ContainerShell

COMMAND_START = re.compile(r"&&|\|\||[;|&(]")     # a new simple command begins after these
PLACEHOLDER = re.compile(r"\[?([A-Za-z_]+)")
VALUE_KINDS = {"network": "networks", "net": "networks", "volumes-from": "containers",
               "link": "containers", "volume": "volumes", "file": "paths", "env-file": "paths",
               "label-file": "paths", "output": "paths", "input": "paths", "cidfile": "paths"}


def complete(session, line):
    """Candidates for the last word of `line` (the text before the cursor), sorted."""
    shell, fs, engine = session.shell, session.host.fs, session.engine
    frame = session.terminal.top
    if isinstance(frame, ContainerShell):       # the container's shell has the terminal
        container = engine.containers.get(frame.container_id)
        if container is not None:
            shell, fs, engine = frame.shell, engine.containers.machine(container).fs, None
    segment = COMMAND_START.split(line)[-1]
    words = segment.split() + ([""] if not segment.strip() or segment[-1].isspace() else [])
    word = words[-1]
    if len(words) == 1:
        found = paths(fs, shell.cwd, word) if "/" in word else commands(fs, shell.vars.get("PATH", ""))
    elif words[0] == "docker" and engine is not None:
        found = docker(engine, fs, shell.cwd, words[1:])
    elif words[0] == "docker-compose":
        found = compose(fs, shell.cwd, words[1:])
    else:
        found = paths(fs, shell.cwd, word)
    return sorted({c for c in found if c.startswith(word)})


def commands(fs, path_variable):
    found = set(BUILTINS)
    for directory in path_variable.split(":"):
        if directory and fs.is_dir(directory):
            found.update(fs.listdir(directory))
    return found


def paths(fs, cwd, word):
    directory, _, stem = word.rpartition("/")
    base = posixpath.join(cwd, directory or ("/" if word.startswith("/") else "."))
    if not fs.is_dir(base):
        return []
    prefix = directory + "/" if directory or word.startswith("/") else ""
    return [prefix + name + ("/" if fs.is_dir(posixpath.join(base, name)) else "")
            for name in fs.listdir(base) if name.startswith(stem)]


def docker(engine, fs, cwd, args):
    """`args`: the words after `docker`, the last one being typed."""
    word, typed = args[-1], args[:-1]
    routes = spec.routes()
    if not typed:
        if word.startswith("-"):
            return flag_names(GLOBAL_FLAGS)
        return {path.split(" ")[0] for path in routes} | set(spec.GROUPS)
    if typed[0] == "compose":
        return compose(fs, cwd, args[1:])
    if typed[0] in spec.GROUPS and len(typed) == 1:
        return {path.split(" ", 1)[1] for path in routes if path.startswith(typed[0] + " ")}
    depth = 2 if len(typed) > 1 and " ".join(typed[:2]) in routes else 1
    route = routes.get(" ".join(typed[:depth]))
    if route is None:
        return []
    command, given = route[0], typed[depth:]
    if word.startswith("-"):
        return flag_names(command.flags)
    value_of = flag_taking_value(command.flags, given[-1]) if given else None
    if value_of is not None:
        kind = VALUE_KINDS.get(value_of.name)
    else:
        kind = placeholder_kind(command.use, positional_index(command.flags, given))
    if kind == "paths":
        return paths(fs, cwd, word)
    return object_names(engine, kind) if kind else []


def compose(fs, cwd, args):
    word, typed = args[-1], args[:-1]
    verb = next((w for w in typed if not w.startswith("-")), None)
    if verb is None:
        return set(COMPOSE_VERBS)
    if word.startswith("-") and verb in COMPOSE_VERBS:
        return flag_names(COMPOSE_VERBS[verb].flags)
    return paths(fs, cwd, word)


def flag_names(flags):
    names = {"--help"}
    for flag in flags:
        if not flag.hidden and not flag.deprecated:
            names.add("--" + flag.name)
            if flag.short and not flag.short_deprecated:
                names.add("-" + flag.short)
    return names


def flag_taking_value(flags, word):
    """The flag `word` names when its value is the next word (`--network`, `-v`), else None."""
    if not word.startswith("-") or "=" in word:
        return None
    name = word.lstrip("-")
    for flag in flags:
        if flag.kind is not bool and name in (flag.name, flag.short) and (word.startswith("--") or len(name) == 1):
            return flag
    return None


def positional_index(flags, given):
    """How many arguments (not flags, not flag values) precede the word being typed."""
    count, skip = 0, False
    for word in given:
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            skip = flag_taking_value(flags, word) is not None
        else:
            count += 1
    return count


def placeholder_kind(use, index):
    """What the usage line names at argument `index`: `[OPTIONS] CONTAINER [CONTAINER...]`."""
    words = [w for w in re.sub(r"\s*\|\s*", "|", use.split("\n")[0]).split() if w != "[OPTIONS]"]
    if not words:
        return None
    word = words[index] if index < len(words) else words[-1] if words[-1].endswith("...]") else ""
    match = PLACEHOLDER.match(word)
    name = match.group(1) if match else ""
    if "CONTAINER" in name:
        return "containers"
    if "IMAGE" in name or name == "REPOSITORY" or word.startswith("NAME[:TAG"):
        return "images"
    if name in ("VOLUME", "NETWORK"):
        return name.lower() + "s"
    if name == "NAME":
        return "objects"
    if name in ("PATH", "file"):
        return "paths"
    return None


def object_names(engine, kind):
    names = {
        "containers": lambda: [c.name for c in engine.containers.all()],
        "images": lambda: [tag for image in engine.images.by_id.values() for tag in image.repo_tags],
        "volumes": lambda: list(engine.volumes.by_name),
        "networks": lambda: [n.name for n in engine.networks.by_id.values()],
    }
    if kind == "objects":
        return [name for lister in names.values() for name in lister()]
    return names[kind]()
