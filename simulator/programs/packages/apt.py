"""apt-get and apt (Debian and Ubuntu images): update, install, remove, clean.

Like the real images, the package lists start empty: `apt-get install` before
`apt-get update` cannot locate anything (`E: Unable to locate package X`, exit 100).
"""
import textwrap

from ..base import program
from . import Unknown, index, install_binaries, installed_versions, now, os_release, place, read_text, resolve

LISTS = "/var/lib/apt/lists"
STATUS = "/var/lib/dpkg/status"
LIBC = {"debian": "2.36-9+deb12u10", "ubuntu": "2.35-0ubuntu3.11"}
BASE_FILES = {"debian": 6089, "ubuntu": 4389}


def size_text(size):
    """apt's SizeToStr: 4 significant digits at most, decimal units."""
    value, units = float(size), ["", "k", "M", "G", "T"]
    for unit in units:
        if value < 100 and unit:
            return f"{value:.1f} {unit}B"
        if value < 10000:
            return f"{value:.0f} {unit}B"
        value /= 1000
    return f"{value:.0f} PB"


def wrapped(names):
    return textwrap.fill(" ".join(names), width=79, initial_indent="  ", subsequent_indent="  ",
                         break_on_hyphens=False)


class Distro:
    def __init__(self, fs):
        release = os_release(fs)
        self.id = "ubuntu" if release.get("ID") == "ubuntu" else "debian"
        self.codename = release.get("VERSION_CODENAME") or ("jammy" if self.id == "ubuntu" else "bookworm")

    def sources(self):
        """(url, suite, component, index size) of each list `apt-get update` fetches."""
        c = self.codename
        if self.id == "ubuntu":
            main, sec = "http://archive.ubuntu.com/ubuntu", "http://security.ubuntu.com/ubuntu"
            return [(main, c, "main", 1_792_000), (sec, f"{c}-security", "main", 2_950_000),
                    (main, f"{c}-updates", "main", 3_270_000), (main, c, "universe", 17_500_000),
                    (main, f"{c}-backports", "universe", 33_700)]
        main, sec = "http://deb.debian.org/debian", "http://deb.debian.org/debian-security"
        return [(main, c, "main", 8_792_000), (main, f"{c}-updates", "main", 6_924),
                (sec, f"{c}-security", "main", 283_000)]

    def pool(self):
        return ("http://archive.ubuntu.com/ubuntu" if self.id == "ubuntu"
                else "http://deb.debian.org/debian") + f" {self.codename}/main amd64"


def lists_ready(fs):
    try:
        return any(name.endswith("_Packages") for name in fs.listdir(LISTS))
    except Exception:
        return False


def installed(fs):
    """name -> version from the dpkg status file."""
    return installed_versions(fs, STATUS, "Package: ", "Version: ")


def update(proc, distro):
    total, n = 0, 0
    releases = []
    for url, suite, _, _ in distro.sources():
        if (url, suite) not in releases:
            releases.append((url, suite))
    if lists_ready(proc.fs):
        proc.out("".join(f"Hit:{n} {url} {suite} InRelease\n" for n, (url, suite) in enumerate(releases, 1)))
        proc.out(reading(proc, "Reading package lists..."))
        return 0
    for url, suite in releases:
        n += 1
        size = 151_000 if n == 1 else 55_400 - 3_700 * n
        total += size
        proc.out(f"Get:{n} {url} {suite} InRelease [{size_text(size)}]\n")
    for url, suite, component, size in distro.sources():
        n += 1
        total += size
        proc.out(f"Get:{n} {url} {suite}/{component} amd64 Packages [{size_text(size)}]\n")
        host = url.split("://", 1)[1].replace("/", "_")
        place(proc.fs, f"{LISTS}/{host}_dists_{suite}_{component}_binary-amd64_Packages", size * 5,
              now=now(proc))
    proc.out(f"Fetched {size_text(total)} in 1s ({size_text(total)}/s)\n")
    proc.out(reading(proc, "Reading package lists..."))
    return 0


def reading(proc, line):
    return line + (" Done\n" if proc.tty else "\n")


def preamble(proc):
    return "".join(reading(proc, line) for line in
                   ("Reading package lists...", "Building dependency tree...", "Reading state information..."))


