"""Files in and out of containers: cp (archive semantics, `-` as a tar stream), diff, commit,
export, and image import. Tar streams travel through the shell as latin-1 text."""
import io
import json
import posixpath
import tarfile

from ...engine import reference
from ...engine.state import timestamp
from ...fs import Dir, FSError, Layer, Symlink
from ...fs.tar import add_node, file_node, unpack
from ..format.units import human_size_with_precision
from ..spec import CliError, handler
from .container_view import command_text

STDIO = "-"


def split_target(arg):
    """("web", "/etc") for `web:/etc`, (None, path) for a local path."""
    if ":" in arg and not arg.startswith(("/", ".")):
        name, path = arg.split(":", 1)
        return name, path or "/"
    return None, arg


def tar_bytes(fs, path, arcname):
    """A tar archive of `path` in fs (a file or a tree), as docker cp sends it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for source, name in _entries(fs, path, arcname):
            add_node(archive, fs, source, name)
    return buffer.getvalue()


def _entries(fs, path, arcname):
    yield path, arcname
    if fs.is_dir(path) and not fs.stat(path, follow=False).kind == "symlink":
        for root, dirs, files in fs.walk(path):
            for name in dirs + files:
                full = posixpath.join(root, name)
                yield full, posixpath.join(arcname, posixpath.relpath(full, path))


def stream_size(data):
    """The bytes docker cp counts: the tar stream as Go's archive/tar writes it (a 512-byte header
    per member, its data padded to 512, two zero blocks), not Python's 10 KiB records."""
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return sum(512 + -(-member.size // 512) * 512 for member in archive.getmembers()) + 1024


def shown_local(ctx, path):
    """cli resolveLocalPath: absolute, keeping a trailing `/.` or `/` the student typed."""
    shown = ctx.proc.path(path).rstrip("/") or "/"
    if posixpath.basename(path) == "." and posixpath.basename(shown) != ".":
        shown = shown.rstrip("/") + "/."
    return shown + "/" if path.endswith("/") and not shown.endswith("/") else shown


def extract(fs, data, dest):
    """Unpack a tar archive into fs under dest; returns the bytes written."""
    total = 0
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            target = posixpath.normpath(posixpath.join(dest, member.name.lstrip("/")))
            if (target + "/").startswith(dest.rstrip("/") + "/"):
                total += unpack(fs, archive, member, target)
    return total


def copy_tree(src_fs, src, dst_fs, dst):
    """docker cp's rules: into an existing directory, or onto a new name; `dir/.` copies contents."""
    contents_only = src.endswith("/.")
    src = posixpath.normpath(src)
    if dst_fs.is_dir(dst) and not contents_only:
        dst = posixpath.join(dst, posixpath.basename(src) or "/")
    elif dst.endswith("/") and not dst_fs.exists(dst):
        raise FSError("ENOENT", dst)
    data = tar_bytes(src_fs, src, ".")
    if not src_fs.is_dir(src):
        if dst_fs.is_dir(dst):
            raise FSError("EISDIR", dst)
        dst_fs.put(dst, src_fs.node(src))
        return stream_size(data)
    dst_fs.mkdir(dst, parents=False, exist_ok=True)
    extract(dst_fs, data, dst)
    return stream_size(data)


@handler("container cp")
def cp(ctx, opts, args):
    src_name, src = split_target(args[0])
    dst_name, dst = split_target(args[1])
    if (src_name is None) == (dst_name is None):
        message = "one of src or dest must be a local file specification" if src_name is None \
            else "copying between containers is not supported"
        raise CliError(message)
    engine = ctx.engine
    host = ctx.proc.fs
    if src_name is not None:
        c = ctx.engine.containers.find(src_name)
        fs = engine.containers.fs(c)
        path = posixpath.join(engine.containers.cwd(c), src) if not src.startswith("/") else src
        if not fs.exists(path.rstrip(".") or "/"):
            raise CliError(f"Error response from daemon: Could not find the file {src} in container {src_name}")
        if dst == STDIO:
            ctx.out(tar_bytes(fs, posixpath.normpath(path), posixpath.basename(posixpath.normpath(path)))
                    .decode("latin-1"))
            return 0
        target = ctx.proc.path(dst)
        if not host.is_dir(posixpath.dirname(target)):
            raise CliError(f"lstat {posixpath.dirname(target)}: no such file or directory")
        size = copy_tree(fs, path, host, target)
        shown = shown_local(ctx, dst)
    else:
        c = ctx.engine.containers.find(dst_name)
        fs = engine.containers.fs(c)
        path = dst if dst.startswith("/") else posixpath.join(engine.containers.cwd(c), dst)
        if src == STDIO:
            extract(fs, ctx.proc.stdin.encode("latin-1"), path)
            size = 0                   # the CLI counts only the archives it makes itself
        else:
            local = ctx.proc.path(src) + ("/." if src.endswith("/.") else "")
            if not host.exists(local.removesuffix("/.")):
                raise CliError(f"lstat {ctx.proc.path(src)}: no such file or directory")
            try:
                size = copy_tree(host, local, fs, path)
            except FSError as error:
                raise CliError(f"Error response from daemon: {error.path}: {error}") from None
        shown = f"{dst_name}:{dst}"
    if ctx.tty and not opts.quiet:
        ctx.err(f"Successfully copied {human_size_with_precision(size)} to {shown}\n")
    return 0


@handler("container diff")
def diff(ctx, opts, args):
    c = ctx.engine.containers.find(args[0])
    for kind, path in sorted(ctx.engine.containers.fs(c).diff(), key=lambda change: change[1]):
        ctx.out(f"{kind} {path}\n")
    return 0


def apply_changes(config, changes):
    """`--change` Dockerfile instructions applied to an image config (commit, import)."""
    for change in changes:
        word, _, rest = change.strip().partition(" ")
        word, rest = word.upper(), rest.strip()
        if word in ("CMD", "ENTRYPOINT"):
            try:
                value = json.loads(rest)
            except ValueError:
                value = None
            if not isinstance(value, list):
                value = ["/bin/sh", "-c", rest]
            config["Cmd" if word == "CMD" else "Entrypoint"] = value
        elif word == "ENV":
            key, _, value = rest.partition("=") if "=" in rest.split(" ", 1)[0] else rest.partition(" ")
            config["Env"] = [e for e in config.get("Env") or [] if not e.startswith(key + "=")] + [f"{key}={value}"]
        elif word == "EXPOSE":
            config["ExposedPorts"] = {**(config.get("ExposedPorts") or {}),
                                      **{(p if "/" in p else p + "/tcp"): {} for p in rest.split()}}
        elif word == "LABEL":
            key, _, value = rest.partition("=")
            config["Labels"] = {**(config.get("Labels") or {}), key: value.strip('"')}
        elif word in ("WORKDIR", "USER", "STOPSIGNAL"):
            config[{"WORKDIR": "WorkingDir", "USER": "User", "STOPSIGNAL": "StopSignal"}[word]] = rest
        elif word == "VOLUME":
            config["Volumes"] = {**(config.get("Volumes") or {}), rest: {}}
        else:
            raise CliError(f"Error response from daemon: {word.lower()} is not a valid change command")
    return config


@handler("container commit")
def commit(ctx, opts, args):
    engine = ctx.engine
    c = ctx.engine.containers.find(args[0])
    image = engine.images.by_id.get(c.image_id)
    config = {key: c.config.get(key) for key in ("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
                                                 "WorkingDir", "Labels", "StopSignal") if c.config.get(key)}
    config = apply_changes(config, opts.change)
    now = timestamp(engine.clock.now())
    history = list(image.history if image else []) + [
        {"created": now, "created_by": command_text(c), "empty_layer": False, "comment": opts.message}]
    if args[1:]:
        check_reference(args[1])
    layer = engine.containers.fs(c).commit()
    lowers = list(image.layers) if image else []
    new = engine.images.create(config, lowers + [layer], history, now, tags=args[1:2],
                               parent=c.image_id, comment=opts.message, author=opts.author)
    ctx.out(new.id + "\n")
    return 0


def check_reference(name):
    try:
        reference.parse_normalized_named(name)
    except ValueError as error:
        raise CliError(f'Error parsing reference: "{name}" is not a valid repository/tag: {error}') from None


def fs_tar(fs):
    """The whole filesystem of a container as a tar archive (`docker export`)."""
    return tar_bytes(fs, "/", ".")


@handler("container export")
def export(ctx, opts, args):
    c = ctx.engine.containers.find(args[0])
    data = fs_tar(ctx.engine.containers.fs(c))
    if opts.output:
        ctx.proc.fs.write(ctx.proc.path(opts.output), data)
        return 0
    if ctx.tty:
        raise CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    ctx.out(data.decode("latin-1"))
    return 0


def layer_from_tar(data):
    entries = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            path = posixpath.normpath("/" + member.name.lstrip("./"))
            owner = dict(mode=member.mode, uid=member.uid, gid=member.gid, mtime=float(member.mtime))
            if member.isdir():
                entries[path] = Dir(**owner)
            elif member.issym():
                entries[path] = Symlink(member.linkname, **owner)
            elif member.isfile():
                entries[path] = file_node(member, archive)
    entries.setdefault("/", Dir())
    return Layer(entries)


def import_archive(ctx, opts, args):
    engine = ctx.engine
    source = args[0]
    try:
        data = ctx.proc.stdin.encode("latin-1") if source == STDIO else ctx.proc.fs.read(ctx.proc.path(source))
        layer = layer_from_tar(data)
    except FSError:
        raise CliError(f"open {source}: no such file or directory") from None
    except tarfile.TarError:
        raise CliError("Error response from daemon: archive/tar: invalid tar header") from None
    now = timestamp(engine.clock.now())
    config = apply_changes({}, opts.change)
    history = [{"created": now, "created_by": "", "empty_layer": False, "comment": opts.message or "Imported from -"}]
    image = engine.images.create(config, [layer], history, now, tags=args[1:2], comment=opts.message)
    ctx.out(image.id + "\n")
    return 0
