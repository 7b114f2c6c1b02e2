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
    script = opts.get("execute") if isinstance(opts.get("execute"), str) else proc.stdin
    monitor = not script.strip() and proc.tty and proc.terminal is not None
    ask = "password" in opts and not isinstance(opts["password"], str)
    if not ask and "password" in opts:
        proc.err("mysql: [Warning] Using a password on the command line interface can be insecure.\n")
    elif ask and not monitor:
        proc.out("Enter password: ")
        opts["password"], _, script = script.partition("\n")
    host = opts.get("host", "localhost")
    port = int(opts["port"]) if str(opts.get("port", "")).isdigit() else 3306
    try:
        server = connect(proc, host, port)
    except NetError as problem:
        proc.err(mysql_connect_error(problem.kind, host, port) + "\n")
        return 1
    request = {"user": opts.get("user") or proc.env.get("USER") or "root",
               "password": opts.get("password") or "", "database": opts.get("database") or (rest[0] if rest else None)}
    if monitor:
        return interactive(proc, "mysql", host, port, request, ask, server)
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


def interactive(proc, protocol, host, port, request, ask, server):
    """Hand the terminal to the client's monitor (mysql>, postgres=#, host:port>)."""
    # Imported here: the monitor formats its answers with this module's functions.
    from .client_monitor import ClientMonitor
    monitor = ClientMonitor(protocol, proc.machine.hostname, host, port, request, waiting_password=ask)
    if not ask and not monitor.start(proc.out, proc.err, server=server):
        return monitor.status
    proc.terminal.push(monitor)
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
    monitor = not commands and proc.tty and proc.terminal is not None
    if not commands and not monitor:
        return 0
    try:
        server = connect(proc, host, int(port))
    except NetError as problem:
        reason = "Name or service not known" if problem.kind == "unknown-host" else \
            {"timeout": "Connection timed out", "unreachable": "No route to host"}.get(problem.kind, "Connection refused")
        proc.out(f"Could not connect to Redis at {host}:{port}: {reason}\n")
        return 1
    if monitor:
        return interactive(proc, "redis", host, int(port), {}, False, server)
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


# --- psql -----------------------------------------------------------------------------------------
PSQL_OPTIONS = {"-h": ("host", True), "--host": ("host", True), "-p": ("port", True), "--port": ("port", True),
                "-U": ("user", True), "--username": ("user", True), "-d": ("database", True),
                "--dbname": ("database", True), "-c": ("command", True), "--command": ("command", True),
                "-t": ("tuples", False), "--tuples-only": ("tuples", False), "-A": ("unaligned", False),
                "--no-align": ("unaligned", False), "-l": ("list", False), "--list": ("list", False),
                "-V": ("version", False), "--version": ("version", False)}


@program("psql")
def psql(proc):
    opts, rest = options(proc.argv[1:], PSQL_OPTIONS)
    if opts.get("version"):
        proc.out(f"psql (PostgreSQL) {proc.env.get('PG_VERSION', '17.7').split('-', 1)[0]}\n")
        return 0
    host = opts.get("host") or proc.env.get("PGHOST")
    port = int(opts.get("port") or proc.env.get("PGPORT") or 5432)
    user = opts.get("user") or (rest[1] if len(rest) > 1 else None) or proc.env.get("PGUSER") or "root"
    database = opts.get("database") or (rest[0] if rest else None) or proc.env.get("PGDATABASE") or user
    script = "\\l" if opts.get("list") else opts.get("command") or proc.stdin
    where = (f'server at "{host}" ({{ip}}), port {port}' if host else
             f'server on socket "/var/run/postgresql/.s.PGSQL.{port}"')
    monitor = not script.strip() and proc.tty and proc.terminal is not None
    ip = ""
    try:
        ip = proc.machine.net.resolve(host) if host else ""
        server = connect(proc, host or "localhost", port)
    except NetError as problem:
        if problem.kind == "unknown-host":
            proc.err(f'psql: error: could not translate host name "{host}" to address: Name or service not known\n')
        elif host:
            proc.err(f"psql: error: connection to {where.format(ip=ip)} failed: Connection refused\n"
                     "\tIs the server running on that host and accepting TCP/IP connections?\n")
        else:
            proc.err(f"psql: error: connection to {where} failed: No such file or directory\n"
                     "\tIs the server running locally and accepting connections on that socket?\n")
        return 2
    request = {"user": user, "password": proc.env.get("PGPASSWORD", ""), "database": database,
               "local": not host}
    reply = server.query("postgres", {**request, "sql": "SELECT 1"})
    if "fatal" in reply:
        proc.err(f"psql: error: connection to {where.format(ip=ip)} failed: "
                 + ("" if reply.get("before_server") else "FATAL:  ") + reply["fatal"] + "\n")
        return 2
    if monitor:
        return interactive(proc, "postgres", host or "localhost", port, request, False, server)
    statements = [script.strip()] if script.strip().startswith("\\") else split_statements(script)
    for statement in statements:
        reply = server.query("postgres", {**request, "sql": statement})
        if "error" in reply:
            proc.err(f"ERROR:  {reply['error']}\n")
            return 1
        if "notice" in reply:
            proc.err(reply["notice"] + "\n")
        elif "tag" in reply:
            proc.out(reply["tag"] + "\n")
        else:
            proc.out(psql_table(reply, opts.get("tuples"), opts.get("unaligned")))
    return 0


def psql_table(reply, tuples_only=False, unaligned=False):
    """psql's aligned format: centred headers, numbers right-aligned, a row count footer."""
    columns, rows = reply["columns"], reply["rows"]
    text = [[("" if v is None else str(v)) for v in row] for row in rows]
    if unaligned:
        lines = ([] if tuples_only else ["|".join(columns)]) + ["|".join(r) for r in text]
        if not tuples_only:
            lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
        return "".join(line + "\n" for line in lines)
    widths = [max([len(c)] + [len(r[i]) for r in text]) for i, c in enumerate(columns)]
    out = []
    if "title" in reply and not tuples_only:
        total = sum(widths) + 3 * len(widths) - 1
        out.append(centre(reply["title"], total).rstrip())
    if not tuples_only:
        out.append(" " + " | ".join(centre(c, w) for c, w in zip(columns, widths)) + " ")
        out.append("-" + "-+-".join("-" * w for w in widths) + "-")
    for raw, row in zip(rows, text):
        cells = [v.rjust(w) if isinstance(x, (int, float)) else v.ljust(w)
                 for x, v, w in zip(raw, row, widths)]
        out.append((" " + " | ".join(cells)).rstrip())
    if not tuples_only:
        out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "".join(line + "\n" for line in out) + "\n"


def centre(text, width):
    """psql centres headers with the odd space on the right."""
    left = (width - len(text)) // 2
    return " " * left + text + " " * (width - len(text) - left)
