"""postgres and the official image's docker-entrypoint.sh: the POSTGRES_PASSWORD check, initdb on
first start, the server log, and answers to psql. Roles and databases live under $PGDATA, so a
volume there keeps them."""
import json
import posixpath

from ...fs import FSError
from ..base import Running, program, service
from .common import ServiceContext, exec_argv, now, read_text, utc
from .sql import Database, SQLError

NO_PASSWORD = """\
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
"""

INITDB = """\
The files belonging to this database system will be owned by user "postgres".
This user must also own the server process.

The database cluster will be initialized with locale "en_US.utf8".
The default database encoding has accordingly been set to "UTF8".
The default text search configuration will be set to "english".

Data page checksums are disabled.

fixing permissions on existing directory {pgdata} ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default "max_connections" ... 100
selecting default "shared_buffers" ... 128MB
selecting default time zone ... Etc/UTC
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... ok
syncing data to disk ... ok


Success. You can now start the database server using:

    pg_ctl -D {pgdata} -l logfile start

initdb: warning: enabling "trust" authentication for local connections
initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.
"""


def pgdata(env):
    return env.get("PGDATA", "/var/lib/postgresql/data")


def describe(env):
    """(short version, the banner postgres logs and version() returns)."""
    package = env.get("PG_VERSION", "17.7-1.pgdg12+1")
    short = package.split("-", 1)[0]
    if "pgdg" in package:
        build = f"(Debian {package}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit"
    else:
        build = "on x86_64-pc-linux-musl, compiled by gcc (Alpine 14.2.0) 14.2.0, 64-bit"
    return short, f"PostgreSQL {short} {build}"


def log(at, pid, text):
    return f"{utc(at, '%Y-%m-%d %H:%M:%S')}.{int(at % 1 * 1000):03d} UTC [{pid}] LOG:  {text}\n"


@program("postgres-entrypoint")
def entrypoint(proc):
    argv = proc.argv[1:] or ["postgres"]
    if argv[0].startswith("-"):
        argv = ["postgres"] + argv
    if argv[0] != "postgres" or "--version" in argv or "-V" in argv:
        return exec_argv(proc, argv, proc.argv[0])
    data = pgdata(proc.env)
    if proc.fs.is_file(posixpath.join(data, "PG_VERSION")):
        proc.out("\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n")
        return exec_argv(proc, argv, proc.argv[0])
    if not proc.env.get("POSTGRES_PASSWORD") and proc.env.get("POSTGRES_HOST_AUTH_METHOD") != "trust":
        proc.err(NO_PASSWORD)
        return 1
    initialise(proc, data)
    return exec_argv(proc, argv, proc.argv[0])


