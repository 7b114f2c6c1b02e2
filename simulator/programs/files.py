"""File tools: ls, mkdir, rm, rmdir, cp, mv, touch, ln, chmod, chown, stat, find, du, df,
basename, dirname."""
import math
import posixpath
import re
import time

from ..fs import FSError
from ..fs.devices import device_numbers, is_device
from .common import fail, getopt, is_busybox, missing_operand, name_of, tool

SIX_MONTHS = 182 * 24 * 3600


def report(proc, gnu, busybox_text, err):
    """Print a per-file error in the tool's voice."""
    proc.err(f"{name_of(proc)}: {busybox_text if is_busybox(proc) else gnu}: {err}\n")


def each_operand(proc, paths, action, gnu, busybox_text):
    """action(path) for each operand; failures reported with the tool's wording ("{}" = path)."""
    status = 0
    for path in paths:
        try:
            action(path)
        except FSError as err:
            report(proc, gnu.format(path), busybox_text.format(path), err)
            status = 1
    return status


def mode_string(st):
    kind = {"dir": "d", "symlink": "l"}.get(st.kind, "c" if is_device(st.mode) else "-")
    bits = ""
    for shift in (6, 3, 0):
        part = (st.mode >> shift) & 7
        bits += ("r" if part & 4 else "-") + ("w" if part & 2 else "-") + ("x" if part & 1 else "-")
    bits = list(bits)
    if st.mode & 0o1000:
        bits[8] = "t" if bits[8] == "x" else "T"
    return kind + "".join(bits)


def names_table(proc, path, key):
    """uid → name from /etc/passwd (key 2) or gid → name from /etc/group."""
    table = {}
    try:
        for line in proc.fs.read_text(path).splitlines():
            parts = line.split(":")
            if len(parts) > 2 and parts[key].isdigit():
                table.setdefault(int(parts[key]), parts[0])
    except FSError:
        pass
    return table


def human(size):
    """GNU -h sizes: 4.0K, 1.1M (one decimal below 10, rounded up)."""
    if size < 1024:
        return str(size)
    for unit in "KMGTPE":
        size /= 1024
        if size < 1024 or unit == "E":
            if size < 10:
                value = math.ceil(size * 10) / 10
                if value >= 10:
                    return f"{math.ceil(value)}{unit}"
                return f"{value:.1f}{unit}"
            return f"{math.ceil(size)}{unit}"


def date_text(mtime, now):
    t = time.gmtime(mtime)
    if now - SIX_MONTHS < mtime <= now + 3600:
        return time.strftime("%b %e %H:%M", t)
    return time.strftime("%b %e  %Y", t)


