"""Runs the simple Python a lesson's app.py or `python -c` holds without executing it: the
source is parsed with `ast` and only print(), assignments, f-strings, arithmetic on literals,
os.environ lookups and `if __name__ == "__main__":` are evaluated. Anything else stops with one
line saying so."""
import ast

MAX_SOURCE = 64 * 1024
MAX_TEXT = 1024 * 1024          # longest string an expression may build ("ab" * 10**9 stops)


class Unsupported(Exception):
    """The script does something the simulator does not run; lineno says where."""

    def __init__(self, lineno):
        super().__init__(lineno)
        self.lineno = lineno


class Script:
    def __init__(self, env, out):
        self.env, self.out = env, out
        self.names = {"__name__": "__main__"}

    def run(self, tree):
        for statement in tree.body:
            self.statement(statement)

    def statement(self, node):
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return                                   # a docstring
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.call(node.value)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            value = self.value(node.value)
            for target in node.targets:
                self.names[target.id] = value
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            self.names[node.target.id] = self.binary(node.op, self.value(node.target), self.value(node.value), node)
        elif isinstance(node, ast.If):
            for statement in node.body if self.value(node.test) else node.orelse:
                self.statement(statement)
        else:
            raise Unsupported(node.lineno)

    def call(self, node):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name == "print":
            options = {k.arg: self.value(k.value) for k in node.keywords}
            text = str(options.get("sep", " ")).join(self.text(self.value(a)) for a in node.args)
            self.out(text + str(options.get("end", "\n")))
            return None
        args = [self.value(a) for a in node.args]
        if name in ("len", "str", "int", "float") and len(args) == 1 and not node.keywords:
            try:
                return {"len": len, "str": self.text, "int": int, "float": float}[name](args[0])
            except (TypeError, ValueError):
                raise Unsupported(node.lineno) from None
        if self.dotted(node.func) in ("os.environ.get", "os.getenv") and 1 <= len(args) <= 2:
            return self.env.get(args[0], args[1] if len(args) == 2 else None)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("upper", "lower", "strip") and not args:
            target = self.value(node.func.value)
            if isinstance(target, str):
                return getattr(target, node.func.attr)()
        raise Unsupported(node.lineno)

    def dotted(self, node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        return ".".join([node.id] + parts[::-1]) if isinstance(node, ast.Name) else ""

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        if isinstance(node, ast.JoinedStr):
            return "".join(self.text(self.value(v.value)) if isinstance(v, ast.FormattedValue) and v.format_spec is None
                           else self.value(v) for v in node.values)
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.value(e) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.BinOp):
            return self.binary(node.op, self.value(node.left), self.value(node.right), node)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            same = self.value(node.left) == self.value(node.comparators[0])
            return same if isinstance(node.ops[0], ast.Eq) else not same
        if isinstance(node, ast.Subscript) and self.dotted(node.value) == "os.environ":
            return self.env.get(self.value(node.slice), "")
        if isinstance(node, ast.Call):
            return self.call(node)
        raise Unsupported(getattr(node, "lineno", 0))

    def binary(self, op, left, right, node):
        try:
            if isinstance(op, ast.Mult) and isinstance(left, str) and isinstance(right, int) and len(left) * right > MAX_TEXT:
                raise Unsupported(node.lineno)
            if isinstance(op, ast.Pow) and abs(right) > 64:
                raise Unsupported(node.lineno)
            result = {ast.Add: lambda: left + right, ast.Sub: lambda: left - right,
                      ast.Mult: lambda: left * right, ast.Div: lambda: left / right,
                      ast.FloorDiv: lambda: left // right, ast.Mod: lambda: left % right,
                      ast.Pow: lambda: left ** right}[type(op)]()
        except (KeyError, TypeError, ZeroDivisionError):
            raise Unsupported(node.lineno) from None
        if isinstance(result, str) and len(result) > MAX_TEXT:
            raise Unsupported(node.lineno)
        return result

    @staticmethod
    def text(value):
        return str(value)


def parse(source, filename):
    """The module's AST, or (lineno, offset, message, line) of the SyntaxError Python would raise."""
    if len(source) > MAX_SOURCE:
        return None
    try:
        return ast.parse(source, filename)
    except SyntaxError as problem:
        return problem
    except (RecursionError, MemoryError, ValueError):
        return None


def imported_modules(tree):
    """(lineno, top-level module name) of every import, in order."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module.split(".")[0]))
    return sorted(found)
