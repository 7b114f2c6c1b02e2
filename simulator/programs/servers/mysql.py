"""mysqld and the official image's docker-entrypoint.sh: the password check, first-start
initialisation (root, MYSQL_DATABASE, MYSQL_USER) and the server answering the mysql client.
Everything lives under /var/lib/mysql, so a volume there keeps users, databases and tables."""
import json
import posixpath

from ...fs import FSError
from ..base import Running, program, service
from .common import ServiceContext, exec_argv, micro_utc, now, read_text, utc
from .sql import Database, SQLError

DATADIR = "/var/lib/mysql"
USERS = DATADIR + "/mysql/user.json"
SYSTEM_SCHEMAS = ("information_schema", "mysql", "performance_schema", "sys")
SOCKET = "/var/run/mysqld/mysqld.sock"


def versions(env):
    """(package version, server version): ("9.5.0-1.el9", "9.5.0")."""
    package = env.get("MYSQL_VERSION", "9.5.0-1.el9")
    return package, package.split("-", 1)[0]


def modern(server):
    """MySQL 8 and later log with [System] [MY-...] codes; 5.x with [Note]."""
    return int(server.split(".", 1)[0]) >= 8


def note(at, text):
    return f"{utc(at, '%Y-%m-%d %H:%M:%S')}+00:00 [Note] [Entrypoint]: {text}\n"


NO_PASSWORD = """\
Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD
"""


@program("mysql-entrypoint")
def entrypoint(proc):
    argv = proc.argv[1:] or ["mysqld"]
    if argv[0].startswith("-"):
        argv = ["mysqld"] + argv
    if argv[0] != "mysqld" or any(a in ("--help", "--version", "-V", "--verbose") for a in argv[1:]):
        return exec_argv(proc, argv, proc.argv[0])
    at = now(proc)
    package, server = versions(proc.env)
    started = note(at, f"Entrypoint script for MySQL Server {package} started.")
    proc.out(started + note(at, "Switching to dedicated user 'mysql'") + started)
    if not proc.fs.is_dir(DATADIR + "/mysql"):
        if not any(proc.env.get(k) for k in ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD",
                                              "MYSQL_RANDOM_ROOT_PASSWORD")):
            proc.err(f"{utc(at, '%Y-%m-%d %H:%M:%S')}+00:00 [ERROR] [Entrypoint]: {NO_PASSWORD}")
            return 1
        initialise(proc, at, server)
    return exec_argv(proc, argv, proc.argv[0])


def initialise(proc, at, server):
    """First start: system schema, root user, then MYSQL_DATABASE and MYSQL_USER."""
    env = proc.env
    proc.out(note(at, "Initializing database files"))
    if modern(server):
        proc.out(server_log(at, server, initializing=True))
    fs = proc.fs
    for schema in ("mysql", "performance_schema", "sys"):
        fs.mkdir(posixpath.join(DATADIR, schema), parents=True, exist_ok=True)
    fs.write(DATADIR + "/auto.cnf", b"[auto]\nserver-uuid=8a1f2c4e-cc2b-11f0-9a3e-0242ac110002\n")
    fs.write(DATADIR + "/ibdata1", b"")
    password = env.get("MYSQL_ROOT_PASSWORD", "")
    if env.get("MYSQL_RANDOM_ROOT_PASSWORD") and not password:
        password = "Ahp9eiMee5ooquiesh7Ooqu0"
        proc.out(note(at, f"GENERATED ROOT PASSWORD: {password}"))
    users = [{"user": "root", "host": "%", "password": password},
             {"user": "root", "host": "localhost", "password": password}]
    proc.out(note(at, "Database files initialized") + note(at, "Starting temporary server"))
    if modern(server):      # the temporary server listens on no port, only the socket
        proc.out(f"{micro_utc(at)} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
                 f"Version: '{server}'  socket: '{SOCKET}'  port: 0  MySQL Community Server - GPL.\n")
    proc.out(note(at, "Temporary server started."))
    database = env.get("MYSQL_DATABASE")
    if database:
        proc.out(note(at, f"Creating database {database}"))
        fs.mkdir(posixpath.join(DATADIR, database), parents=True, exist_ok=True)
    user = env.get("MYSQL_USER")
    if user and user != "root":
        proc.out(note(at, f"Creating user {user}"))
        users.append({"user": user, "host": "%", "password": env.get("MYSQL_PASSWORD", "")})
        if database:
            proc.out(note(at, f"Giving user {user} access to schema {database}"))
    fs.write(USERS, json.dumps(users).encode())
    proc.out("\n" + note(at, "Stopping temporary server") + note(at, "Temporary server stopped"))
    proc.out("\n" + note(at, "MySQL init process done. Ready for start up.") + "\n")