def blocks(st):
    if st.kind == "dir":
        return 4
    return 0 if st.kind != "file" else -(-st.size // 4096) * 4


def columns(names, width):
    """GNU ls vertical column layout for a terminal of `width` characters."""
    if not names:
        return ""
    for rows in range(1, len(names) + 1):
        cols = -(-len(names) // rows)
        grid = [names[c * rows:(c + 1) * rows] for c in range(cols)]
        widths = [max(len(n) for n in col) + 2 for col in grid]
        if sum(widths) - 2 <= width or rows == len(names):
            break
    lines = []
    for r in range(rows):
        cells = [(grid[c][r], widths[c]) for c in range(len(grid)) if r < len(grid[c])]
        lines.append("".join(n.ljust(w) for n, w in cells[:-1]) + cells[-1][0])
    return "\n".join(lines) + "\n"


@tool("ls")
def ls(proc):
    opts, paths = getopt(proc, "lah1RAdFtrSs", long={"all": "a", "human-readable": "h",
                                                      "recursive": "R", "almost-all": "A", "color": "c",
                                                      "color=": "c", "directory": "d"},
                         usage="[-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...", status=2 if not is_busybox(proc) else 1)
    fs = proc.fs
    busybox = is_busybox(proc)
    bad = 2 if not busybox else 1
    status = 0
    files, dirs = [], []
    for path in paths or ["."]:
        full = proc.path(path)
        try:
            st = fs.stat(full)
        except FSError as err:
            try:
                st = fs.lstat(full)
            except FSError:
                if busybox:
                    proc.err(f"ls: {path}: {err}\n")
                else:
                    proc.err(f"ls: cannot access '{path}': {err}\n")
                status = bad if not busybox else 1
                continue
        (dirs if st.kind == "dir" and not opts.get("d") else files).append(path)
    lister = Lister(proc, opts)
    out = []
    if files:
        out.append(lister.render([(p, proc.path(p)) for p in sorted(files)]))
    headers = len(paths) > 1 or bool(files) or opts.get("R")
    for k, path in enumerate(sorted(dirs)):
        lister.directory(path, out, headers, first=not files and k == 0)
    proc.out("".join(out))
    if lister.failed:
        status = bad if not busybox else 1
    return status


class Lister:
    def __init__(self, proc, opts):
        self.proc, self.opts = proc, opts
        self.failed = False
        self.users = names_table(proc, "/etc/passwd", 2)
        self.groups = names_table(proc, "/etc/group", 2)
        self.now = proc.machine.clock.now() if getattr(proc.machine, "clock", None) else time.time()
        self.busybox = is_busybox(proc)

    def directory(self, path, out, header, first):
        proc, fs = self.proc, self.proc.fs
        full = proc.path(path)
        proc.budget.step()
        try:
            names = fs.listdir(full)
        except FSError as err:
            proc.err(f"ls: cannot open directory '{path}': {err}\n")
            self.failed = True
            return
        if self.opts.get("a"):
            names = [".", ".."] + names
        elif not self.opts.get("A"):
            names = [n for n in names if not n.startswith(".")]
        entries = [(n, posixpath.join(full, n)) for n in names]
        if header:
            out.append(("" if first else "\n") + f"{path}:\n")
        if self.opts.get("l") or self.opts.get("s"):
            total = sum(blocks(self.stat(p)) for n, p in entries if self.stat(p))
            out.append(f"total {human(total * 1024) if self.opts.get('h') else total}\n")
        out.append(self.render(entries))
        if self.opts.get("R"):
            for n, p in entries:
                st = self.stat(p, follow=False)
                if n not in (".", "..") and st and st.kind == "dir":
                    self.directory(posixpath.join(path, n), out, True, False)

    def stat(self, path, follow=False):
        try:
            return self.proc.fs.stat(path, follow=follow)
        except FSError:
            return None

    def order(self, entries):
        if self.opts.get("t"):
            entries = sorted(entries, key=lambda e: -(self.stat(e[1]) or self.stat(e[1], True)).mtime)
        elif self.opts.get("S"):
            entries = sorted(entries, key=lambda e: -(self.stat(e[1]) or self.stat(e[1], True)).size)
        return entries[::-1] if self.opts.get("r") else entries

    def render(self, entries):
        entries = self.order(entries)
        names = [n + self.suffix(p) for n, p in entries]
        if self.opts.get("l"):
            return self.long(entries)
        if self.opts.get("1") or not self.proc.tty:
            return "".join(n + "\n" for n in names)
        columns_env = str(self.proc.env.get("COLUMNS", ""))
        width = int(columns_env) if columns_env.isdigit() else getattr(self.proc.terminal, "width", 80)
        return columns(names, width)

    def suffix(self, path):
        if not self.opts.get("F"):
            return ""
        st = self.stat(path)
        if not st:
            return ""
        if st.kind == "dir":
            return "/"
        if st.kind == "symlink":
            return "@"
        return "*" if st.mode & 0o111 else ""

    def long(self, entries):
        rows = []
        for name, path in entries:
            st = self.stat(path)
            if st is None:
                continue
            links = 1
            if st.kind == "dir":
                try:
                    links = 2 + sum(1 for n in self.proc.fs.listdir(path)
                                    if self.stat(posixpath.join(path, n)) and self.stat(posixpath.join(path, n)).kind == "dir")
                except FSError:
                    links = 2
            size = human(st.size) if self.opts.get("h") else str(st.size)
            if is_device(st.mode):
                major, minor = device_numbers(self.proc.fs.realpath(path))
                size = f"{major:4}, {minor:3}" if self.busybox else f"{major}, {minor}"
            label = name + (f" -> {st.target}" if st.kind == "symlink" else "") + self.suffix(path)
            rows.append([mode_string(st), str(links), self.users.get(st.uid, str(st.uid)),
                         self.groups.get(st.gid, str(st.gid)), size, date_text(st.mtime, self.now), label])
        if not rows:
            return ""
        if self.busybox:
            return "".join(f"{r[0]} {r[1]:>4} {r[2]:<8} {r[3]:<8} {r[4]:>9} {r[5]} {r[6]}\n" for r in rows)
        widths = [max(len(r[k]) for r in rows) for k in range(5)]
        return "".join(f"{r[0]} {r[1]:>{widths[1]}} {r[2]:<{widths[2]}} {r[3]:<{widths[3]}} "
                       f"{r[4]:>{widths[4]}} {r[5]} {r[6]}\n" for r in rows)


@tool("mkdir")
def mkdir(proc):
    opts, paths = getopt(proc, "pv", valued="m", long={"parents": "p", "verbose": "v", "mode=": "m"},
                         usage="[-m MODE] [-p] DIRECTORY...")
    if not paths:
        missing_operand(proc)
    mode = int(opts["m"], 8) if re.fullmatch(r"[0-7]{1,4}", str(opts.get("m", ""))) else 0o755

    def make(path):
        proc.fs.mkdir(proc.path(path), parents=bool(opts.get("p")), mode=mode)
        if opts.get("v"):
            proc.out(f"mkdir: created directory '{path}'\n")

    return each_operand(proc, paths, make, "cannot create directory '{}'", "can't create directory '{}'")


@tool("rmdir")
def rmdir(proc):
    opts, paths = getopt(proc, "p", long={"parents": "p"}, usage="[-p] DIRECTORY...")
    return each_operand(proc, paths, lambda path: proc.fs.rmdir(proc.path(path)),
                        "failed to remove '{}'", "'{}'")


@tool("rm")
def rm(proc):
    opts, paths = getopt(proc, "rRfiv", long={"recursive": "r", "force": "f", "verbose": "v"},
                         usage="[-irf] FILE...")
    recursive, force = opts.get("r") or opts.get("R"), opts.get("f")
    if not paths and not force:
        missing_operand(proc)
    status = 0
    for path in paths:
        full = proc.path(path)
        try:
            st = proc.fs.lstat(full)
            if st.kind == "dir":
                if not recursive:
                    if is_busybox(proc):
                        proc.err(f"rm: '{path}' is a directory\n")
                    else:
                        proc.err(f"rm: cannot remove '{path}': Is a directory\n")
                    status = 1
                    continue
                if full == "/":
                    proc.err("rm: it is dangerous to operate recursively on '/'\n"
                             "rm: use --no-preserve-root to override this failsafe\n")
                    status = 1
                    continue
                proc.fs.rmtree(full)
            else:
                proc.fs.remove(full)
            if opts.get("v"):
                proc.out(f"removed '{path}'\n")
        except FSError as err:
            if force and err.code == "ENOENT":
                continue
            report(proc, f"cannot remove '{path}'", f"can't remove '{path}'", err)
            status = 1
    return status


def target_path(proc, source, dest):
    """dest, or dest/basename(source) when dest is an existing directory."""
    full = proc.path(dest)
    if proc.fs.is_dir(full):
        return posixpath.join(full, posixpath.basename(source.rstrip("/")) or "/")
    return full


def two_or_more(proc, paths, verb):
    if not paths:
        missing_operand(proc, "file operand")
    if len(paths) == 1:
        fail(proc, f"missing destination file operand after '{paths[0]}'\nTry '{name_of(proc)} --help' for more information."
             if not is_busybox(proc) else "missing destination file operand")
    if len(paths) > 2 and not proc.fs.is_dir(proc.path(paths[-1])):
        fail(proc, f"target '{paths[-1]}': Not a directory" if not is_busybox(proc)
             else f"'{paths[-1]}' is not a directory")


@tool("cp")
def cp(proc):
    opts, paths = getopt(proc, "rRapfvL", long={"recursive": "r", "archive": "a", "force": "f",
                                               "verbose": "v"}, usage="[-arPLHpfinlsTu] SOURCE DEST")
    two_or_more(proc, paths, "copy")
    recursive = opts.get("r") or opts.get("R") or opts.get("a")
    status = 0
    for source in paths[:-1]:
        full = proc.path(source)
        try:
            st = proc.fs.stat(full)
        except FSError as err:
            report(proc, f"cannot stat '{source}'", f"can't stat '{source}'", err)
            status = 1
            continue
        dest = target_path(proc, source, paths[-1])
        if st.kind == "dir" and not recursive:
            proc.err(f"cp: omitting directory '{source}'\n" if is_busybox(proc)
                     else f"cp: -r not specified; omitting directory '{source}'\n")
            status = 1
            continue
        if dest == full or dest.startswith(full.rstrip("/") + "/"):
            proc.err(f"cp: cannot copy a directory, '{source}', into itself, '{paths[-1]}'\n")
            status = 1
            continue
        try:
            if st.kind == "dir":
                proc.fs.copy(full, dest)
            else:
                node = proc.fs.node(full)
                proc.fs.put(dest, node if opts.get("a") or opts.get("p") else
                            type(node)(node.data, node.mode, 0, 0, proc.fs._now(), node.program, node.size))
            if opts.get("v"):
                proc.out(f"'{source}' -> '{paths[-1]}'\n")
        except FSError as err:
            report(proc, f"cannot create regular file '{paths[-1]}'", f"can't create '{paths[-1]}'", err)
            status = 1
    return status


@tool("mv")
def mv(proc):
    opts, paths = getopt(proc, "fivn", long={"force": "f", "verbose": "v"}, usage="[-fin] SOURCE DEST")
    two_or_more(proc, paths, "move")
    status = 0
    for source in paths[:-1]:
        full = proc.path(source)
        if not proc.fs.exists(full, follow=False):
            report(proc, f"cannot stat '{source}'", f"can't stat '{source}'", FSError("ENOENT"))
            status = 1
            continue
        dest = target_path(proc, source, paths[-1])
        if dest == full:
            continue
        try:
            if proc.fs.exists(dest, follow=False) and not proc.fs.is_dir(dest):
                proc.fs.remove(dest)
            proc.fs.rename(full, dest)
        except FSError as err:
            if err.code == "EINVAL":
                proc.err(f"mv: cannot move '{source}' to a subdirectory of itself, '{paths[-1]}/{posixpath.basename(source)}'\n")
            else:
                report(proc, f"cannot move '{source}' to '{paths[-1]}'", f"can't rename '{source}'", err)
            status = 1
    return status


@tool("touch")
def touch(proc):
    opts, paths = getopt(proc, "acm", valued="dt", usage="[-c] [-d DATE] [-t DATE] [-r FILE] FILE...")
    if not paths:
        missing_operand(proc, "file operand")

    def touch_one(path):
        if not (opts.get("c") and not proc.fs.exists(proc.path(path))):
            proc.fs.touch(proc.path(path))

    return each_operand(proc, paths, touch_one, "cannot touch '{}'", "{}")


@tool("ln")
def ln(proc):
    opts, paths = getopt(proc, "sfnv", long={"symbolic": "s", "force": "f"}, usage="[-sfnbtv] [-S SUF] TARGET... LINK|DIR")
    if not paths:
        fail(proc, "missing file operand")
    target = paths[0]
    link = paths[1] if len(paths) > 1 else posixpath.basename(target)
    full = target_path(proc, target, link)
    try:
        if opts.get("f") and proc.fs.exists(full, follow=False):
            proc.fs.remove(full)
        if opts.get("s"):
            proc.fs.symlink(target, full)
        else:
            proc.fs.put(full, proc.fs.node(proc.path(target)))
    except FSError as err:
        verb = "symbolic link" if opts.get("s") else "hard link"
        report(proc, f"failed to create {verb} '{link}'", link, err)
        return 1
    return 0


def parse_mode(spec, current):
    """Octal or symbolic (u+x, go-w, a=r, +x) chmod modes; None when invalid."""
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8)
    mode = current
    for clause in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)([-+=])([rwxXst]*)", clause)
        if not m:
            return None
        who, op, perms = m.groups()
        who = who or "a"
        bits = 0
        for p in perms:
            value = {"r": 4, "w": 2, "x": 1, "X": 1}.get(p, 0)
            for w, shift in (("u", 6), ("g", 3), ("o", 0)):
                if w in who or "a" in who:
                    bits |= value << shift
            if p == "t":
                bits |= 0o1000
        if op == "+":
            mode |= bits
        elif op == "-":
            mode &= ~bits
        else:
            mask = 0
            for w, shift in (("u", 6), ("g", 3), ("o", 0)):
                if w in who or "a" in who:
                    mask |= 7 << shift
            mode = (mode & ~mask) | bits
    return mode


