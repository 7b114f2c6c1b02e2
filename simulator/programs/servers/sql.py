"""A small SQL engine for the simulated database servers: databases are directories and tables
JSON files under the server's data directory, so a volume mounted there keeps them.

It understands what lessons type: SHOW DATABASES/TABLES, CREATE/DROP DATABASE and TABLE,
INSERT, SELECT (columns or *, WHERE col = value, ORDER BY, LIMIT, COUNT(*)), UPDATE, DELETE and
SELECT of literals and a few functions. Anything else is a syntax error in the server's words.
"""
import json
import posixpath
import re

from ...fs import FSError

TOKEN = re.compile(r"""\s*(?:(?P<string>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*")|(?P<number>-?\d+(?:\.\d+)?)
                    |(?P<name>`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
                    |(?P<op><=|>=|<>|!=|[(),;*=<>.]))""", re.X)


COUNT = object()        # marks COUNT(*) among the selected items


class SQLError(Exception):
    """kind: syntax, no-database, unknown-database, drop-unknown-database, db-exists,
    unknown-table, table-exists, unknown-column, unknown-function, column-count;
    detail: the name or text the message quotes."""

    def __init__(self, kind, detail=""):
        super().__init__(kind)
        self.kind, self.detail = kind, detail


def tokenize(text):
    tokens, pos = [], 0
    text = text.strip().rstrip(";").strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise SQLError("syntax", text[pos:])
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "string":
            value = ("str", value[1:-1].replace("''", "'").replace("\\'", "'"))
        elif kind == "number":
            value = ("num", float(value) if "." in value else int(value))
        elif kind == "name":
            value = ("name", value.strip("`"))
        else:
            value = ("op", value)
        tokens.append((value, match.start(kind)))
        pos = match.end()
    return tokens, text


class Parser:
    def __init__(self, text):
        self.tokens, self.text = tokenize(text)
        self.i = 0

    def peek(self, offset=0):
        j = self.i + offset
        return self.tokens[j][0] if j < len(self.tokens) else ("end", None)

    def error(self):
        """A syntax error quoting the text from the current token, as servers do."""
        at = self.tokens[self.i][1] if self.i < len(self.tokens) else len(self.text)
        raise SQLError("syntax", self.text[at:])

    def word(self, *expected):
        kind, value = self.peek()
        if kind != "name" or (expected and value.upper() not in expected):
            self.error()
        self.i += 1
        return value

    def accept(self, *words):
        kind, value = self.peek()
        if (kind == "name" and value.upper() in words) or (kind == "op" and value in words):
            self.i += 1
            return value
        return None

    def expect_op(self, op):
        if self.peek() != ("op", op):
            self.error()
        self.i += 1

    def value(self):
        kind, value = self.peek()
        if kind in ("str", "num"):
            self.i += 1
            return value
        if kind == "name" and value.upper() in ("NULL", "TRUE", "FALSE"):
            self.i += 1
            return {"NULL": None, "TRUE": 1, "FALSE": 0}[value.upper()]
        self.error()

    def done(self):
        if self.i != len(self.tokens):
            self.error()