def server_log(at, server, initializing=False):
    stamp = micro_utc(at)
    if initializing:
        lines = ["0 [System] [MY-015017] [Server] MySQL Server Initialization - start.",
                 f"0 [System] [MY-013169] [Server] /usr/sbin/mysqld (mysqld {server}) initializing of server in progress as process 80",
                 "1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
                 "1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.",
                 "6 [Warning] [MY-010453] [Server] root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.",
                 "0 [System] [MY-015018] [Server] MySQL Server Initialization - end."]
    else:
        lines = ["0 [System] [MY-015015] [Server] MySQL Server - start.",
                 f"0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {server}) starting as process 1",
                 "1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
                 "1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.",
                 "0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
                 "0 [System] [MY-013602] [Server] Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.",
                 "0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
                 f"0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{server}'  socket: '{SOCKET}'  port: 3306  MySQL Community Server - GPL."]
    return "".join(f"{stamp} {line}\n" for line in lines)


def legacy_log(at, server):
    """MySQL 5.6 and 5.7 announce themselves in the older [Note] format."""
    stamp = utc(at, "%Y-%m-%d %H:%M:%S") + " 0" if server.startswith("5.6") else micro_utc(at) + " 0"
    return (f"{stamp} [Note] mysqld (mysqld {server}) starting as process 1 ...\n"
            f"{stamp} [Note] mysqld: ready for connections.\n"
            f"Version: '{server}'  socket: '{SOCKET}'  port: 3306  MySQL Community Server (GPL)\n")


@program("mysqld")
def mysqld(proc):
    _, server = versions(proc.env)
    if any(a in ("--version", "-V") for a in proc.argv[1:]):
        proc.out(f"/usr/sbin/mysqld  Ver {server} for Linux on x86_64 (MySQL Community Server - GPL)\n")
        return 0
    at = now(proc)
    if not proc.main:
        proc.err(f"{micro_utc(at)} 0 [ERROR] [MY-010259] [Server] Another process with pid 1 is using unix socket file.\n")
        return 1
    if not proc.fs.is_dir(DATADIR + "/mysql"):
        proc.err(f"{micro_utc(at)} 0 [ERROR] [MY-010119] [Server] Aborting\n")
        return 1
    proc.err(server_log(at, server) if modern(server) else legacy_log(at, server))
    stop = f"{micro_utc(at)} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {server})  MySQL Community Server - GPL.\n"
    return Running(service="mysql", ports=[3306, 33060] if modern(server) else [3306],
                   config={"version": server}, protocol="mysql", stop_logs=stop)


# --- the server side of the client protocol -------------------------------------------------------
# A request is {"user", "password", "database", "sql"}; the reply is {"columns", "rows"},
# {"affected": n}, {"message": text} or {"error": [code, sqlstate, message]}.

def error(code, state, message):
    return {"error": [code, state, message]}


@service("mysql")
class MySQLService:
    @staticmethod
    def query(ctx: ServiceContext, request):
        users = json.loads(read_text(ctx.fs, USERS, "[]"))
        user, password = request.get("user") or "root", request.get("password") or ""
        known = any(u["user"] == user and u["password"] == password for u in users)
        if not known:
            using = "YES" if password else "NO"
            return error(1045, "28000", f"Access denied for user '{user}'@'{ctx.client_ip}' (using password: {using})")
        database = request.get("database")
        engine = Database(ctx.fs, DATADIR, {
            "VERSION": ctx.config.get("version", "9.5.0"), "USER": f"{user}@{ctx.client_ip}",
            "CURRENT_USER": f"{user}@%", "DATABASE": database, "NOW": utc(ctx.now(), "%Y-%m-%d %H:%M:%S")})
        if database and not engine.exists(database) and database not in SYSTEM_SCHEMAS:
            return error(1049, "42000", f"Unknown database '{database}'")
        try:
            result, database = engine.execute(request.get("sql", ""), database, SYSTEM_SCHEMAS)
        except SQLError as problem:
            return sql_error(problem)
        except FSError as problem:
            return error(1030, "HY000", f"Got error {problem} from storage engine")
        return {**result, "database": database}

    @staticmethod
    def stop(ctx, signal):
        at = ctx.now()
        server = ctx.config.get("version", "9.5.0")
        return (f"{micro_utc(at)} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {server}).\n"
                f"{micro_utc(at)} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {server})  MySQL Community Server - GPL.\n")


def sql_error(problem):
    detail = problem.detail
    return {
        "syntax": error(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds "
                        f"to your MySQL server version for the right syntax to use near '{detail[:80]}' at line 1"),
        "no-database": error(1046, "3D000", "No database selected"),
        "unknown-database": error(1049, "42000", f"Unknown database '{detail}'"),
        "drop-unknown-database": error(1008, "HY000", f"Can't drop database '{detail}'; database doesn't exist"),
        "db-exists": error(1007, "HY000", f"Can't create database '{detail}'; database exists"),
        "unknown-table": error(1146, "42S02", f"Table '{detail}' doesn't exist"),
        "table-exists": error(1050, "42S01", f"Table '{detail}' already exists"),
        "unknown-column": error(1054, "42S22", f"Unknown column '{detail}' in 'field list'"),
        "unknown-function": error(1305, "42000", f"FUNCTION {detail} does not exist"),
        "column-count": error(1136, "21S01", "Column count doesn't match value count at row 1"),
    }[problem.kind]