def owner_args(proc):
    """chmod/chown operands: (-R given, SPEC, paths); fails without a file operand."""
    args = proc.argv[1:]
    recursive = bool(args) and args[0] in ("-R", "--recursive")
    args = args[1:] if recursive else args
    if len(args) < 2:
        fail(proc, f"missing operand after '{args[0]}'" if args else "missing operand")
    return recursive, args[0], args[1:]


def apply_each(proc, paths, recursive, change):
    """Call change(path) on each operand (and everything below it with -R)."""
    status = 0
    for path in paths:
        full = proc.path(path)
        try:
            targets = [full]
            if recursive and proc.fs.is_dir(full):
                targets += [posixpath.join(d, n) for d, ds, fs_ in proc.fs.walk(full) for n in ds + fs_]
            for target in targets:
                change(target)
        except FSError as err:
            report(proc, f"cannot access '{path}'", path, err)
            status = 1
    return status


@tool("chmod")
def chmod(proc):
    recursive, spec, paths = owner_args(proc)

    def change(target):
        mode = parse_mode(spec, proc.fs.stat(target).mode)
        if mode is None:
            fail(proc, f"invalid mode: '{spec}'" if not is_busybox(proc) else f"invalid mode '{spec}'")
        proc.fs.chmod(target, mode)

    return apply_each(proc, paths, recursive, change)


