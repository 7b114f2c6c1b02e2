"""pip / pip3: install (names, pinned versions, -r requirements.txt), list, freeze, uninstall."""
import posixpath
import re

from ...fs import FSError
from ..base import program
from . import Unknown, index, now, place, read_text, resolve, short_hash

SPEC = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(==|>=|<=|~=|!=|>|<)\s*([^\s;,#]+))?")
ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and "
                "conflicting behaviour with the system package manager, possibly rendering your "
                "system unusable. It is recommended to use a virtual environment instead: "
                "https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know "
                "what you are doing and want to suppress this warning.\n")
EXTERNALLY_MANAGED = """error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try {hint},
    where xyz is the package you are trying to install.

    If you wish to install a non-{distro}-packaged Python package,
    create a virtual environment using python3 -m venv path/to/venv.
    Then use path/to/venv/bin/python3 and path/to/venv/bin/pip.

note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
hint: See PEP 668 for the detailed specification.
"""


def size_text(size):
    """pip's format_size."""
    if size > 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size > 10_000:
        return f"{int(size / 1000)} kB"
    if size > 1000:
        return f"{size / 1000:.1f} kB"
    return f"{int(size)} bytes"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


class Python:
    """Where this machine's Python keeps its packages."""

    def __init__(self, proc):
        fs = proc.fs
        local = fs.exists("/usr/local/bin/python3")      # the official python images
        found = self.versions(fs, "/usr/local/lib" if local else "/usr/lib")
        env_version = ".".join(proc.env.get("PYTHON_VERSION", "3.12").split(".")[:2])
        self.version = (found or [env_version])[-1]
        kind = "site-packages" if local else "dist-packages"
        self.site = f"/usr/local/lib/python{self.version}/{kind}"
        self.bin = "/usr/local/bin"
        self.user = proc.machine.user.uid != 0      # a user install: site-packages is root's
        if self.user:
            home = proc.env.get("HOME") or proc.machine.user.home
            self.site = f"{home}/.local/lib/python{self.version}/site-packages"
            self.bin = f"{home}/.local/bin"
        marker = f"/usr/lib/python{self.version}/EXTERNALLY-MANAGED"
        self.managed = read_text(fs, marker) if not local and fs.exists(marker) else ""

    @staticmethod
    def versions(fs, root):
        try:
            names = fs.listdir(root)
        except FSError:
            return []
        return sorted((n[6:] for n in names if re.fullmatch(r"python3\.\d+", n)),
                      key=lambda v: int(v.split(".")[1]))


def installed(fs, site):
    """canonical name -> (name, version) from the dist-info directories."""
    found = {}
    try:
        names = fs.listdir(site)
    except FSError:
        return found
    for entry in names:
        if entry.endswith(".dist-info"):
            name, _, version = entry[:-10].rpartition("-")
            found[canonical(name)] = (name, version)
    return found


def requirements(proc, path):
    """(spec text, name, pinned version, source line) of each line of a requirements file."""
    text = proc.fs.read_text(proc.path(path))
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append((line, f" (from -r {path} (line {number}))"))
    return found


def install(proc, args):
    fs = proc.fs
    python = Python(proc)
    if python.managed and "--break-system-packages" not in args:
        distro = "Alpine" if "Alpine" in python.managed else "Debian"
        hint = "apk add py3-xyz" if distro == "Alpine" else "apt install python3-xyz"
        proc.err(EXTERNALLY_MANAGED.format(hint=hint, distro=distro))
        return 1
    if python.user:
        proc.out("Defaulting to user installation because normal site-packages is not writeable\n")
    wanted, i = [], 0
    while i < len(args):
        arg = args[i]
        if arg in ("-r", "--requirement") or arg.startswith("--requirement="):
            path = arg.split("=", 1)[1] if "=" in arg else (args[i + 1] if i + 1 < len(args) else "")
            i += 1 if "=" in arg else 2
            try:
                wanted += requirements(proc, path)
            except FSError:
                proc.err(f"ERROR: Could not open requirements file: [Errno 2] No such file or "
                         f"directory: '{path}'\n")
                return 1
            continue
        if not arg.startswith("-"):
            wanted.append((arg, ""))
        i += 1
    if not wanted:
        proc.err("ERROR: You must give at least one requirement to install (see \"pip help install\")\n")
        return 1
    catalog = index("pip")
    have = installed(fs, python.site)
    pins, names, sources = {}, [], {}
    for spec, source in wanted:
        match = SPEC.match(spec)
        name = canonical(match.group(1)) if match else spec
        if match and match.group(2) == "==":
            pins[name] = match.group(3)
        names.append(name)
        sources[name] = (spec.strip(), source)
    for name in names:
        if name in have:
            proc.out(f"Requirement already satisfied: {sources[name][0]} in {python.site} "
                     f"({have[name][1]})\n")
    fresh = [n for n in names if n not in have]
    try:
        todo = resolve(fresh, catalog, have)
    except Unknown as exc:
        spec, source = sources[exc.names[0]]
        proc.err(f"ERROR: Could not find a version that satisfies the requirement {spec}{source} "
                 f"(from versions: none)\nERROR: No matching distribution found for {spec}\n")
        return 1
    if not todo:
        return root_warning(proc, args)
    version = {p.name: pins.get(p.name, p.version) for p in todo}
    parent = {dep: p.name for p in todo for dep in p.depends}
    for package in reversed(todo):
        if package.name in sources:
            spec, origin = sources[package.name]
        else:
            spec, origin = f"{package.name}>={package.version}", f" (from {parent[package.name]})"
        wheel = f"{package.name.replace('-', '_')}-{version[package.name]}-py3-none-any.whl"
        proc.out(f"Collecting {spec}{origin}\n  Downloading {wheel}.metadata "
                 f"({size_text(2_000 + package.size % 3_000)})\n")
    cache = not ("--no-cache-dir" in args or proc.env.get("PIP_NO_CACHE_DIR"))
    when = now(proc)
    for package in reversed(todo):
        wheel = f"{package.name.replace('-', '_')}-{version[package.name]}-py3-none-any.whl"
        proc.out(f"Downloading {wheel} ({size_text(package.download)})\n")
        if cache:
            place(fs, f"/root/.cache/pip/http-v2/{short_hash(wheel, 2)}/{short_hash(wheel, 40)}",
                  package.download, now=when)
    proc.out("Installing collected packages: " + ", ".join(p.name for p in todo) + "\n")
    for package in todo:
        module = package.name.replace("-", "_")
        place(fs, f"{python.site}/{module}/__init__.py", package.size, now=when)
        info = f"{python.site}/{module}-{version[package.name]}.dist-info"
        fs.mkdir(info, parents=True, exist_ok=True)
        fs.write(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {package.name}\n"
                                     f"Version: {version[package.name]}\n")
        for script in package.bin:
            place(fs, posixpath.join(python.bin, script), 220, program=script, now=when)
    proc.out("Successfully installed " + " ".join(
        f"{p.name}-{version[p.name]}" for p in sorted(todo, key=lambda p: p.name)) + "\n")
    return root_warning(proc, args)


def root_warning(proc, args):
    quiet = "--root-user-action=ignore" in args or proc.env.get("PIP_ROOT_USER_ACTION") == "ignore"
    if proc.machine.user.uid == 0 and not quiet:
        proc.out(ROOT_WARNING)
    return 0


def listing(proc, freeze):
    packages = sorted(installed(proc.fs, Python(proc).site).values(), key=lambda p: p[0].lower())
    if freeze:
        proc.out("".join(f"{name}=={version}\n" for name, version in packages))
        return 0
    packages.append(("pip", "25.2"))
    width = max([7] + [len(n) for n, _ in packages])
    proc.out(f"{'Package':<{width}} Version\n{'-' * width} -------\n")
    proc.out("".join(f"{name:<{width}} {version}\n" for name, version in sorted(packages)))
    return 0


@program("pip", "pip3")
def pip(proc):
    args = proc.argv[1:]
    command = next((a for a in args if not a.startswith("-")), "")
    rest = args[args.index(command) + 1:] if command else []
    if "--version" in args or "-V" in args:
        python = Python(proc)
        proc.out(f"pip 25.2 from {python.site}/pip (python {python.version})\n")
        return 0
    if command == "install":
        return install(proc, rest)
    if command in ("list", "freeze"):
        return listing(proc, command == "freeze")
    if not command:
        proc.out("\nUsage:   \n  pip <command> [options]\n")
        return 0
    proc.err(f'ERROR: unknown command "{command}"\n')
    return 1