def install(proc, distro, names, assume_yes):
    fs = proc.fs
    proc.out(preamble(proc))
    catalog = index("apt") if lists_ready(fs) else {}
    have = installed(fs)
    pinned = dict(name.split("=", 1) for name in names if "=" in name)
    names = [name.split("=", 1)[0] for name in names]
    try:
        todo = resolve(names, catalog, have)
    except Unknown as exc:
        proc.err(f"E: Unable to locate package {exc.names[0]}\n")
        return 100
    for name, version in pinned.items():
        if version != catalog[name].version:
            proc.err(f"E: Version '{version}' for '{name}' was not found\n")
            return 100
    for name in names:
        if name in have:
            proc.out(f"{name} is already the newest version ({have[name]}).\n")
    if not todo:
        proc.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    extra = sorted(p.name for p in todo if p.name not in names)
    if extra:
        proc.out("The following additional packages will be installed:\n" + wrapped(extra) + "\n")
    proc.out("The following NEW packages will be installed:\n"
             + wrapped(sorted(p.name for p in todo)) + "\n")
    download, size = sum(p.download for p in todo), sum(p.size for p in todo)
    proc.out(f"0 upgraded, {len(todo)} newly installed, 0 to remove and 0 not upgraded.\n"
             f"Need to get {size_text(download)} of archives.\n"
             f"After this operation, {size_text(size)} of additional disk space will be used.\n")
    if extra and not assume_yes:
        proc.out("Do you want to continue? [Y/n] Abort.\n")
        return 1
    for n, package in enumerate(todo, 1):
        proc.out(f"Get:{n} {distro.pool()} {package.name} amd64 {package.version} "
                 f"[{size_text(package.download)}]\n")
    proc.out("debconf: delaying package configuration, since apt-utils is not installed\n"
             f"Fetched {size_text(download)} in 0s ({size_text(download * 4)}/s)\n")
    files = BASE_FILES[distro.id] + 4 * len(have)
    status = read_text(fs, STATUS)
    for n, package in enumerate(todo):
        proc.out(f"Selecting previously unselected package {package.name}.\n")
        if n == 0:
            proc.out(f"(Reading database ... {files} files and directories currently installed.)\n")
        proc.out(f"Preparing to unpack .../{n:02d}-{package.name}_{package.version.split(':')[-1]}_amd64.deb ...\n"
                 f"Unpacking {package.name} ({package.version}) ...\n")
        unpack(proc, package)
        status += (f"Package: {package.name}\nStatus: install ok installed\n"
                   f"Version: {package.version}\n\n")
    for package in todo:
        proc.out(f"Setting up {package.name} ({package.version}) ...\n")
    proc.out(f"Processing triggers for libc-bin ({LIBC[distro.id]}) ...\n")
    fs.mkdir("/var/lib/dpkg", parents=True, exist_ok=True)
    fs.write(STATUS, status)
    return 0


def unpack(proc, package):
    when = now(proc)
    if package.bin:
        install_binaries(proc.fs, package, "/usr/bin", when)
    else:
        place(proc.fs, f"/usr/share/doc/{package.name}/copyright", package.size, now=when)
    if package.externally_managed:
        place_externally_managed(proc.fs, package.externally_managed, "Debian", "apt install python3-xyz")


def place_externally_managed(fs, version, distro, hint):
    fs.mkdir(f"/usr/lib/python{version}", parents=True, exist_ok=True)
    fs.write(f"/usr/lib/python{version}/EXTERNALLY-MANAGED",
             f"[externally-managed]\nError=To install Python packages system-wide, try {hint},\n"
             f" where xyz is the package you are trying to install.\n distro={distro}\n")


def remove(proc, names):
    fs = proc.fs
    proc.out(preamble(proc))
    have = installed(fs)
    for name in names:
        if name not in have:
            proc.out(f"Package '{name}' is not installed, so not removed\n")
    gone = [n for n in names if n in have]
    proc.out(f"0 upgraded, 0 newly installed, {len(gone)} to remove and 0 not upgraded.\n")
    catalog = index("apt")
    for name in gone:
        package = catalog.get(name)
        proc.out(f"Removing {name} ({have[name]}) ...\n")
        for binary in package.bin if package else ():
            if fs.exists(f"/usr/bin/{binary}"):
                fs.remove(f"/usr/bin/{binary}")
    kept = [block for block in read_text(fs, STATUS).split("\n\n")
            if block.strip() and block.split("\n", 1)[0][9:] not in gone]
    fs.write(STATUS, "".join(block.strip("\n") + "\n\n" for block in kept))
    return 0


def not_root(proc, command):
    """What apt says to a user who may not take its locks (a USER line before RUN apt-get)."""
    if command == "update":
        proc.out(reading(proc, "Reading package lists..."))
        proc.err("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\n"
                 "E: Unable to lock directory /var/lib/apt/lists/\n")
    else:
        proc.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
                 "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
    return 100


def apt_get(proc):
    args = proc.argv[1:]
    flags = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    if not words:
        proc.out("apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n")
        return 1
    command, names = words[0], words[1:]
    distro = Distro(proc.fs)
    if command in ("update", "install", "remove", "purge", "autoremove", "upgrade") \
            and proc.machine.user.uid != 0:
        return not_root(proc, command)
    if command == "update":
        return update(proc, distro)
    if command == "install":
        assume_yes = bool(flags & {"-y", "--yes", "--assume-yes", "-yq", "-qy", "-qq"})
        return install(proc, distro, names, assume_yes)
    if command in ("remove", "purge", "autoremove"):
        return remove(proc, names)
    if command in ("clean", "autoclean"):
        return 0
    if command == "upgrade":
        proc.out(preamble(proc) + "Calculating upgrade...\n"
                 "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    proc.err(f"E: Invalid operation {command}\n")
    return 100


@program("apt-get")
def apt_get_program(proc):
    return apt_get(proc)


@program("apt")
def apt_program(proc):
    if not proc.tty:
        proc.err("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")
    return apt_get(proc)
