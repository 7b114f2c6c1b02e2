"""test / [ expressions (shared by the shell builtin, [[ ]] and the test program)."""
import re

from ..fs import FSError

UNARY = set("-e -f -d -s -r -w -x -L -h -z -n -b -c -p -S -t -g -u -k -O -G -N".split())
BINARY = set("= == != < > -eq -ne -lt -le -gt -ge -nt -ot -ef".split())
INTEGER = re.compile(r"\s*[-+]?\d+\s*\Z")


class TestError(Exception):
    pass


def integer(text):
    if not INTEGER.match(text):
        raise TestError(f"{text}: integer expression expected")
    return int(text)


def file_test(op, path, fs):
    if op in ("-z", "-n"):
        return (path == "") == (op == "-z")
    if op == "-t":
        return False
    try:
        if op in ("-L", "-h"):
            return fs.lstat(path).kind == "symlink"
        st = fs.stat(path)
    except FSError:
        return False
    if op == "-f":
        return st.kind == "file"
    if op == "-d":
        return st.kind == "dir"
    if op == "-s":
        return st.size > 0
    if op == "-x":
        return bool(st.mode & 0o111) or st.kind == "dir"
    if op in ("-b", "-c", "-p", "-S", "-g", "-u", "-k"):
        return False
    return True


def compare(left, op, right, fs, cwd_path):
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op in ("-nt", "-ot", "-ef"):
        try:
            a, b = fs.stat(cwd_path(left)), fs.stat(cwd_path(right))
        except FSError:
            return False
        return {"-nt": a.mtime > b.mtime, "-ot": a.mtime < b.mtime,
                "-ef": fs.realpath(cwd_path(left)) == fs.realpath(cwd_path(right))}[op]
    a, b = integer(left), integer(right)
    return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[op]


class TestParser:
    def __init__(self, args, fs, cwd_path):
        self.args, self.k, self.fs, self.cwd_path = args, 0, fs, cwd_path

    def run(self):
        if not self.args:
            return False
        if len(self.args) == 2 and self.args[0] != "!" and self.args[0] not in UNARY:
            raise TestError(f"{self.args[0]}: unary operator expected")
        value = self.or_()
        if self.k < len(self.args):
            raise TestError("too many arguments")
        return value

    def more(self, n=1):
        return self.k + n <= len(self.args)

    def or_(self):
        value = self.and_()
        while self.more() and self.args[self.k] == "-o":
            self.k += 1
            value = self.and_() or value
        return value

    def and_(self):
        value = self.not_()
        while self.more() and self.args[self.k] == "-a":
            self.k += 1
            value = self.not_() and value
        return value

    def not_(self):
        if self.more(2) and self.args[self.k] == "!" and not (self.more(3) and self.args[self.k + 1] in BINARY
                                                               and len(self.args) - self.k == 3):
            self.k += 1
            return not self.not_()
        return self.primary()

    def primary(self):
        args, k = self.args, self.k
        if not self.more():
            raise TestError("argument expected")
        if self.more(3) and args[k + 1] in BINARY:
            self.k += 3
            return compare(args[k], args[k + 1], args[k + 2], self.fs, self.cwd_path)
        if args[k] == "(" and self.more(3):
            self.k += 1
            value = self.or_()
            if not self.more() or self.args[self.k] != ")":
                raise TestError("`)' expected")
            self.k += 1
            return value
        if args[k] in UNARY and self.more(2):
            self.k += 2
            operand = args[k + 1]
            return file_test(args[k], operand if args[k] in ("-z", "-n") else self.cwd_path(operand), self.fs)
        if args[k] in UNARY and len(args) - k == 1:
            self.k += 1
            return True
        if self.more(2) and args[k + 1] not in ("-a", "-o", ")"):
            raise TestError(f"{args[k]}: unary operator expected" if args[k].startswith("-")
                            else f"{args[k + 1]}: binary operator expected")
        self.k += 1
        return args[k] != ""


def evaluate(args, fs, cwd_path):
    """True/False, or raises TestError (status 2)."""
    return TestParser(list(args), fs, cwd_path).run()
