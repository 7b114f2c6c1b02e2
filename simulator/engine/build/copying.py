"""COPY and ADD: which files a source names, where they land, and who owns them.

Sources come from the build context, from another stage's filesystem (`--from=stage`) or
from an image's. Directory sources copy their contents; a file lands inside a destination
ending in `/` (or an existing directory) under its own name, else at the destination path."""
import io
import posixpath
import re
import tarfile
from dataclasses import replace

from ...fs import Dir, File, FileSystem, FSError, Layer, Symlink
from ...limits import MAX_FILE
from .context import MAX_CONTEXT_FILES, BuildContext, checksum


class CopyError(Exception):
    pass


class Missing(CopyError):
    """A source that matches nothing: BuildKit's `"/<path>": not found`."""

    def __init__(self, source):
        super().__init__(source)
        self.source = "/" + posixpath.normpath("/" + source).lstrip("/")


def fs_context(fs, specs):
    """Another stage's (or an image's) files that `specs` may name, seen as a build context:
    only the trees under the named paths are read, never the whole filesystem."""
    ctx = BuildContext()
    for spec in specs:
        path = posixpath.normpath("/" + spec)
        parts = path.split("/")
        wild = next((i for i, part in enumerate(parts) if re.search(r"[*?\[]", part)), None)
        root = "/".join(parts[:wild]) or "/" if wild is not None else path
        if not fs.exists(root, follow=False):
            continue
        rel = root.lstrip("/")
        if rel:
            ctx.entries[rel] = fs.node(root, follow=False)
        if fs.is_dir(root) and not fs.is_link(root):
            for folder, dirs, files in fs.walk(root):
                base = folder.lstrip("/")
                for name in dirs + files:
                    child = f"{base}/{name}" if base else name
                    ctx.entries[child] = fs.node(posixpath.join(folder, name), follow=False)
                    if len(ctx.entries) > MAX_CONTEXT_FILES:
                        raise CopyError(f"too many files to copy: more than {MAX_CONTEXT_FILES}")
    return ctx


def context_fs(ctx):
    """A context's files as a read-only filesystem (what a bind mount shows)."""
    entries = {"/": Dir()}
    entries.update(("/" + rel, node) for rel, node in ctx.entries.items())
    return FileSystem([Layer(entries)], readonly=True)


def sources(ctx, specs):
    """(spec, [matched relative paths]) per source; raises Missing for a plain name that is
    absent (a wildcard may match nothing, as in BuildKit)."""
    found = []
    for spec in specs:
        matches = ctx.match(spec)
        if not matches and not re.search(r"[*?\[]", spec):
            raise Missing(spec)
        found.append((spec, matches))
    return found


def source_checksum(ctx, found):
    return checksum((f"{spec}\0{rel}/{sub}", node) for spec, matches in found
                    for rel in matches for sub, node in ctx.tree(rel))


def owner(fs, spec):
    """uid, gid of a `--chown` spec, names looked up in the stage's /etc/passwd and /etc/group."""
    user, _, group = spec.partition(":")

    def lookup(path, name, column=2):
        if name.isdigit():
            return int(name)
        try:
            lines = fs.read_text(path).splitlines()
        except FSError:
            lines = []
        for line in lines:
            fields = line.split(":")
            if len(fields) > column and fields[0] == name:
                return int(fields[column])
        kind = "uid" if path.endswith("passwd") else "gid"
        raise CopyError(f"unable to convert uid/gid chown string to host mapping: can't find "
                        f"{kind} for user {name}: no such user: {name}")

    uid = lookup("/etc/passwd", user)
    if group:
        return uid, lookup("/etc/group", group)
    if user.isdigit():
        return uid, uid
    try:
        for line in fs.read_text("/etc/passwd").splitlines():
            fields = line.split(":")
            if fields[0] == user:
                return uid, int(fields[3])
    except FSError:
        pass
    return uid, uid


def ensure_dir(fs, path, uid=0, gid=0):
    """mkdir -p that leaves existing directories as they are."""
    parts = [p for p in path.split("/") if p]
    current = ""
    for part in parts:
        current += "/" + part
        if not fs.is_dir(current):
            fs.put(current, Dir(mode=0o755, uid=uid, gid=gid))


def place(fs, target, node, uid, gid, chmod):
    if isinstance(node, Dir):
        if not fs.is_dir(target):
            fs.put(target, replace(node, uid=uid, gid=gid, opaque=False,
                                   mode=chmod if chmod is not None else node.mode))
        return
    if fs.is_dir(target) and not isinstance(node, Dir):
        fs.rmtree(target)
    if isinstance(node, Symlink):
        fs.put(target, replace(node, uid=uid, gid=gid))
        return
    fs.put(target, replace(node, uid=uid, gid=gid, mode=chmod if chmod is not None else node.mode))


def copy(fs, ctx, found, dest, workdir, chown=None, chmod=None):
    """Copy the matched sources into fs at dest (relative to workdir)."""
    target = dest if dest.startswith("/") else posixpath.join(workdir or "/", dest)
    into_dir = dest.endswith("/") or dest in (".", "./") or fs.is_dir(target) \
        or sum(len(m) for _, m in found) > 1
    target = posixpath.normpath(target)
    uid, gid = owner(fs, chown) if chown else (0, 0)
    mode = int(chmod, 8) if chmod else None
    if into_dir:
        ensure_dir(fs, target)
    else:
        ensure_dir(fs, posixpath.dirname(target))
    for _, matches in found:
        for rel in matches:
            node = ctx.node(rel)
            if isinstance(node, Dir):
                base = target
                ensure_dir(fs, base, uid, gid)
            else:
                base = posixpath.join(target, posixpath.basename(rel)) if into_dir else target
            for sub, child in ctx.tree(rel):
                path = posixpath.normpath(posixpath.join(base, sub)) if sub else base
                if sub or not isinstance(node, Dir):
                    place(fs, path, child, uid, gid, mode)


def single(name, data, mode, mtime=0.0):
    """A one-file context (a heredoc, a fetched URL) and what to copy from it."""
    return BuildContext({name: File(data, mode=mode, mtime=mtime)}), [(name, [name])]


def unpack(node):
    """The files of a tar archive (plain, gzip, bzip2 or xz), as a context; None if not one."""
    if not isinstance(node, File) or not node.data:
        return None
    try:
        with tarfile.open(fileobj=io.BytesIO(node.data)) as archive:
            members = archive.getmembers()[:MAX_CONTEXT_FILES]
            ctx = BuildContext()
            for member in members:
                rel = posixpath.normpath("/" + member.name).lstrip("/")
                if not rel or rel == ".":
                    continue
                if member.isdir():
                    ctx.entries[rel] = Dir(mode=member.mode & 0o7777, uid=member.uid, gid=member.gid)
                elif member.issym():
                    ctx.entries[rel] = Symlink(member.linkname, uid=member.uid, gid=member.gid)
                elif member.isfile():
                    data = archive.extractfile(member).read(MAX_FILE)
                    ctx.entries[rel] = File(data, mode=member.mode & 0o7777, uid=member.uid,
                                            gid=member.gid, mtime=float(member.mtime))
    except (tarfile.TarError, EOFError, OSError, ValueError):
        return None
    for rel in list(ctx.entries):
        parent = posixpath.dirname(rel)
        while parent and parent not in ctx.entries:
            ctx.entries[parent] = Dir()
            parent = posixpath.dirname(parent)
    return ctx