def initialise(proc, data):
    at = now(proc)
    short, banner = describe(proc.env)
    fs = proc.fs
    user = proc.env.get("POSTGRES_USER") or "postgres"
    database = proc.env.get("POSTGRES_DB") or user
    for name in ("postgres", "template0", "template1", database):
        fs.mkdir(posixpath.join(data, "base", name), parents=True, exist_ok=True)
    fs.mkdir(posixpath.join(data, "global"), parents=True, exist_ok=True)
    fs.write(posixpath.join(data, "PG_VERSION"), f"{short.split('.')[0]}\n".encode())
    fs.write(posixpath.join(data, "global", "roles.json"),
             json.dumps([{"user": user, "password": proc.env.get("POSTGRES_PASSWORD", "")}]).encode())
    proc.out(INITDB.format(pgdata=data))
    proc.out("waiting for server to start...." + log(at, 48, f"starting {banner}")
             + log(at, 48, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"')
             + log(at, 51, f"database system was shut down at {utc(at, '%Y-%m-%d %H:%M:%S')} UTC")
             + log(at, 48, "database system is ready to accept connections") + " done\nserver started\n")
    if database != "postgres":
        proc.out("CREATE DATABASE\n\n")
    proc.out("\n/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*\n\n")
    proc.out("waiting for server to shut down..." + log(at, 48, "received fast shutdown request")
             + log(at, 48, "aborting any active transactions") + log(at, 49, "shutting down")
             + log(at, 48, "database system is shut down") + " done\nserver stopped\n\n"
             "PostgreSQL init process complete; ready for start up.\n\n")


@program("postgres")
def postgres(proc):
    short, banner = describe(proc.env)
    if "--version" in proc.argv or "-V" in proc.argv:
        proc.out(f"postgres (PostgreSQL) {short}\n")
        return 0
    at = now(proc)
    if not proc.main:
        stamp = f'{utc(at, "%Y-%m-%d %H:%M:%S")}.000 UTC [80]'
        proc.err(f'{stamp} FATAL:  lock file "postmaster.pid" already exists\n'
                 f'{stamp} HINT:  Is another postmaster (PID 1) running in data directory "{pgdata(proc.env)}"?\n')
        return 1
    if not proc.fs.is_file(posixpath.join(pgdata(proc.env), "PG_VERSION")):
        proc.err(f'postgres: could not access directory "{pgdata(proc.env)}": No such file or directory\n'
                 "Run initdb or pg_basebackup to initialize a PostgreSQL data directory.\n")
        return 2
    proc.err(log(at, 1, f"starting {banner}") + log(at, 1, 'listening on IPv4 address "0.0.0.0", port 5432')
             + log(at, 1, 'listening on IPv6 address "::", port 5432')
             + log(at, 1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"')
             + log(at, 64, f"database system was shut down at {utc(at, '%Y-%m-%d %H:%M:%S')} UTC")
             + log(at, 1, "database system is ready to accept connections"))
    return Running(service="postgres", ports=[5432], protocol="postgres",
                   config={"version": short, "banner": banner}, stop_logs=shutdown(at, "SIGINT"))


def shutdown(at, signal):
    kind = {"SIGINT": "fast", "SIGTERM": "smart", "SIGQUIT": "immediate"}.get(signal, "fast")
    return (log(at, 1, f"received {kind} shutdown request") + log(at, 1, "aborting any active transactions")
            + log(at, 1, 'background worker "logical replication launcher" (PID 67) exited with exit code 1')
            + log(at, 62, "shutting down") + log(at, 1, "database system is shut down"))


# --- the server side of psql ----------------------------------------------------------------------
# A request is {"user", "password", "database", "sql", "local"}; the reply is {"columns", "rows"},
# {"tag": "CREATE TABLE"} or {"error": text} / {"fatal": text} (a refused connection).

@service("postgres")
class PostgresService:
    @staticmethod
    def query(ctx: ServiceContext, request):
        data = pgdata(ctx.env)
        roles = json.loads(read_text(ctx.fs, posixpath.join(data, "global", "roles.json"), "[]"))
        user = request.get("user") or "postgres"
        role = next((r for r in roles if r["user"] == user), None)
        if role is None:
            return {"fatal": f'role "{user}" does not exist'}
        trusted = request.get("local") or ctx.env.get("POSTGRES_HOST_AUTH_METHOD") == "trust"
        if not trusted:
            if not request.get("password"):
                return {"fatal": "fe_sendauth: no password supplied", "before_server": True}
            if request["password"] != role["password"]:
                return {"fatal": f'password authentication failed for user "{user}"'}
        database = request.get("database") or user
        engine = Database(ctx.fs, posixpath.join(data, "base"), {
            "VERSION": ctx.config.get("banner", ""), "CURRENT_USER": user, "CURRENT_DATABASE": database,
            "NOW": utc(ctx.now(), "%Y-%m-%d %H:%M:%S.000000+00")}, dialect="postgres")
        if not engine.exists(database):
            return {"fatal": f'database "{database}" does not exist'}
        sql = request.get("sql", "").strip()
        if sql in ("\\l", "\\list"):
            return {"title": "List of databases", "columns": ["Name", "Owner", "Encoding"],
                    "rows": [[name, roles[0]["user"], "UTF8"] for name in engine.databases()]}
        if sql in ("\\dt", "\\d"):
            tables = engine.tables(database)
            if not tables:
                return {"notice": "Did not find any relations."}
            return {"title": "List of relations", "columns": ["Schema", "Name", "Type", "Owner"],
                    "rows": [["public", t, "table", user] for t in tables]}
        if sql.upper().startswith("SHOW "):
            return {"error": f'unrecognized configuration parameter "{sql.split()[1].rstrip(";").lower()}"'}
        try:
            result, _ = engine.execute(sql, database)
        except SQLError as problem:
            return {"error": pg_error(problem)}
        except FSError as problem:
            return {"error": f"could not write to file: {problem}"}
        return result if "columns" in result else {"tag": command_tag(sql, result)}

    @staticmethod
    def stop(ctx, signal):
        return shutdown(ctx.now(), signal)


def command_tag(sql, result):
    words = sql.split()
    verb = words[0].upper()
    if verb in ("CREATE", "DROP"):
        return f"{verb} {words[1].upper()}"
    if verb == "INSERT":
        return f"INSERT 0 {result.get('affected', 0)}"
    return f"{verb} {result.get('affected', 0)}"


def pg_error(problem):
    detail = problem.detail
    table = detail.split(".", 1)[-1]
    return {"syntax": f'syntax error at or near "{detail.split()[0] if detail.split() else detail}"',
            "no-database": "no database selected",
            "unknown-database": f'database "{detail}" does not exist',
            "drop-unknown-database": f'database "{detail}" does not exist',
            "db-exists": f'database "{detail}" already exists',
            "unknown-table": f'relation "{table}" does not exist',
            "table-exists": f'relation "{detail}" already exists',
            "unknown-column": f'column "{detail}" does not exist',
            "unknown-function": f"function {detail.lower()}() does not exist",
            "column-count": "INSERT has more expressions than target columns"}[problem.kind]
