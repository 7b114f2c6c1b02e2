"""Database clients: mysql, redis-cli and psql. Each parses its options, connects through the
machine's network (`proc.machine.net.connect(host, port).query(protocol, request)`) and prints
the answer in the real client's format."""
import re

from .base import NetError, program

STATEMENT = re.compile(r"""(?:[^;'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")+""")


def options(argv, spec):
    """Short options with attached or separate values (-uroot, -u root), --long=value and
    --long value, as the MySQL and PostgreSQL clients take them. spec maps each option to
    (key, takes_value); -p is special to mysql: only an attached value counts."""
    found, rest, i = {}, [], 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
            if name in spec:
                found[spec[name][0]] = value
                continue
        if arg in spec:
            key, takes = spec[arg]
            if takes == "attached":
                found[key] = None
            elif takes and i < len(argv):
                found[key] = argv[i]
                i += 1
            else:
                found[key] = True
            continue
        short = arg[:2]
        if arg.startswith("-") and not arg.startswith("--") and short in spec and spec[short][1]:
            found[spec[short][0]] = arg[2:]
            continue
        rest.append(arg)
    return found, rest


def split_statements(text):
    return [s.strip() for s in STATEMENT.findall(text) if s.strip()]


def connect(proc, host, port):
    """The service at host:port, or the NetError kind."""
    net = getattr(proc.machine, "net", None)
    if net is None:
        raise NetError("refused", host, port)
    return net.connect(host, port)


# --- mysql ----------------------------------------------------------------------------------------
MYSQL_OPTIONS = {"-h": ("host", True), "--host": ("host", True), "-u": ("user", True),
                 "--user": ("user", True), "-p": ("password", "attached"), "--password": ("password", "attached"),
                 "-P": ("port", True), "--port": ("port", True), "-e": ("execute", True),
                 "--execute": ("execute", True), "-D": ("database", True), "--database": ("database", True),
                 "-t": ("table", False), "--table": ("table", False), "-B": ("batch", False),
                 "--batch": ("batch", False), "-N": ("skip_names", False), "--skip-column-names": ("skip_names", False),
                 "-V": ("version", False), "--version": ("version", False)}


@program("mysql")
def mysql(proc):
    opts, rest = options(proc.argv[1:], MYSQL_OPTIONS)
    version = proc.env.get("MYSQL_VERSION", "9.5.0").split("-", 1)[0]
    if opts.get("version"):
        proc.out(f"mysql  Ver {version} for Linux on x86_64 (MySQL Community Server - GPL)\n")
        return 0
    unknown = [a for a in rest if a.startswith("-")]
    if unknown:
        proc.err(f"mysql: [ERROR] unknown option '{unknown[0]}'.\n")
        return 7
    if isinstance(opts.get("password"), str):
        proc.err("mysql: [Warning] Using a password on the command line interface can be insecure.\n")
    elif "password" in opts:
        proc.out("Enter password: ")
        opts["password"] = proc.stdin.split("\n", 1)[0]
        proc.stdin = proc.stdin.split("\n", 1)[1] if "\n" in proc.stdin else ""
    host = opts.get("host", "localhost")
    port = int(opts.get("port") or 3306) if str(opts.get("port", "3306")).isdigit() else 3306
    script = opts.get("execute") if isinstance(opts.get("execute"), str) else proc.stdin
    if not script.strip():
        if proc.tty:
            proc.err("mysql: interactive sessions are not available here; use mysql -e \"STATEMENT;\"\n")
            return 1
        script = ""
    try:
        server = connect(proc, host, port)
    except NetError as problem:
        proc.err(mysql_connect_error(problem.kind, host, port) + "\n")
        return 1
    request = {"user": opts.get("user") or proc.env.get("USER") or "root",
               "password": opts.get("password") or "", "database": opts.get("database") or (rest[0] if rest else None)}
    table = opts.get("table") or (proc.tty and not opts.get("batch"))
    first = server.query("mysql", {**request, "sql": "SELECT 1"})
    if "error" in first:
        proc.err(mysql_error(first["error"]) + "\n")
        return 1
    for line, statement in enumerate(split_statements(script), start=1):
        reply = server.query("mysql", {**request, "sql": statement})
        if "error" in reply:
            proc.err(mysql_error(reply["error"], at_line=1 if opts.get("execute") else line) + "\n")
            return 1
        request["database"] = reply.get("database", request["database"])
        if "columns" in reply:
            proc.out(mysql_table(reply, opts.get("skip_names")) if table else
                     mysql_batch(reply, opts.get("skip_names")))
    return 0


