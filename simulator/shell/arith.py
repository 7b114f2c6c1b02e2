"""$(( )) arithmetic: a small precedence-climbing evaluator over 64-bit integers (never eval)."""
import re

TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*=?|<<=?|>>=?|\+\+|--|"
                   r"&&|\|\||[=!<>]=|[-+*/%&|^]=|[-+*/%<>=!~?:()&|^,])")
BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", ">", "<=", ">="),
          ("<<", ">>"), ("+", "-"), ("*", "/", "%")]
PRECEDENCE = {op: level for level, ops in enumerate(BINARY) for op in ops}
MAX_RECURSION = 16          # nested variable references and parentheses
ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^=", "**="}


class ArithError(Exception):
    pass


def wrap(n):
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def tokenize(text):
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ArithError(f"{text}: syntax error: operand expected (error token is \"{text[pos:].strip()}\")")
        out.append(m.group(1))
        pos = m.end()
    return out


class Evaluator:
    def __init__(self, text, get, set_, budget=None, depth=0):
        if depth > MAX_RECURSION:
            raise ArithError(f"{text}: expression recursion level exceeded (error token is \"{text}\")")
        self.depth = depth
        self.text, self.get, self.set = text, get, set_
        self.toks = tokenize(text)
        self.k = 0
        self.budget = budget

    def run(self):
        if not self.toks:
            return 0
        value = self.comma()
        if self.k < len(self.toks):
            rest = " ".join(self.toks[self.k:])
            raise ArithError(f"{self.text.strip()}: syntax error in expression (error token is \"{rest}\")")
        return value

    def peek(self):
        return self.toks[self.k] if self.k < len(self.toks) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise ArithError(f"{self.text.strip()}: syntax error: operand expected (error token is \"{self.text.strip()}\")"
                             if not self.toks else f"{self.text.strip()}: syntax error: operand expected")
        self.k += 1
        return tok

    def comma(self):
        value = self.assign()
        while self.peek() == ",":
            self.take()
            value = self.assign()
        return value

    def assign(self):
        tok, op = self.peek(), self.toks[self.k + 1] if self.k + 1 < len(self.toks) else None
        if tok and re.match(r"[A-Za-z_]", tok) and op in ASSIGN:
            self.k += 2
            value = self.assign()
            if op != "=":
                value = self.apply(op[:-1], self.var(tok), value)
            self.set(tok, str(value))
            return value
        return self.ternary()

    def ternary(self):
        cond = self.binary(0)
        if self.peek() == "?":
            self.take()
            yes = self.assign()
            if self.take() != ":":
                raise ArithError(f"{self.text.strip()}: expected `:'")
            no = self.assign()
            return yes if cond else no
        return cond

    def binary(self, level):
        """Operators of `level` and above, left to right (precedence climbing: one call per
        operand rather than one per level)."""
        left = self.power()
        while PRECEDENCE.get(self.peek(), -1) >= level:
            op = self.take()
            right = self.binary(PRECEDENCE[op] + 1)
            left = self.apply(op, left, right)
        return left

    def power(self):
        base = self.unary()
        if self.peek() == "**":
            self.take()
            exp = self.power()
            if exp < 0:
                raise ArithError(f"{self.text.strip()}: exponent less than 0 (error token is \"{exp}\")")
            return wrap(pow(base, exp, 1 << 64))
        return base

    def unary(self):
        tok = self.peek()
        if tok in ("-", "+", "!", "~"):
            self.take()
            value = self.unary()
            return {"-": -value, "+": value, "!": int(not value), "~": ~value}[tok]
        if tok in ("++", "--"):
            self.take()
            name = self.take()
            value = self.var(name) + (1 if tok == "++" else -1)
            self.set(name, str(value))
            return value
        return self.postfix()

    def postfix(self):
        tok = self.take()
        if tok == "(":
            self.depth += 1
            if self.depth > MAX_RECURSION:
                raise ArithError(f"{self.text.strip()}: expression recursion level exceeded (error token is \"(\")")
            value = self.comma()
            self.depth -= 1
            if self.take() != ")":
                raise ArithError(f"{self.text.strip()}: missing `)'")
            return value
        if tok[0].isdigit():
            try:
                return wrap(int(tok, 0) if tok.lower().startswith("0x") else int(tok, 8 if tok.startswith("0") else 10))
            except ValueError:
                raise ArithError(f"{tok}: value too great for base (error token is \"{tok}\")") from None
        if re.match(r"[A-Za-z_]", tok):
            value = self.var(tok)
            if self.peek() in ("++", "--"):
                op = self.take()
                self.set(tok, str(value + (1 if op == "++" else -1)))
            return value
        raise ArithError(f"{self.text.strip()}: syntax error: operand expected (error token is \"{' '.join(self.toks[self.k - 1:])}\")")

    def var(self, name):
        raw = (self.get(name) or "").strip()
        if not raw:
            return 0
        if re.fullmatch(r"-?\d+", raw):
            return wrap(int(raw))
        if self.budget:
            self.budget.step()
        return Evaluator(raw, self.get, self.set, self.budget, self.depth + 1).run()

    def apply(self, op, a, b):
        if op in ("/", "%") and b == 0:
            raise ArithError(f"{self.text.strip()}: division by 0 (error token is \"{self.toks[self.k - 1]}\")")
        if op == "/":
            q = abs(a) // abs(b)
            return wrap(q if (a >= 0) == (b >= 0) else -q)
        if op == "%":
            return wrap(abs(a) % abs(b) * (1 if a >= 0 else -1))
        if op == "**":
            return wrap(pow(a, b, 1 << 64)) if b >= 0 else 0
        if op in ("<<", ">>"):
            return wrap(a << (b & 63)) if op == "<<" else a >> (b & 63)
        return wrap({"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "&": lambda: a & b,
                     "|": lambda: a | b, "^": lambda: a ^ b, "&&": lambda: int(bool(a and b)),
                     "||": lambda: int(bool(a or b)), "==": lambda: int(a == b), "!=": lambda: int(a != b),
                     "<": lambda: int(a < b), ">": lambda: int(a > b), "<=": lambda: int(a <= b),
                     ">=": lambda: int(a >= b)}[op]())


def evaluate(text, get, set_, budget=None):
    return Evaluator(text, get, set_, budget).run()
