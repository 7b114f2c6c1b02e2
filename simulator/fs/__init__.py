"""In-memory layered filesystem (see docs/architecture.md, "Filesystem")."""
from .filesystem import FileSystem, FSError, Mount, Stat
from .nodes import WHITEOUT, Dir, File, Layer, Symlink, Whiteout

__all__ = ["FileSystem", "FSError", "Mount", "Stat", "Layer", "File", "Dir", "Symlink", "Whiteout",
           "WHITEOUT"]
