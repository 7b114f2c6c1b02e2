"""The interactive sessions of the database clients (`docker exec -it db mysql -uroot -p`,
`psql`, `redis-cli`): a terminal frame that sends each line typed to the server and prints the
answer as the real monitor does. It keeps only plain data, so a session can be saved in one."""
from ..terminal import FRAME_KINDS
from .base import NetError
from .clients import mysql_error, mysql_table, psql_table, redis_format, split_statements

MYSQL_BANNER = """Welcome to the MySQL monitor.  Commands end with ; or \\g.
Your MySQL connection id is 8
Server version: {version} MySQL Community Server - GPL

Copyright (c) 2000, 2025, Oracle and/or its affiliates.

Oracle is a registered trademark of Oracle Corporation and/or its
affiliates. Other names may be trademarks of their respective
owners.

Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.

"""
QUIT = {"exit", "quit", "\\q", "exit;", "quit;"}


class ClientMonitor:
    kind = "db-client"

    def __init__(self, protocol, hostname, host, port, request, waiting_password=False, buffer=""):
        self.protocol, self.hostname, self.host, self.port = protocol, hostname, host, port
        self.request, self.waiting_password, self.buffer = dict(request), waiting_password, buffer
        self.status = 0

    # --- where the client runs -------------------------------------------------------------------
    def _container(self, engine):
        return next((c for c in engine.containers.all()
                     if c.config.get("Hostname") == self.hostname and c.state.status in ("running", "paused")), None)

    def alive(self, engine):
        return self._container(engine) is not None

    def _server(self, engine):
        c = self._container(engine)
        return engine.containers.machine(c).net.connect(self.host, self.port)

    # --- the frame ----------------------------------------------------------------------------------
    def prompt(self, engine):
        if self.waiting_password:
            return "Enter password: "
        if self.protocol == "mysql":
            return "    -> " if self.buffer else "mysql> "
        if self.protocol == "postgres":
            database = self.request.get("database") or self.request.get("user")
            return f"{database}{'-' if self.buffer else '='}# "
        return f"{self.host}:{self.port}> "

    def start(self, out, err, engine=None, server=None):
        """The greeting once connected; False (and the client's error printed) when refused."""
        server = server or self._server(engine)
        if self.protocol == "mysql":
            reply = server.query("mysql", {**self.request, "sql": "SELECT VERSION()"})
            if "error" in reply:
                err(mysql_error(reply["error"]) + "\n")
                self.status = 1
                return False
            out(MYSQL_BANNER.format(version=reply["rows"][0][0]))
        elif self.protocol == "postgres":
            reply = server.query("postgres", {**self.request, "sql": "SELECT version()"})
            if "fatal" in reply:
                err(f"psql: error: {reply['fatal']}\n")
                self.status = 2
                return False
            banner = reply["rows"][0][0]          # PostgreSQL 17.7 (Debian 17.7-1.pgdg12+1) on x86_64-...
            version = banner.removeprefix("PostgreSQL ").split(" on ", 1)[0]
            out(f"psql ({version})\nType \"help\" for help.\n\n")
        return True

    def feed(self, line, io):
        if self._container(io.engine) is None:
            return True
        try:
            server = self._server(io.engine)
        except NetError:
            io.err("ERROR 2013 (HY000): Lost connection to MySQL server during query\n"
                   if self.protocol == "mysql" else "server closed the connection unexpectedly\n")
            return True
        if self.waiting_password:
            self.waiting_password = False
            self.request["password"] = line
            return not self.start(io.out, io.err, server=server)
        if self.protocol == "redis":
            return self._redis(line, server, io)
        if line.strip() in QUIT or (self.protocol == "postgres" and line.strip() == "\\q"):
            io.out("Bye\n" if self.protocol == "mysql" else "")
            return True
        return self._sql(line, server, io)

    def _redis(self, line, server, io):
        words = line.split()
        if words and words[0].lower() in ("exit", "quit"):
            return True
        if words:
            io.out(redis_format(server.query("redis", words), raw=False))
        return False

    def _sql(self, line, server, io):
        text = (self.buffer + "\n" + line) if self.buffer else line
        if not text.rstrip().endswith(";"):
            self.buffer = text if text.strip() else ""
            return False
        self.buffer = ""
        for statement in split_statements(text):
            reply = server.query(self.protocol, {**self.request, "sql": statement})
            (self._mysql_answer if self.protocol == "mysql" else self._psql_answer)(reply, io)
        return False

    def _mysql_answer(self, reply, io):
        if "error" in reply:
            io.err(mysql_error(reply["error"]) + "\n")
            return
        self.request["database"] = reply.get("database", self.request.get("database"))
        if "message" in reply:
            io.out(reply["message"] + "\n")
        elif "columns" in reply:
            count = len(reply["rows"])
            io.out((mysql_table(reply) + f"{count} row{'s' if count != 1 else ''} in set (0.00 sec)\n\n")
                   if count else "Empty set (0.00 sec)\n\n")
        else:
            count = reply.get("affected", 0)
            io.out(f"Query OK, {count} row{'s' if count != 1 else ''} affected (0.01 sec)\n\n")

    def _psql_answer(self, reply, io):
        if "error" in reply:
            io.err(f"ERROR:  {reply['error']}\n")
        elif "tag" in reply:
            io.out(reply["tag"] + "\n")
        elif "columns" in reply:
            io.out(psql_table(reply))

    def interrupt(self, io):
        """Ctrl-C clears the statement being typed; redis-cli ends."""
        io.out("^C\n")
        self.buffer = ""
        return self.protocol == "redis"

    def to_dict(self):
        return {"kind": self.kind, "protocol": self.protocol, "hostname": self.hostname, "host": self.host,
                "port": self.port, "request": self.request, "waiting_password": self.waiting_password,
                "buffer": self.buffer}

    @classmethod
    def from_dict(cls, data):
        return cls(data["protocol"], data["hostname"], data["host"], data["port"], data["request"],
                   data["waiting_password"], data["buffer"])


FRAME_KINDS[ClientMonitor.kind] = ClientMonitor