@tool("chown")
def chown(proc):
    recursive, spec, paths = owner_args(proc)
    owner, _, group = spec.partition(":")
    users = {v: k for k, v in names_table(proc, "/etc/passwd", 2).items()}
    groups = {v: k for k, v in names_table(proc, "/etc/group", 2).items()}

    def lookup(value, table, what):
        if value == "":
            return None
        if value.isdigit():
            return int(value)
        if value not in table:
            fail(proc, f"invalid {what}: '{spec}'" if not is_busybox(proc) else f"unknown {what} {value}")
        return table[value]

    uid, gid = lookup(owner, users, "user"), lookup(group, groups, "group")
    return apply_each(proc, paths, recursive, lambda target: proc.fs.chown(target, uid, gid))


@tool("stat")
def stat(proc):
    opts, paths = getopt(proc, "Lc", valued="", long={"format=": "c"}, usage="[-ltLf] [-c FMT] FILE...")
    if not paths:
        missing_operand(proc)
    users, groups = names_table(proc, "/etc/passwd", 2), names_table(proc, "/etc/group", 2)
    status = 0
    for path in paths:
        try:
            st = proc.fs.stat(proc.path(path), follow=bool(opts.get("L")))
        except FSError as err:
            proc.err(f"stat: cannot statx '{path}': {err}\n" if not is_busybox(proc)
                     else f"stat: can't stat '{path}': {err}\n")
            status = 1
            continue
        kind = {"dir": "directory", "symlink": "symbolic link"}.get(
            st.kind, "character special file" if is_device(st.mode) else "regular file" if st.size else "regular empty file")
        stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", time.gmtime(st.mtime))
        label = f"{path} -> {st.target}" if st.kind == "symlink" else path
        proc.out(f"  File: {label}\n"
                 f"  Size: {st.size:<15} Blocks: {blocks(st) * 2:<10} IO Block: 4096   {kind}\n"
                 f"Access: ({st.mode & 0o7777:04o}/{mode_string(st)})  Uid: ({st.uid:5}/{users.get(st.uid, 'UNKNOWN'):>8})"
                 f"   Gid: ({st.gid:5}/{groups.get(st.gid, 'UNKNOWN'):>8})\n"
                 f"Access: {stamp}\nModify: {stamp}\nChange: {stamp}\n")
    return status


