"""Reading one submission from disk or an upload: a directory, a .tar (optionally compressed) or
a .zip, into {relative path: bytes}. Submissions are hostile: every path, link, size and count is
checked before anything is read, and reading stops at the bounds whatever the headers claim."""
import io
import os
import posixpath
import stat
import tarfile
import zipfile
import zlib

MAX_FILES = 200                   # entries in one submission, directories included
MAX_FILE = 2 * 1000 * 1000        # bytes in one file
MAX_TOTAL = 8 * 1000 * 1000       # bytes in the whole submission, uncompressed


class SubmissionError(ValueError):
    """Why a submission was refused, in one line for the student."""


class Budget:
    """Counts entries and bytes as they are read."""

    def __init__(self):
        self.entries = self.total = 0

    def entry(self):
        self.entries += 1
        if self.entries > MAX_FILES:
            raise SubmissionError(f"too many files: at most {MAX_FILES} in a submission")

    def take(self, name, size):
        if size > MAX_FILE:
            raise SubmissionError(f"{name} is {_mb(size)}, over the {_mb(MAX_FILE)} limit for one file")
        self.total += size
        if self.total > MAX_TOTAL:
            raise SubmissionError(f"the submission is over the {_mb(MAX_TOTAL)} limit once unpacked")


def _mb(size):
    return f"{size / 1e6:.1f} MB"


def safe_name(name):
    """A relative POSIX path inside the submission, or SubmissionError."""
    if "\0" in name or "\\" in name:
        raise SubmissionError(f"invalid file name: {name!r}")
    clean = posixpath.normpath(name)
    if name.startswith("/") or clean == ".." or clean.startswith("../"):
        raise SubmissionError(f"path outside the submission: {name}")
    return clean


def read_submission(path):
    """{relative path: bytes} from a directory or an archive file."""
    path = os.fspath(path)
    if os.path.islink(path):
        raise SubmissionError(f"links are not allowed in a submission: {os.path.basename(path)}")
    if os.path.isdir(path):
        return _read_directory(path)
    if not os.path.isfile(path):
        raise SubmissionError(f"no such submission: {path}")
    if os.path.getsize(path) > MAX_TOTAL:
        raise SubmissionError(f"the archive is over the {_mb(MAX_TOTAL)} limit")
    with open(path, "rb") as handle:
        return read_archive(handle.read(), os.path.basename(path))


def read_archive(data, name="upload"):
    """{relative path: bytes} from the bytes of a .zip or a (compressed) .tar."""
    try:
        if zipfile.is_zipfile(io.BytesIO(data)):
            return _read_zip(data)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            return _read_tar(archive)
    except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise SubmissionError(f"{name} is not a readable tar or zip archive") from None


def _read_directory(root):
    files, budget = {}, Budget()
    for here, dirs, names in os.walk(root):
        for entry in sorted(dirs + names):
            full = os.path.join(here, entry)
            name = os.path.relpath(full, root).replace(os.sep, "/")
            budget.entry()
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode):
                raise SubmissionError(f"links are not allowed in a submission: {name} -> {os.readlink(full)}")
            if stat.S_ISREG(info.st_mode):
                budget.take(name, info.st_size)
                files[name] = _read_capped(full)
            elif not stat.S_ISDIR(info.st_mode):
                raise SubmissionError(f"not a regular file: {name}")
    return files


def _read_capped(full):
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(full, flags), "rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise SubmissionError(f"{os.path.basename(full)} grew past the {_mb(MAX_FILE)} limit while read")
    return data


def _read_tar(archive):
    files, budget = {}, Budget()
    for member in archive:
        budget.entry()
        name = safe_name(member.name)
        if member.issym() or member.islnk():
            raise SubmissionError(f"links are not allowed in a submission: {name} -> {member.linkname}")
        if member.isdir():
            continue
        if not member.isfile():
            raise SubmissionError(f"not a regular file: {name}")
        budget.take(name, member.size)
        files[name] = archive.extractfile(member).read(MAX_FILE + 1)[:MAX_FILE]
    return files


def _read_zip(data):
    files, budget = {}, Budget()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            budget.entry()
            name = safe_name(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise SubmissionError(f"links are not allowed in a submission: {name}")
            if info.is_dir():
                continue
            budget.take(name, info.file_size)
            with archive.open(info) as member:        # the header may lie: read no further
                content = member.read(MAX_FILE + 1)
            budget.take(name, len(content) - info.file_size if len(content) > info.file_size else 0)
            if len(content) > MAX_FILE:
                raise SubmissionError(f"{name} unpacks past the {_mb(MAX_FILE)} limit")
            files[name] = content
    return files
