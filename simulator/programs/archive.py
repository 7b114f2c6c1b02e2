"""tar and gzip over real archive bytes (tarfile / gzip on in-memory buffers)."""
import gzip as gz
import io
import posixpath
import tarfile
import zlib

from ..fs import FSError
from ..fs.tar import add_node, unpack
from ..limits import MAX_FILE
from .common import fail, getopt, is_busybox, tool


STDIO = "-"


def tar_args(argv):
    """Old-style `tar czvf out.tgz dir` → `-c -z -v -f out.tgz dir`."""
    args = argv[1:]
    if args and not args[0].startswith("-"):
        letters, rest = args[0], args[1:]
        args = ["-" + letters] + rest
    return args


def add_tree(proc, archive, full, name):
    proc.budget.step()
    if add_node(archive, proc.fs, full, name).kind == "dir":
        for child in proc.fs.listdir(full):
            add_tree(proc, archive, posixpath.join(full, child), posixpath.join(name, child))
    return name


@tool("tar")
def tar(proc):
    opts, paths = getopt(proc, "cxtvzp", valued="fC", long={"create": "c", "extract": "x", "list": "t",
                                                          "verbose": "v", "gzip": "z", "file=": "f",
                                                          "directory=": "C"},
                         usage="c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...",
                         status=2, args=tar_args(proc.argv))
    modes = [m for m in "cxt" if opts.get(m)]
    if len(modes) != 1:
        fail(proc, "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n"
             "Try 'tar --help' or 'tar --usage' for more information." if not is_busybox(proc)
             else "need -c, -x or -t", 2)
    archive_path = opts.get("f") or STDIO
    # Without -f tar uses stdin or stdout, never the terminal. Stdin arrives collected, so an
    # empty one is the terminal's.
    if archive_path == STDIO and (proc.tty if modes == ["c"] else not proc.stdin):
        fail(proc, "Refusing to write archive contents to terminal (missing -f option?)\n"
             "tar: Error is not recoverable: exiting now" if modes == ["c"] else
             "Refusing to read archive contents from terminal (missing -f option?)\n"
             "tar: Error is not recoverable: exiting now", 2)
    base = proc.path(opts.get("C", "."))
    if modes == ["c"]:
        return create(proc, archive_path, base, paths, opts)
    try:
        data = (proc.stdin.encode("latin-1", errors="replace") if archive_path == STDIO
                else proc.fs.read(proc.path(archive_path)))
    except FSError as err:
        fail(proc, f"{archive_path}: Cannot open: {err}\ntar: Error is not recoverable: exiting now", 2)
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")
        members = archive.getmembers()
    except (tarfile.TarError, EOFError, zlib.error, OSError):
        fail(proc, "This does not look like a tar archive\ntar: Exiting with failure status due to previous errors", 2)
    for member in members:
        proc.budget.step()
        if modes == ["t"] or opts.get("v"):
            proc.out(member.name + ("/" if member.isdir() and not member.name.endswith("/") else "") + "\n")
        if modes == ["x"]:
            extract(proc, archive, member, base)
    return 0


def create(proc, archive_path, base, paths, opts):
    if not paths:
        fail(proc, "Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.", 2)
    buffer = io.BytesIO()
    status = 0
    listing = proc.err if archive_path == STDIO else proc.out   # the archive itself is on stdout
    busybox, warned = is_busybox(proc), False
    with tarfile.open(fileobj=buffer, mode="w:gz" if opts.get("z") else "w", format=tarfile.PAX_FORMAT) as archive:
        for path in paths:
            name = path.lstrip("/") or "."
            full = posixpath.normpath(posixpath.join(base, path))
            if path.startswith("/") and not warned:        # once, before the first such member
                proc.err("tar: removing leading '/' from member names\n" if busybox
                         else "tar: Removing leading `/' from member names\n")
                warned = True
            try:
                added = add_tree(proc, archive, full, name)
            except FSError as err:
                proc.err(f"tar: {path}: Cannot stat: {err}\n")
                status = 2
                continue
            if buffer.tell() > MAX_FILE:    # no file could hold the archive: stop before memory runs out
                fail(proc, f"{archive_path}: Cannot write: File too large\ntar: Error is not recoverable: "
                           "exiting now", 2)
            if opts.get("v"):      # GNU lists the names it read, busybox the names it stored
                shown = "/" if path.startswith("/") and not busybox else ""
                for member in archive.getmembers():
                    if member.name == added or member.name.startswith(added + "/"):
                        listing(shown + member.name + ("/" if member.isdir() else "") + "\n")
    if buffer.tell() > MAX_FILE:
        fail(proc, f"{archive_path}: Cannot write: File too large", 2)
    if archive_path == STDIO:
        proc.out(buffer.getvalue().decode("latin-1"))     # binary streams travel as latin-1 text
    else:
        proc.fs.write(proc.path(archive_path), buffer.getvalue())
    if status:
        proc.err("tar: Exiting with failure status due to previous errors\n")
    return status


def extract(proc, archive, member, base):
    name = posixpath.normpath(member.name.lstrip("/"))
    if name.startswith(".."):
        return
    unpack(proc.fs, archive, member, posixpath.join(base, name))


@tool("gzip", "gunzip", "zcat")
def gzip(proc):
    name = posixpath.basename(proc.argv[0])
    opts, paths = getopt(proc, "dckfv", usage="[-cfkdt123456789] [FILE]...")
    decompress = opts.get("d") or name in ("gunzip", "zcat")
    to_stdout = opts.get("c") or name == "zcat"
    status = 0
    for path in paths:
        proc.budget.step()
        full = proc.path(path)
        try:
            data = proc.fs.read(full)
        except FSError as err:
            proc.err(f"{name}: {path}: {err}\n" if not is_busybox(proc) else f"{name}: can't open '{path}': {err}\n")
            status = 1
            continue
        if decompress:
            if not path.endswith((".gz", ".tgz")) and not to_stdout:
                proc.err(f"{name}: {path}: unknown suffix -- ignored\n")
                status = 2
                continue
            try:
                result = gz.decompress(data)
            except (OSError, EOFError, zlib.error):
                proc.err(f"{name}: {path}: not in gzip format\n")
                status = 1
                continue
            out_path = full[:-3] if full.endswith(".gz") else full[:-4] + ".tar"
        else:
            result = gz.compress(data, mtime=0)
            out_path = full + ".gz"
        if to_stdout:
            proc.out(result.decode("utf-8", errors="replace"))
            continue
        proc.fs.write(out_path, result)
        if not opts.get("k"):
            proc.fs.remove(full)
    return status