@tool("find")
def find(proc):
    args = proc.argv[1:]
    roots = []
    while args and not args[0].startswith("-") and args[0] not in ("(", "!"):
        roots.append(args.pop(0))
    tests = []
    action_print = True
    while args:
        flag = args.pop(0)
        if flag in ("-name", "-iname", "-type", "-maxdepth", "-mindepth", "-path"):
            if not args:
                fail(proc, f"missing argument to `{flag}'")
            tests.append((flag, args.pop(0)))
        elif flag == "-print":
            continue
        elif flag == "-delete":
            tests.append((flag, None))
            action_print = False
        else:
            fail(proc, f"unknown predicate `{flag}'" if not is_busybox(proc) else f"unrecognized: {flag}")
    from .text import glob_regex
    status = 0
    out = []
    maxdepth = next((int(v) for f, v in tests if f == "-maxdepth" and v.isdigit()), None)
    mindepth = next((int(v) for f, v in tests if f == "-mindepth" and v.isdigit()), 0)

    def matches(path, shown, depth):
        if depth < mindepth:
            return False
        st = proc.fs.lstat(path)
        for flag, value in tests:
            base = posixpath.basename(shown) or shown
            if flag == "-name" and not glob_regex(value).fullmatch(base):
                return False
            if flag == "-iname" and not glob_regex(value.lower()).fullmatch(base.lower()):
                return False
            if flag == "-path" and not glob_regex(value, slash=True).fullmatch(shown):
                return False
            if flag == "-type" and {"f": "file", "d": "dir", "l": "symlink"}.get(value) != st.kind:
                return False
        return True

    def visit(path, shown, depth):
        proc.budget.step()
        if matches(path, shown, depth):
            out.append(shown)
        if (maxdepth is None or depth < maxdepth) and proc.fs.lstat(path).kind == "dir":
            for name in proc.fs.listdir(path):
                visit(posixpath.join(path, name), posixpath.join(shown, name), depth + 1)

    for root in roots or ["."]:
        try:
            visit(proc.path(root), root, 0)
        except FSError as err:
            proc.err(f"find: '{root}': {err}\n" if not is_busybox(proc) else f"find: {root}: {err}\n")
            status = 1
    if any(f == "-delete" for f, _ in tests):
        for shown in reversed(out):
            try:
                proc.fs.rmtree(proc.path(shown))
            except FSError:
                pass
    if action_print:
        proc.out("".join(p + "\n" for p in out))
    return status


