"""From the files on disk to a normalised Project, as `docker compose` does before any command.

Order (compose-go): find the files (`-f`, `COMPOSE_FILE`, or the default names in the working
directory or a parent, plus the override file), read `.env`, then per file: parse, interpolate,
validate against the schema; merge the files in order; pick the project name; normalise.
"""
import posixpath
import re

from . import yamlgo
from .cast import cast
from .errors import ComposeError
from .interpolate import Substitution, interpolate, parse_dotenv
from .merge import merge_files
from .model import build_project
from .schema import validate

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILES = ("compose.override.yaml", "compose.override.yml",
                  "docker-compose.override.yml", "docker-compose.override.yaml")
MAX_COMPOSE_FILE = 1024 * 1024


def version_warning(path):
    return (f"{path}: the attribute `version` is obsolete, it will be ignored, please remove it "
            "to avoid potential confusion")


def normalize_project_name(name):
    return re.sub(r"[^a-z0-9_-]", "", name.lower()).lstrip("_-")


def _valid_project_name(name):
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name))


def find_files(fs, cwd, names=(), env=None):
    """Absolute paths of the compose files to load, in merge order."""
    env = env or {}
    if not names and env.get("COMPOSE_FILE"):
        names = [n for n in env["COMPOSE_FILE"].split(env.get("COMPOSE_PATH_SEPARATOR", ":"))
                 if n]
    if names:
        paths = [posixpath.normpath(posixpath.join(cwd, name)) for name in names]
        for path in paths:
            if not fs.is_file(path):
                raise ComposeError(f"open {path}: no such file or directory")
        return paths
    directory = cwd
    while True:
        found = [posixpath.join(directory, n) for n in DEFAULT_FILES
                 if fs.is_file(posixpath.join(directory, n))]
        if found:
            overrides = [posixpath.join(directory, n) for n in OVERRIDE_FILES
                         if fs.is_file(posixpath.join(directory, n))]
            return found[:1] + overrides[:1]
        parent = posixpath.dirname(directory)
        if parent == directory:
            raise ComposeError("no configuration file provided: not found")
        directory = parent


def _read(fs, path):
    text = fs.read_text(path)
    if len(text) > MAX_COMPOSE_FILE:
        raise ComposeError(f"failed to parse {path}: yaml: file too large")
    return text


def _parse(fs, path, substitution, warnings):
    try:
        document = yamlgo.load(_read(fs, path))
    except yamlgo.YamlError as err:
        raise ComposeError(f"failed to parse {path}: {err}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ComposeError("top-level object must be a mapping")
    for section in ("services", "networks", "volumes", "secrets", "configs"):
        if section in document and not isinstance(document[section], (dict, type(None))):
            raise ComposeError(f"{section} must be a mapping")
    if "version" in document:
        warnings.append(version_warning(path))
    document = cast(interpolate(document, substitution))
    problem = validate(document)
    if problem:
        raise ComposeError(f"validating {path}: {problem}")
    return document


def load_environment(fs, project_dir, env, env_files=()):
    """The variables interpolation sees: the shell's environment over the `.env` file."""
    paths = [posixpath.normpath(posixpath.join(project_dir, f)) for f in env_files]
    if not paths and fs.is_file(posixpath.join(project_dir, ".env")):
        paths = [posixpath.join(project_dir, ".env")]
    values = {}
    for path in paths:
        if not fs.is_file(path):
            raise ComposeError(f"couldn't find env file: {path}")
        values.update(parse_dotenv(_read(fs, path), path, env.get))
    values.update(env)
    return values


def load_project(fs, cwd, env, files=(), project_name=None, env_files=(), project_dir=None,
                 profiles=()):
    """(Project, warnings). Raises ComposeError with compose's message."""
    paths = find_files(fs, cwd, files, env)
    project_dir = project_dir or posixpath.dirname(paths[0])
    environment = load_environment(fs, project_dir, env, env_files)
    substitution = Substitution(environment.get)
    warnings = []
    documents = [_parse(fs, path, substitution, warnings) for path in paths]
    warnings.extend(f'The "{name}" variable is not set. Defaulting to a blank string.'
                    for name in substitution.unset)
    merged = _active_profiles(merge_files(documents), profiles, environment)
    name = _project_name(project_name, environment, merged, project_dir)
    if not merged.get("services"):
        raise ComposeError("no service selected" if "services" in merged
                           else "empty compose file")
    project = build_project(name, project_dir, paths, merged, environment, fs)
    return project, warnings


def _active_profiles(merged, profiles, environment):
    """Only services without profiles, or with one of the active ones (`--profile`,
    COMPOSE_PROFILES; `*` is every profile)."""
    active = set(profiles) or {p for p in environment.get("COMPOSE_PROFILES", "").split(",") if p}
    services = merged.get("services") or {}
    kept = {name: raw for name, raw in services.items()
            if not (raw or {}).get("profiles") or "*" in active
            or active & set((raw or {}).get("profiles"))}
    return dict(merged, services=kept) if "services" in merged else merged


def _project_name(explicit, environment, merged, project_dir):
    for candidate in (explicit, environment.get("COMPOSE_PROJECT_NAME"), merged.get("name")):
        if candidate:
            if not _valid_project_name(candidate):
                raise ComposeError(
                    f'invalid project name "{candidate}": must consist only of lowercase '
                    "alphanumeric characters, hyphens, and underscores as well as start with "
                    "a letter or number")
            return candidate
    return normalize_project_name(posixpath.basename(project_dir))
