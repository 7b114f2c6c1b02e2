"""Volumes and bind mounts on the Linux runtime: one directory per mount source (a named volume,
a path of the simulated host), shared by every running container of the engine that mounts it,
so what one writes the others read at once, as with Docker.

A shared directory lives on the containers' tmpfs (bounded, charged like their layers) as
`.volume-<engine key>-<digest of the source>`; the engine key keeps two students' volumes of the
same name apart. The directory is written from the engine's copy by the first container that
mounts it, mirrored back while containers run and when they end, and removed when the last
one ends. Each container lists the shared directories it uses in its own directory (`volumes`),
which is how a later container, another process or the reaper knows one is in use."""
import hashlib
import os

from .container import Paths, listed

PREFIX = ".volume-"
USES = "volumes"                # in a container's directory: the shared directories it mounts


def shared_dir(root, key, source, subpath):
    """The directory of a mount source ({"kind": "volume", "name"} or {"kind": "bind", "path"})."""
    what = f"{source['kind']}:{source.get('name') or source.get('path')}:{subpath}"
    digest = hashlib.sha256(what.encode()).hexdigest()[:16]
    return os.path.join(root, "containers", f"{PREFIX}{key}-{digest}")


def shares(source):
    """Whether a mount's source is shared between containers (volumes and host paths are; the
    container's own /etc files and a build step's mounts are not)."""
    return (source or {}).get("kind") in ("volume", "bind")


def record(root, container_id, directories):
    with open(os.path.join(Paths(root, container_id).dir, USES), "w") as f:
        f.write("\n".join(os.path.basename(d) for d in directories))


def used(root, but=None):
    """The names of the shared directories a container other than `but` mounts."""
    return listed(root, USES, but)


def unused(root):
    """The shared directories under `root` no container uses (left by a crash)."""
    containers = os.path.join(root, "containers")
    names = os.listdir(containers) if os.path.isdir(containers) else []
    in_use = used(root)
    return [os.path.join(containers, n) for n in names if n.startswith(PREFIX) and n not in in_use]