def tree_size(proc, path):
    st = proc.fs.lstat(path)
    if st.kind != "dir":
        return blocks(st)
    total = 4
    for name in proc.fs.listdir(path):
        proc.budget.step()
        total += tree_size(proc, posixpath.join(path, name))
    return total


@tool("du")
def du(proc):
    opts, paths = getopt(proc, "shac", valued="d", long={"summarize": "s", "human-readable": "h"},
                         usage="[-aHLdclsxhmk] [FILE]...")
    status = 0
    for path in paths or ["."]:
        try:
            size = tree_size(proc, proc.path(path))
        except FSError as err:
            proc.err(f"du: cannot access '{path}': {err}\n" if not is_busybox(proc) else f"du: {path}: {err}\n")
            status = 1
            continue
        shown = human(size * 1024) if opts.get("h") else str(size)
        proc.out(f"{shown}\t{path}\n")
    return status


DISK = (61255492, 9842108, 48288320)     # the host disk in KiB: size, used, available
DEV = (65536, 0, 65536)                  # /dev and /dev/shm: Docker's 64 MiB tmpfs
TMPFS = (2003284, 0, 2003284)            # a tmpfs without a size: half the host's memory
MASKED = ("/proc/acpi", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap")


def container_filesystems(proc):
    """A container's mounts in /proc/mounts order as (device, KiB figures, mount point): the
    overlay root, /dev, /dev/shm, then its mounts by path depth (the /etc files Docker binds
    from the host disk among them), then the tmpfs runc uses to mask kernel directories."""
    mounts = sorted(((target, m) for target, m in proc.fs.mounts.items() if m.kind != "dev"),
                    key=lambda item: item[0].count("/"))
    sizes = tmpfs_sizes(getattr(proc.machine, "container", None))
    rows = [("overlay", DISK, "/"), ("tmpfs", DEV, "/dev"), ("shm", DEV, "/dev/shm")]
    rows += [("tmpfs", (sizes[target], 0, sizes[target]) if target in sizes else TMPFS, target)
             if m.kind == "tmpfs" else ("/dev/sda1", DISK, target) for target, m in mounts]
    return rows + [("tmpfs", TMPFS, path) for path in MASKED]


def tmpfs_sizes(container):
    """KiB of each tmpfs given a size: --mount ...,tmpfs-size=N or --tmpfs PATH:size=N[kmg]."""
    config = container.host_config if container is not None else {}
    sizes = {m["Target"]: m["TmpfsOptions"]["SizeBytes"] // 1024 for m in config.get("Mounts") or []
             if (m.get("TmpfsOptions") or {}).get("SizeBytes")}
    for target, options in (config.get("Tmpfs") or {}).items():
        for option in options.split(","):
            match = re.fullmatch(r"size=(\d+)([kmg]?)", option.strip().lower())
            if match:
                sizes[target] = int(match.group(1)) * 1024 ** " kmg".index(match.group(2) or " ") // 1024
    return sizes


def mounted_on(rows, path):
    """The filesystem holding path: the deepest mount point above it."""
    return max((row for row in rows if path == row[2] or path.startswith(row[2].rstrip("/") + "/")),
               key=lambda row: len(row[2]))


def busybox_size(kib):
    """busybox make_human_readable_str: one decimal from 1M up, no unit for zero."""
    for unit, scale in (("G", 1 << 20), ("M", 1 << 10)):
        if kib >= scale:
            return f"{kib / scale:.1f}{unit}"
    return f"{kib}K" if kib else "0"


def gnu_size(kib):
    """GNU -h: rounded up, one decimal below 10."""
    for unit, scale in (("G", 1 << 20), ("M", 1 << 10), ("K", 1)):
        if kib >= scale:
            value = kib / scale
            return f"{math.ceil(value * 10) / 10:.1f}{unit}" if value < 10 else f"{math.ceil(value)}{unit}"
    return "0"


@tool("df")
def df(proc):
    opts, paths = getopt(proc, "hTkP", usage="[-PkmhT] [-t TYPE] [FILESYSTEM]...")
    if proc.machine.kind == "container":
        rows = container_filesystems(proc)
    else:
        rows = [("overlay", DISK, "/"), ("tmpfs", DEV, "/dev"), ("shm", DEV, "/dev/shm")]
    if paths:
        rows = [mounted_on(rows, proc.path(path)) for path in paths]
    if is_busybox(proc):
        size = busybox_size if opts.get("h") else str
        proc.out(f"Filesystem           {'     Size' if opts.get('h') else '1K-blocks'}      Used Available "
                 "Use% Mounted on\n" + "".join(
                     f"{device:<20} {size(total):>9} {size(used):>9} {size(avail):>9} "
                     f"{(used * 100 + (used + avail) // 2) // (used + avail) if used + avail else 0:>3}% {target}\n"
                     for device, (total, used, avail), target in rows))
        return 0
    if not paths:                      # GNU lists a device once, at its shortest mount point
        rows = [row for row in rows if row[0] != "/dev/sda1" or row[2] == min(
            (r[2] for r in rows if r[0] == "/dev/sda1"), key=len)]
    size = gnu_size if opts.get("h") else str
    table = [("Filesystem", "Size" if opts.get("h") else "1K-blocks", "Used", "Avail" if opts.get("h") else
              "Available", "Use%", "Mounted on")]
    table += [(device, size(total), size(used), size(avail),
               f"{math.ceil(used * 100 / (used + avail)) if used else 0}%", target)
              for device, (total, used, avail), target in rows]
    widths = [max(minimum, *(len(row[i]) for row in table)) for i, minimum in enumerate((14, 5, 5, 5, 4))]
    proc.out("".join(f"{row[0]:<{widths[0]}} {row[1]:>{widths[1]}} {row[2]:>{widths[2]}} "
                     f"{row[3]:>{widths[3]}} {row[4]:>{widths[4]}} {row[5]}\n" for row in table))
    return 0


@tool("basename")
def basename(proc):
    args = proc.argv[1:] or missing_operand(proc)
    name = args[0].rstrip("/")
    name = posixpath.basename(name) if name else "/"
    if len(args) > 1 and name.endswith(args[1]) and name != args[1]:
        name = name[: -len(args[1])]
    proc.out(name + "\n")
    return 0


@tool("dirname")
def dirname(proc):
    for arg in proc.argv[1:] or missing_operand(proc):
        stripped = arg.rstrip("/") or "/"
        parent = posixpath.dirname(stripped).rstrip("/") or ("/" if stripped.startswith("/") else ".")
        proc.out(parent + "\n")
    return 0

