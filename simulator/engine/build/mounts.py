"""`RUN --mount=...`: cache mounts that outlive the step (kept by the builder, so a package
manager's download cache is warm next time), read-only bind mounts of the context or another
stage (keyed by their content), and tmpfs. Secret and ssh mounts are accepted and mount an
empty directory, as when the build is given no secret."""
from dataclasses import dataclass

KEYS = {"type", "target", "dst", "destination", "source", "src", "from", "id", "mode", "uid", "gid",
        "sharing", "readonly", "ro", "rw", "readwrite", "size", "required", "env"}
TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")


class MountError(Exception):
    pass


@dataclass
class MountSpec:
    type: str
    target: str
    source: str = ""
    source_from: str = ""
    id: str = ""
    readonly: bool = True


def parse(text):
    """One --mount value, as BuildKit's dockerfile frontend reads it."""
    fields = {}
    for field in text.split(","):
        key, eq, value = field.strip().partition("=")
        key = key.lower()
        if key not in KEYS:
            raise MountError(f"unexpected key '{key}' in '{field.strip()}'")
        fields[key] = value if eq else "true"
    kind = fields.get("type", "bind")
    if kind not in TYPES:
        raise MountError(f'unsupported mount type "{kind}"')
    target = fields.get("target") or fields.get("dst") or fields.get("destination") or ""
    if kind == "secret" and not target:
        target = "/run/secrets/" + fields.get("id", fields.get("source", fields.get("src", "")))
    if kind == "ssh" and not target:
        target = "/run/buildkit/ssh_agent.0"
    if not target:
        raise MountError("mount destination not specified")
    writable = fields.get("rw") == "true" or fields.get("readwrite") == "true"
    return MountSpec(kind, target, fields.get("source") or fields.get("src") or "/",
                     fields.get("from", ""), fields.get("id") or target,
                     readonly=kind == "bind" and not writable)
