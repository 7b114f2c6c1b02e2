"""Package managers run inside containers and builds: apt-get/apt, apk, pip/pip3, npm, yarn.

They install from the package catalog (simulator/catalog/packages.yaml) into the filesystem they
run on: installed programs exist afterwards (`curl` after `apk add curl`) and files carry
realistic sizes, so image and layer sizes come out believable. Nothing is downloaded.
"""
import functools
import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...fs import File, FSError

CATALOG = Path(__file__).resolve().parents[2] / "catalog" / "packages.yaml"
SMALL = 25_000          # size of a package given only as `name: version`


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    size: int
    depends: tuple = ()
    bin: tuple = ()
    externally_managed: str = ""     # python version whose site-packages the distro manages

    @property
    def download(self):
        """Bytes of the compressed archive."""
        return max(1_000, self.size // 3)


@functools.lru_cache(maxsize=None)
def index(ecosystem):
    """name -> Package for one of apt, apk, pip, npm."""
    data = yaml.safe_load(CATALOG.read_text())[ecosystem]
    packages = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            spec = {"version": spec, "size": SMALL}
        packages[name] = Package(name, str(spec["version"]), int(spec["size"]),
                                 tuple(spec.get("depends", ())), tuple(spec.get("bin", ())),
                                 str(spec.get("externally_managed", "")))
    return packages


class Unknown(Exception):
    """Names the catalog does not hold."""

    def __init__(self, names):
        super().__init__(", ".join(names))
        self.names = names


def resolve(names, catalog, installed=()):
    """The packages to install for `names`, dependencies first, skipping installed ones."""
    missing = [name for name in names if name not in catalog]
    if missing:
        raise Unknown(missing)
    order, seen = [], set(installed)

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for dep in catalog[name].depends:
            visit(dep)
        order.append(catalog[name])

    for name in names:
        visit(name)
    return order


def place(fs, path, size, program=None, mode=0o644, now=0.0):
    """A marker file of `size` bytes (no stored data), parents created."""
    fs.mkdir(posixpath.dirname(path), parents=True, exist_ok=True)
    fs.put(path, File(b"", mode=0o755 if program else mode, mtime=now, program=program, size=size))


def install_binaries(fs, package, directory, now=0.0):
    """The package's programs in `directory`, the first carrying most of its size."""
    sizes = [package.size // 2] + [max(1, package.size // 20)] * (len(package.bin) - 1)
    for name, size in zip(package.bin, sizes):
        place(fs, f"{directory}/{name}", size, program=name, now=now)


def read_text(fs, path, default=""):
    try:
        return fs.read_text(path)
    except FSError:
        return default


def installed_versions(fs, database, name_field, version_field):
    """name -> version from a package database of `Field: value` records (dpkg status, apk's
    installed file), each record's name line before its version line."""
    found, name = {}, None
    for line in read_text(fs, database).splitlines():
        if line.startswith(name_field):
            name = line[len(name_field):]
        elif line.startswith(version_field) and name:
            found[name] = line[len(version_field):]
    return found


def os_release(fs):
    """/etc/os-release as a dict (ID, VERSION_CODENAME, ...)."""
    fields = {}
    for line in read_text(fs, "/etc/os-release").splitlines():
        key, eq, value = line.partition("=")
        if eq:
            fields[key] = value.strip().strip('"')
    return fields


def now(proc):
    clock = getattr(proc.machine, "clock", None)
    return clock.now() if clock else 0.0


def short_hash(text, length):
    """A stable hex name derived from text (cache file names, commit ids)."""
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def mib(size):
    return size // (1024 * 1024)


from . import apk, apt, npm, pip, yarn  # noqa: E402,F401  (registers the programs)
