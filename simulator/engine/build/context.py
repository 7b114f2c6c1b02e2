"""The build context: the files under the context directory of the host, minus what
.dockerignore excludes, with the content checksums the build cache compares (never mtimes).

COPY and ADD read only from here, so nothing outside the context can be reached."""
import hashlib
import posixpath
import re
from dataclasses import dataclass, field

from ...fs import Dir, File, FSError, Symlink

MAX_CONTEXT_FILES = 5_000          # entries in one build context
MAX_CONTEXT_BYTES = 64 * 1024 * 1024
MAX_CONTEXT_DEPTH = 32


class ContextError(Exception):
    pass


def pattern_regex(pattern):
    """A .dockerignore pattern (Go filepath.Match plus `**`) as a regex over relative paths."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1:end].replace("\\", "\\\\").replace("[", "\\[")   # [ is literal in a set
                out.append("[" + ("^" + body[1:] if body.startswith("^") else body) + "]")
                i = end
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


class Ignore:
    """.dockerignore rules: the last matching pattern wins; `!` re-includes; a match on a
    directory excludes everything beneath it."""

    def __init__(self, text=""):
        self.rules = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            line = posixpath.normpath(line[1:].strip() if negate else line).lstrip("/")
            if line in ("", "."):
                continue
            self.rules.append((pattern_regex(line), negate))

    def excluded(self, rel):
        parts = rel.split("/")
        prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        result = False
        for regex, negate in self.rules:
            if any(regex.match(prefix) for prefix in prefixes):
                result = not negate
        return result


@dataclass
class BuildContext:
    """Relative path -> node (File, Dir, Symlink) of every file the build may read."""
    entries: dict = field(default_factory=dict)
    size: int = 0
    ignore_size: int = 2        # what `load .dockerignore` reports (2B for none: an empty list)

    @classmethod
    def from_fs(cls, fs, root, ignore_text=None):
        if ignore_text is None:
            try:
                ignore_text = fs.read_text(posixpath.join(root, ".dockerignore"))
            except FSError:
                ignore_text = None
        ignore = Ignore(ignore_text or "")
        ctx = cls(ignore_size=len(ignore_text.encode()) if ignore_text is not None else 2)
        ctx._scan(fs, root, "", 0, ignore)
        return ctx

    def _scan(self, fs, root, rel, depth, ignore):
        if depth > MAX_CONTEXT_DEPTH:
            raise ContextError("build context too deep: more than "
                               f"{MAX_CONTEXT_DEPTH} levels of directories")
        base = posixpath.join(root, rel) if rel else root
        for name in fs.listdir(base):
            child = f"{rel}/{name}" if rel else name
            if ignore.excluded(child):
                continue
            node = fs.node(posixpath.join(root, child), follow=False)
            self.entries[child] = node
            if len(self.entries) > MAX_CONTEXT_FILES:
                raise ContextError(f"build context too large: more than {MAX_CONTEXT_FILES} files")
            if isinstance(node, File):
                self.size += node.length
                if self.size > MAX_CONTEXT_BYTES:
                    raise ContextError("build context too large: more than "
                                       f"{MAX_CONTEXT_BYTES // 1_000_000}MB")
            elif isinstance(node, Dir):
                self._scan(fs, root, child, depth + 1, ignore)

    # --- lookups --------------------------------------------------------------------------
    def match(self, source):
        """Relative paths a COPY source names (wildcards allowed), sorted; [] when none.
        A source can never leave the context: `../x` is read as `x`."""
        rel = posixpath.normpath("/" + source).lstrip("/")
        if rel in ("", "."):
            return [""]
        if not re.search(r"[*?\[]", rel):
            return [rel] if rel in self.entries else []
        regex = pattern_regex(rel)
        return sorted(path for path in self.entries if regex.match(path))

    def node(self, rel):
        return Dir() if rel == "" else self.entries[rel]

    def tree(self, rel):
        """(relative path below rel, node) of rel and everything beneath it."""
        if rel == "":
            yield "", Dir()
            yield from ((path, node) for path, node in sorted(self.entries.items()))
            return
        yield "", self.entries[rel]
        prefix = rel + "/"
        for path in sorted(self.entries):
            if path.startswith(prefix):
                yield path[len(prefix):], self.entries[path]


def checksum(items):
    """Content checksum of (relative path, node) pairs: data, mode, owner, link target.
    Modification times are left out, as BuildKit leaves them out."""
    digest = hashlib.sha256()
    for path, node in items:
        digest.update(path.encode() + b"\0")
        if isinstance(node, File):
            digest.update(b"f%o:%d:%d:%d:" % (node.mode, node.uid, node.gid, node.length))
            digest.update(node.data + (node.program or "").encode())
        elif isinstance(node, Symlink):
            digest.update(b"l" + node.target.encode())
        else:
            digest.update(b"d%o" % node.mode)
    return digest.hexdigest()
