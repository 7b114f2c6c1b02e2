"""apk (Alpine images): add, del, update, --no-cache, and its `world` of requested packages."""
from ..base import program
from . import (Unknown, index, install_binaries, installed_versions, mib, now, place, read_text, resolve,
               short_hash)
from .apt import place_externally_managed

DB = "/lib/apk/db/installed"
WORLD = "/etc/apk/world"
CACHE = "/var/cache/apk"
BASE_PACKAGES, BASE_SIZE = 16, 8_300_000
INDEX_SIZE = {"main": 1_050_000, "community": 1_500_000}


def repositories(fs):
    text = read_text(fs, "/etc/apk/repositories",
                     "https://dl-cdn.alpinelinux.org/alpine/latest-stable/main\n")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def installed(fs):
    """name -> version from apk's installed database."""
    return installed_versions(fs, DB, "P:", "V:")


def cached(fs):
    try:
        return any(name.startswith("APKINDEX") for name in fs.listdir(CACHE))
    except Exception:
        return False


def fetch(proc, keep):
    """Fetch the indexes (printing `fetch <url>`), keeping them in the cache unless --no-cache."""
    for repo in repositories(proc.fs):
        proc.out(f"fetch {repo}/x86_64/APKINDEX.tar.gz\n")
        if keep:
            name = repo.rstrip("/").rsplit("/", 1)[-1]
            place(proc.fs, f"{CACHE}/APKINDEX.{short_hash(repo, 8)}.tar.gz",
                  INDEX_SIZE.get(name, 1_000_000), now=now(proc))


def total(fs):
    have = installed(fs)
    catalog = index("apk")
    size = BASE_SIZE + sum(catalog[n].size for n in have if n in catalog)
    return f"OK: {mib(size)} MiB in {BASE_PACKAGES + len(have)} packages\n"


def add(proc, names, no_cache):
    fs = proc.fs
    if no_cache or not cached(fs):
        fetch(proc, keep=not no_cache)
    have = installed(fs)
    catalog = index("apk")
    try:
        todo = resolve(names, catalog, have)
    except Unknown as exc:
        proc.err("ERROR: unable to select packages:\n" + "".join(
            f"  {name} (no such package):\n    required by: world[{name}]\n" for name in exc.names))
        return 1
    db = read_text(fs, DB)
    when = now(proc)
    for n, package in enumerate(todo, 1):
        proc.out(f"({n}/{len(todo)}) Installing {package.name} ({package.version})\n")
        if package.bin:
            install_binaries(fs, package, "/usr/bin", when)
        else:
            place(fs, f"/usr/lib/{package.name}.so", package.size, now=when)
        if package.externally_managed:
            place_externally_managed(fs, package.externally_managed, "Alpine", "apk add py3-xyz")
        db += f"P:{package.name}\nV:{package.version}\n\n"
    if todo:
        fs.mkdir("/lib/apk/db", parents=True, exist_ok=True)
        fs.write(DB, db)
    world = read_text(fs, WORLD).split()
    fs.mkdir("/etc/apk", parents=True, exist_ok=True)
    fs.write(WORLD, "".join(f"{name}\n" for name in sorted(set(world) | set(names))))
    if any(p.bin for p in todo):
        proc.out("Executing busybox-1.37.0-r19.trigger\n")
    if any(p.name == "ca-certificates" for p in todo):
        proc.out(f"Executing ca-certificates-{catalog['ca-certificates'].version}.trigger\n")
    proc.out(total(fs))
    return 0


def delete(proc, names):
    fs = proc.fs
    have = installed(fs)
    missing = [n for n in names if n not in have]
    if missing:
        proc.err("".join(f"WARNING: {name} is not installed\n" for name in missing))
    catalog = index("apk")
    gone = [n for n in names if n in have]
    for n, name in enumerate(gone, 1):
        proc.out(f"({n}/{len(gone)}) Purging {name} ({have[name]})\n")
        for binary in catalog[name].bin if name in catalog else ():
            if fs.exists(f"/usr/bin/{binary}"):
                fs.remove(f"/usr/bin/{binary}")
    blocks = [b for b in read_text(fs, DB).split("\n\n") if b.strip() and b.split("\n")[0][2:] not in gone]
    if fs.exists(DB):
        fs.write(DB, "".join(b.strip("\n") + "\n\n" for b in blocks))
    world = [w for w in read_text(fs, WORLD).split() if w not in gone]
    if fs.exists(WORLD):
        fs.write(WORLD, "".join(f"{w}\n" for w in world))
    proc.out(total(fs))
    return 0


def update(proc):
    fetch(proc, keep=True)
    for n, repo in enumerate(repositories(proc.fs)):
        release = read_text(proc.fs, "/etc/alpine-release", "3.22.2\n").strip()
        proc.out(f"v{release}-{80 - n}-g{short_hash(repo, 10)} [{repo}]\n")
    proc.out("OK: 26326 distinct packages available\n")
    return 0


USAGE = """apk-tools 2.14.9, compiled for x86_64.

usage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]

The following commands are available:
  add       Add packages to WORLD and commit changes
  del       Remove packages from WORLD and commit changes
  update    Update repository indexes
"""


@program("apk")
def apk(proc):
    args = proc.argv[1:]
    words = [a for a in args if not a.startswith("-")]
    no_cache = "--no-cache" in args
    if not words:
        proc.out(USAGE)
        return 1
    command, names = words[0], words[1:]
    if command in ("add", "del", "update") and proc.machine.user.uid != 0:
        proc.err("ERROR: Unable to lock database: Permission denied\n"
                 "ERROR: Failed to open apk database: Permission denied\n")
        return 99
    if command == "add":
        return add(proc, names, no_cache)
    if command == "del":
        return delete(proc, names)
    if command == "update":
        return update(proc)
    proc.err(f"apk: unknown command '{command}'\n")
    return 1
