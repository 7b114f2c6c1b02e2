"""Filesystem nodes in and out of tar archives (docker cp, export and import, the tar program).

A simulated executable stays what it is: the program it runs and its declared size travel as
pax headers (in archives written in the pax format), so an archived /bin/busybox still runs
where it is unpacked."""
import io
import posixpath
import tarfile

from ..limits import MAX_FILE
from .filesystem import FSError
from .nodes import File

PROGRAM, DECLARED = "SLIPWAY.program", "SLIPWAY.size"


def add_node(archive, fs, path, name):
    """Add the node at `path` (not what lies beneath a directory) as the member `name`; returns
    its Stat."""
    stat = fs.lstat(path)
    info = tarfile.TarInfo(name)
    info.mode, info.uid, info.gid, info.mtime = stat.mode & 0o7777, stat.uid, stat.gid, int(stat.mtime)
    if stat.kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
    elif stat.kind == "symlink":
        info.type, info.linkname = tarfile.SYMTYPE, stat.target
        archive.addfile(info)
    else:
        data = fs.read(path)
        info.size = len(data)
        if stat.program:
            info.pax_headers[PROGRAM] = stat.program
        if stat.size != len(data):
            info.pax_headers[DECLARED] = str(stat.size)
        archive.addfile(info, io.BytesIO(data))
    return stat


def file_node(member, archive):
    """A File from a tar member, with the program and declared size it was archived with."""
    declared = member.pax_headers.get(DECLARED)
    return File(archive.extractfile(member).read(), mode=member.mode, uid=member.uid, gid=member.gid,
                mtime=float(member.mtime), program=member.pax_headers.get(PROGRAM),
                size=int(declared) if declared and declared.isdigit() else None)


def unpack(fs, archive, member, target):
    """Write one member at `target`, making its parent directories as needed, a symlink
    replacing what was there; returns the bytes of file data written."""
    parent = posixpath.dirname(target)
    if not fs.exists(parent):
        fs.mkdir(parent, parents=True)
    if member.isdir():
        fs.mkdir(target, exist_ok=True, mode=member.mode)
    elif member.issym():
        if fs.exists(target, follow=False):
            fs.remove(target)
        fs.symlink(member.linkname, target)
    elif member.isfile():
        if member.size > MAX_FILE:
            raise FSError("EFBIG", target)
        fs.put(target, file_node(member, archive))
        return member.size
    return 0