def mysql_connect_error(kind, host, port):
    if host in ("localhost", "") and kind == "refused":
        return "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)"
    if kind == "unknown-host":
        return f"ERROR 2005 (HY000): Unknown MySQL server host '{host}' (-2)"
    errno = {"refused": 111, "timeout": 110, "unreachable": 113}.get(kind, 111)
    return f"ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{port}' ({errno})"


def mysql_error(error, at_line=None):
    code, state, message = error
    where = f" at line {at_line}" if at_line is not None and code not in (1045, 1049) else ""
    return f"ERROR {code} ({state}){where}: {message}"


def cell(value):
    return "NULL" if value is None else str(value)


def mysql_batch(reply, skip_names=False):
    lines = [] if skip_names else ["\t".join(reply["columns"])]
    lines += ["\t".join(cell(v) for v in row) for row in reply["rows"]]
    return "".join(line + "\n" for line in lines)


def mysql_table(reply, skip_names=False):
    """mysql's boxed table: numbers right-aligned, everything else left-aligned."""
    columns, rows = reply["columns"], reply["rows"]
    if not rows and not columns:
        return ""
    widths = [max([len(c)] + [len(cell(r[i])) for r in rows]) for i, c in enumerate(columns)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def line(values, numeric):
        parts = [cell(v).rjust(w) if numeric and isinstance(v, (int, float)) else cell(v).ljust(w)
                 for v, w in zip(values, widths)]
        return "| " + " | ".join(parts) + " |\n"
    head = "" if skip_names else line(columns, False) + rule
    return rule + head + "".join(line(r, True) for r in rows) + rule


# --- redis-cli ------------------------------------------------------------------------------------
REDIS_OPTIONS = {"-h": ("host", True), "-p": ("port", True), "-n": ("db", True), "-a": ("password", True),
                 "--raw": ("raw", False), "--no-raw": ("no_raw", False), "-v": ("version", False),
                 "--version": ("version", False)}


@program("redis-cli")
def redis_cli(proc):
    opts, words = options(proc.argv[1:], REDIS_OPTIONS)
    if opts.get("version"):
        proc.out("redis-cli 8.2.3\n")
        return 0
    if "password" in opts:
        proc.err("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n")
    host, port = opts.get("host", "127.0.0.1"), opts.get("port", "6379")
    if not str(port).isdigit():
        proc.err("Unrecognized option or bad number of args for: '-p'\n")
        return 1
    commands = [words] if words else [line.split() for line in proc.stdin.splitlines() if line.strip()]
    if not commands:
        if proc.tty:
            proc.err("redis-cli: interactive sessions are not available here; give the command, e.g. redis-cli PING\n")
        return 1 if proc.tty else 0
    try:
        server = connect(proc, host, int(port))
    except NetError as problem:
        reason = "Name or service not known" if problem.kind == "unknown-host" else \
            {"timeout": "Connection timed out", "unreachable": "No route to host"}.get(problem.kind, "Connection refused")
        proc.out(f"Could not connect to Redis at {host}:{port}: {reason}\n")
        return 1
    raw = (opts.get("raw") or not proc.tty) and not opts.get("no_raw")
    for command in commands:
        proc.out(redis_format(server.query("redis", command), raw))
    return 0


def redis_format(answer, raw):
    kind, value = answer["type"], answer["value"]
    if kind == "error":
        return f"{value}\n" if raw else f"(error) {value}\n"
    if kind == "integer":
        return f"{value}\n" if raw else f"(integer) {value}\n"
    if kind == "status":
        return f"{value}\n"
    if kind == "bulk":
        if value is None:
            return "\n" if raw else "(nil)\n"
        return f"{value}\n" if raw else f'"{value}"\n'
    if not value:
        return "" if raw else "(empty array)\n"
    if raw:
        return "".join("\n" if v is None else f"{v}\n" for v in value)
    width = len(str(len(value)))
    return "".join(f"{str(i).rjust(width)}) " + ("(nil)\n" if v is None else f'"{v}"\n')
                   for i, v in enumerate(value, start=1))