class Database:
    """Statements against a data directory in a container filesystem."""

    def __init__(self, fs, root, functions, dialect="mysql"):
        self.fs, self.root = fs, root
        self.functions = functions          # name -> value for SELECT VERSION(), USER(), ...
        self.dialect = dialect              # how result columns are named: mysql or postgres

    # --- storage ------------------------------------------------------------------------------
    def databases(self, hidden=()):
        names = [n for n in self.fs.listdir(self.root) if self.fs.is_dir(posixpath.join(self.root, n))]
        return sorted(set(names) | set(hidden))

    def exists(self, db):
        return self.fs.is_dir(posixpath.join(self.root, db))

    def table_path(self, db, table):
        return posixpath.join(self.root, db, table + ".json")

    def load(self, db, table):
        try:
            return json.loads(self.fs.read(self.table_path(db, table)))
        except FSError:
            raise SQLError("unknown-table", f"{db}.{table}") from None

    def save(self, db, table, data):
        self.fs.write(self.table_path(db, table), json.dumps(data).encode())

    def tables(self, db):
        return sorted(n[:-5] for n in self.fs.listdir(posixpath.join(self.root, db)) if n.endswith(".json"))

    # --- statements ---------------------------------------------------------------------------
    def execute(self, sql, db, hidden=()):
        """(result, current database). result: {"columns", "rows"} or {"affected": n}."""
        p = Parser(sql)
        verb = p.word().upper()
        handler = getattr(self, "do_" + verb.lower(), None)
        if handler is None:
            p.i = 0
            p.error()
        return handler(p, db, hidden)

    def need(self, db):
        if not db:
            raise SQLError("no-database")
        return db

    def do_use(self, p, db, hidden):
        name = p.word()
        p.done()
        if not self.exists(name) and name not in hidden:
            raise SQLError("unknown-database", name)
        return {"message": "Database changed"}, name

    def do_show(self, p, db, hidden):
        what = p.word("DATABASES", "TABLES", "SCHEMAS").upper()
        p.done()
        if what in ("DATABASES", "SCHEMAS"):
            return {"columns": ["Database"], "rows": [[n] for n in self.databases(hidden)]}, db
        db = self.need(db)
        return {"columns": [f"Tables_in_{db}"], "rows": [[t] for t in self.tables(db)]}, db

    def do_create(self, p, db, hidden):
        kind = p.word("DATABASE", "SCHEMA", "TABLE").upper()
        quiet = bool(p.accept("IF") and p.word("NOT") and p.word("EXISTS"))
        name = p.word()
        if kind != "TABLE":
            p.done()
            if self.exists(name) or name in hidden:
                if quiet:
                    return {"affected": 0}, db
                raise SQLError("db-exists", name)
            self.fs.mkdir(posixpath.join(self.root, name), parents=True)
            return {"affected": 1}, db
        target_db, table = self.split(name, db)
        columns = self.column_definitions(p)
        if self.fs.exists(self.table_path(target_db, table)):
            if quiet:
                return {"affected": 0}, db
            raise SQLError("table-exists", table)
        self.save(target_db, table, {"columns": columns, "rows": []})
        return {"affected": 0}, db

    def column_definitions(self, p):
        p.expect_op("(")
        columns, depth = [], 0
        expecting_name = True
        while True:
            kind, value = p.peek()
            if kind == "end":
                p.error()
            p.i += 1
            if kind == "op" and value == "(":
                depth += 1
            elif kind == "op" and value == ")":
                if depth == 0:
                    break
                depth -= 1
            elif kind == "op" and value == "," and depth == 0:
                expecting_name = True
            elif expecting_name and kind == "name":
                if value.upper() not in ("PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN"):
                    columns.append(value)
                expecting_name = False
        p.done()
        if not columns:
            p.error()
        return columns

    def split(self, name, db):
        if "." in name:
            target_db, table = name.split(".", 1)
        else:
            target_db, table = self.need(db), name
        if not self.exists(target_db):
            raise SQLError("unknown-database", target_db)
        return target_db, table

    def do_drop(self, p, db, hidden):
        kind = p.word("DATABASE", "SCHEMA", "TABLE").upper()
        quiet = bool(p.accept("IF") and p.word("EXISTS"))
        name = p.word()
        p.done()
        if kind == "TABLE":
            target_db, table = self.split(name, db)
            if not self.fs.exists(self.table_path(target_db, table)):
                if quiet:
                    return {"affected": 0}, db
                raise SQLError("unknown-table", f"{target_db}.{table}")
            self.fs.remove(self.table_path(target_db, table))
            return {"affected": 0}, db
        if not self.exists(name):
            if quiet:
                return {"affected": 0}, db
            raise SQLError("drop-unknown-database", name)
        count = len(self.tables(name))
        self.fs.rmtree(posixpath.join(self.root, name))
        return {"affected": count}, (None if db == name else db)

    def do_insert(self, p, db, hidden):
        p.word("INTO")
        target_db, table = self.split(p.word(), db)
        data = self.load(target_db, table)
        columns = data["columns"]
        if p.accept("("):
            columns = [p.word()]
            while p.accept(","):
                columns.append(p.word())
            p.expect_op(")")
        p.word("VALUES", "VALUE")
        rows = [self.row(p)]
        while p.accept(","):
            rows.append(self.row(p))
        p.done()
        for row in rows:
            if len(row) != len(columns):
                raise SQLError("column-count")
            unknown = [c for c in columns if c not in data["columns"]]
            if unknown:
                raise SQLError("unknown-column", unknown[0])
            full = dict.fromkeys(data["columns"])
            full.update(zip(columns, row))
            data["rows"].append([full[c] for c in data["columns"]])
        self.save(target_db, table, data)
        return {"affected": len(rows)}, db

    def row(self, p):
        p.expect_op("(")
        values = [p.value()]
        while p.accept(","):
            values.append(p.value())
        p.expect_op(")")
        return values

    def where(self, p, columns):
        """A filter from `WHERE col = value [AND col = value]`, or keep-everything."""
        if not p.accept("WHERE"):
            return lambda row: True
        tests = []
        while True:
            column = p.word()
            if column not in columns:
                raise SQLError("unknown-column", column)
            op = p.peek()
            if op not in (("op", "="), ("op", "!="), ("op", "<>")):
                p.error()
            p.i += 1
            tests.append((columns.index(column), op[1] == "=", p.value()))
            if not p.accept("AND"):
                break
        return lambda row: all((str(row[i]) == str(v)) == equal for i, equal, v in tests)

    def do_select(self, p, db, hidden):
        items = []
        while True:
            if p.accept("*"):
                items.append("*")
            else:
                items.append(self.select_item(p))
            if not p.accept(","):
                break
        if not p.accept("FROM"):
            p.done()
            return {"columns": [label for label, _ in items], "rows": [[value for _, value in items]]}, db
        target_db, table = self.split(p.word(), db)
        data = self.load(target_db, table)
        columns = data["columns"]
        keep = self.where(p, columns)
        rows = [row for row in data["rows"] if keep(row)]
        if p.accept("ORDER"):
            p.word("BY")
            column = p.word()
            if column not in columns:
                raise SQLError("unknown-column", column)
            descending = bool(p.accept("DESC"))
            p.accept("ASC")
            rows.sort(key=lambda r: (r[columns.index(column)] is None, r[columns.index(column)]),
                      reverse=descending)
        if p.accept("LIMIT"):
            rows = rows[: int(p.value())]
        p.done()
        if len(items) == 1 and items[0] != "*" and items[0][1] is COUNT:
            return {"columns": [items[0][0]], "rows": [[len(rows)]]}, db
        names, picks = [], []
        for item in items:
            if item == "*":
                names += columns
                picks += range(len(columns))
            elif item[1] == "column":
                if item[0] not in columns:
                    raise SQLError("unknown-column", item[0])
                names.append(item[0])
                picks.append(columns.index(item[0]))
            else:
                p.i = 0
                p.error()
        return {"columns": names, "rows": [[row[i] for i in picks] for row in rows]}, db

    def select_item(self, p):
        """(label, value) of a literal or function, (label, COUNT) of COUNT(*), (name, "column")
        of a column."""
        kind, value = p.peek()
        postgres = self.dialect == "postgres"
        if kind in ("str", "num"):
            p.i += 1
            return ("?column?" if postgres else str(value), value)
        if kind == "name" and p.peek(1) == ("op", "("):
            p.i += 2
            if value.upper() == "COUNT":
                p.expect_op("*")
                p.expect_op(")")
                return ("count" if postgres else "COUNT(*)", COUNT)
            p.expect_op(")")
            name = value.upper()
            if name not in self.functions:
                raise SQLError("unknown-function", value)
            return (value.lower() if postgres else f"{value}()", self.functions[name])
        if kind == "name":
            p.i += 1
            return (value, "column")
        p.error()

    def do_delete(self, p, db, hidden):
        p.word("FROM")
        target_db, table = self.split(p.word(), db)
        data = self.load(target_db, table)
        keep = self.where(p, data["columns"])
        p.done()
        before = len(data["rows"])
        data["rows"] = [row for row in data["rows"] if not keep(row)]
        self.save(target_db, table, data)
        return {"affected": before - len(data["rows"])}, db

    def do_update(self, p, db, hidden):
        target_db, table = self.split(p.word(), db)
        data = self.load(target_db, table)
        columns = data["columns"]
        p.word("SET")
        changes = []
        while True:
            column = p.word()
            if column not in columns:
                raise SQLError("unknown-column", column)
            p.expect_op("=")
            changes.append((columns.index(column), p.value()))
            if not p.accept(","):
                break
        keep = self.where(p, columns)
        p.done()
        count = 0
        for row in data["rows"]:
            if keep(row):
                for index, value in changes:
                    row[index] = value
                count += 1
        self.save(target_db, table, data)
        return {"affected": count}, db
