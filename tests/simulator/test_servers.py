"""The images' programs: exact logs, pages and answers, on containers built from the catalog."""
import simulator.programs.servers  # noqa: F401  (registers the programs)
from simulator.programs.base import Running

from servers_harness import Container

NGINX_START = """\
/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
2025/11/28 06:50:00 [notice] 1#1: using the "epoll" event method
2025/11/28 06:50:00 [notice] 1#1: nginx/1.29.3
2025/11/28 06:50:00 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) 
2025/11/28 06:50:00 [notice] 1#1: OS: Linux 6.8.0-87-generic
2025/11/28 06:50:00 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
2025/11/28 06:50:00 [notice] 1#1: start worker processes
2025/11/28 06:50:00 [notice] 1#1: start worker process 29
2025/11/28 06:50:00 [notice] 1#1: start worker process 30
"""


def test_hello_world():
    output, code = Container("hello-world").run()
    assert code == 0
    assert output.startswith("\nHello from Docker!\nThis message shows that your installation "
                             "appears to be working correctly.\n\n")
    assert output.endswith(" https://docs.docker.com/get-started/\n\n")


def test_nginx_starts_with_the_entrypoint_notices():
    web = Container("nginx")
    output, running = web.run()
    assert output == NGINX_START
    assert isinstance(running, Running)
    assert (running.service, running.ports, running.protocol) == ("nginx", [80], "http")
    assert "    listen  [::]:80;\n" in web.fs.read_text("/etc/nginx/conf.d/default.conf")


def test_nginx_quiet_logs_and_a_changed_default_conf():
    web = Container("nginx", env={"NGINX_ENTRYPOINT_QUIET_LOGS": "1"})
    web.fs.write("/etc/nginx/conf.d/default.conf", b"server {\n    listen 8080;\n    root /srv;\n}\n")
    output, running = web.run()
    assert output.startswith('2025/11/28 06:50:00 [notice] 1#1: using the "epoll" event method\n')
    assert running.ports == [8080] and running.config["root"] == "/srv"


def test_nginx_serves_the_default_page_and_logs_the_request():
    web = Container("nginx")
    web.run()
    response = web.http("/")
    assert (response.status, response.reason) == (200, "OK")
    assert response.body.decode().count("<title>Welcome to nginx!</title>") == 1
    assert response.headers["Content-Length"] == "615"
    assert response.headers["Server"] == "nginx/1.29.3"
    assert response.headers["Content-Type"] == "text/html"
    assert web.logs == ['172.17.0.1 - - [28/Nov/2025:06:50:00 +0000] "GET / HTTP/1.1" 200 615 '
                        '"-" "curl/7.88.1" "-"\n']


def test_nginx_serves_what_is_mounted_in_the_html_directory():
    web = Container("nginx")
    web.run()
    web.fs.write("/usr/share/nginx/html/index.html", b"<h1>My page</h1>\n")
    web.fs.mkdir("/usr/share/nginx/html/empty")
    assert web.http("/").body == b"<h1>My page</h1>\n"
    assert web.http("/index.html?x=1").body == b"<h1>My page</h1>\n"
    assert web.http("/../../etc/passwd").status == 404


def test_nginx_error_pages_and_error_log():
    web = Container("nginx")
    web.run()
    web.fs.mkdir("/usr/share/nginx/html/empty")
    missing = web.http("/nope")
    assert (missing.status, missing.body.decode()) == (404, (
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
        "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>\r\n"
        "</body>\r\n</html>\r\n"))
    assert web.logs[0] == ('2025/11/28 06:50:00 [error] 29#29: *1 open() "/usr/share/nginx/html/nope" '
                           'failed (2: No such file or directory), client: 172.17.0.1, server: localhost, '
                           'request: "GET /nope HTTP/1.1", host: "localhost:8080"\n')
    assert web.logs[1].endswith('"GET /nope HTTP/1.1" 404 153 "-" "curl/7.88.1" "-"\n')
    assert web.http("/empty/").status == 403
    assert web.http("/", method="POST").status == 405


def test_nginx_stops_with_shutdown_notices():
    web = Container("nginx")
    web.run()
    assert web.service().stop(web.context(), "SIGQUIT") == """\
2025/11/28 06:50:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down
2025/11/28 06:50:00 [notice] 29#29: gracefully shutting down
2025/11/28 06:50:00 [notice] 29#29: exiting
2025/11/28 06:50:00 [notice] 29#29: exit
2025/11/28 06:50:00 [notice] 30#30: gracefully shutting down
2025/11/28 06:50:00 [notice] 30#30: exiting
2025/11/28 06:50:00 [notice] 30#30: exit
2025/11/28 06:50:00 [notice] 1#1: signal 17 (SIGCHLD) received from 29
2025/11/28 06:50:00 [notice] 1#1: worker process 29 exited with code 0
2025/11/28 06:50:00 [notice] 1#1: signal 17 (SIGCHLD) received from 30
2025/11/28 06:50:00 [notice] 1#1: worker process 30 exited with code 0
2025/11/28 06:50:00 [notice] 1#1: exit
"""
    assert web.running.stop_logs == web.service().stop(web.context(), "SIGQUIT")


def test_nginx_commands():
    web = Container("nginx:1.27")
    assert web.run(["nginx", "-v"], main=False) == ("nginx version: nginx/1.27.5\n", 0)
    assert web.run(["nginx", "-t"], main=False) == (
        "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
        "nginx: configuration file /etc/nginx/nginx.conf test is successful\n", 0)
    output, code = web.run(["nginx"], main=False)
    assert code == 1 and output.endswith("nginx: [emerg] still could not bind()\n")


def test_nginx_alpine_names_its_compiler():
    output, _ = Container("nginx:alpine").run()
    assert "[notice] 1#1: built by gcc 14.2.0 (Alpine 14.2.0) \n" in output


# --- mysql ------------------------------------------------------------------------------------
MYSQL_NOTES = """\
2025-11-28 06:50:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server {v} started.
2025-11-28 06:50:00+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'
2025-11-28 06:50:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server {v} started.
"""


def mysql_pair(env=None, ref="mysql"):
    """A running mysql container named db and a client container that can reach it."""
    db = Container(ref, env={"MYSQL_ROOT_PASSWORD": "db_pass123", **(env or {})})
    db.run()
    client = Container("mysql:5.6")
    client.machine.net.add("db", "172.17.0.2", 3306, db.endpoint("172.17.0.3"))
    return db, client


def test_mysql_refuses_to_start_without_a_password():
    output, code = Container("mysql:5.6").run()
    assert code == 1
    assert output == MYSQL_NOTES.format(v="5.6.51-1debian9") + """\
2025-11-28 06:50:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD
"""


def test_mysql_initialises_then_is_ready_for_connections():
    db = Container("mysql", env={"MYSQL_ROOT_PASSWORD": "pw", "MYSQL_DATABASE": "shop",
                                 "MYSQL_USER": "app", "MYSQL_PASSWORD": "secret"})
    output, running = db.run()
    assert output.startswith(MYSQL_NOTES.format(v="9.5.0-1.el9")
                             + "2025-11-28 06:50:00+00:00 [Note] [Entrypoint]: Initializing database files\n")
    assert "[Note] [Entrypoint]: Creating database shop\n" in output
    assert "[Note] [Entrypoint]: Giving user app access to schema shop\n" in output
    assert "[Note] [Entrypoint]: MySQL init process done. Ready for start up.\n" in output
    assert output.endswith("[Server] /usr/sbin/mysqld: ready for connections. Version: '9.5.0'  "
                           "socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n")
    assert (running.service, running.ports, running.protocol) == ("mysql", [3306, 33060], "mysql")
    assert db.fs.is_dir("/var/lib/mysql/shop")


def test_mysql_keeps_its_data_directory_across_restarts():
    db = Container("mysql:5.7", env={"MYSQL_ROOT_PASSWORD": "pw"})
    db.run()
    output, running = db.run()
    assert "Initializing database files" not in output
    assert output.endswith("[Note] mysqld: ready for connections.\nVersion: '5.7.44'  socket: "
                           "'/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)\n")


def test_mysql_client_answers_in_batch_and_table_formats():
    db, client = mysql_pair()
    warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    output, code = client.run(["mysql", "-h", "db", "-uroot", "-pdb_pass123", "-e", "SHOW DATABASES"], main=False)
    assert (output, code) == (warning + "Database\ninformation_schema\nmysql\nperformance_schema\nsys\n", 0)
    output, code = client.run(["mysql", "-hdb", "-u", "root", "--password=db_pass123", "-t", "-e",
                               "CREATE DATABASE shop; USE shop; CREATE TABLE items (id INT PRIMARY KEY, "
                               "name VARCHAR(20)); INSERT INTO items VALUES (1, 'apple'), (22, 'pear'); "
                               "SELECT * FROM items"], main=False)
    assert (output, code) == (warning + """\
+----+-------+
| id | name  |
+----+-------+
|  1 | apple |
| 22 | pear  |
+----+-------+
""", 0)
    assert client.run(["mysql", "-hdb", "-pdb_pass123", "-N", "shop", "-e",
                       "SELECT name FROM items WHERE id = 22"], main=False) == (warning + "pear\n", 0)
    assert db.fs.is_file("/var/lib/mysql/shop/items.json")


def test_mysql_client_errors():
    db, client = mysql_pair()
    run = lambda *args: client.run(["mysql", *args], main=False)
    warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    assert run("-h", "db", "-uroot", "-pwrong", "-e", "SELECT 1") == (warning + (
        "ERROR 1045 (28000): Access denied for user 'root'@'172.17.0.3' (using password: YES)\n"), 1)
    assert run("-h", "nowhere", "-e", "SELECT 1") == ("ERROR 2005 (HY000): Unknown MySQL server host 'nowhere' (-2)\n", 1)
    client.machine.net.add("web", "172.17.0.4", 80, None)
    assert run("-h", "web", "-e", "SELECT 1") == ("ERROR 2003 (HY000): Can't connect to MySQL server on 'web:3306' (111)\n", 1)
    assert run("-h", "db", "-pdb_pass123", "-e", "SELEC 1") == (warning + (
        "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds "
        "to your MySQL server version for the right syntax to use near 'SELEC 1' at line 1\n"), 1)
    assert run("-h", "db", "-pdb_pass123", "-e", "SELECT * FROM nope") == (warning + "ERROR 1046 (3D000) at line 1: No database selected\n", 1)
    assert run("-h", "db", "-pdb_pass123", "-e", "SELECT * FROM mysql.nope")[0].endswith(
        "ERROR 1146 (42S02) at line 1: Table 'mysql.nope' doesn't exist\n")


def test_mysql_select_literals_and_version():
    _, client = mysql_pair(ref="mysql:8.0")
    output, _ = client.run(["mysql", "-h", "db", "-pdb_pass123", "-e", "SELECT 1; SELECT VERSION()"], main=False)
    assert output.endswith("1\n1\nVERSION()\n8.0.44\n")


# --- redis ------------------------------------------------------------------------------------
def redis_pair(ref="redis"):
    cache = Container(ref)
    cache.run()
    client = Container("redis:7")
    client.machine.net.add("cache", "172.17.0.2", 6379, cache.endpoint())
    return cache, client


def test_redis_starts_and_answers_redis_cli():
    cache = Container("redis")
    output, running = cache.run()
    assert output == """\
1:C 28 Nov 2025 06:50:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
1:C 28 Nov 2025 06:50:00.000 * Redis version=8.2.3, bits=64, commit=00000000, modified=1, pid=1, just started
1:C 28 Nov 2025 06:50:00.000 # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf
1:M 28 Nov 2025 06:50:00.000 * monotonic clock: POSIX clock_gettime
1:M 28 Nov 2025 06:50:00.000 * Running mode=standalone, port=6379.
1:M 28 Nov 2025 06:50:00.000 * Server initialized
1:M 28 Nov 2025 06:50:00.000 * Ready to accept connections tcp
"""
    assert (running.service, running.ports, running.protocol) == ("redis", [6379], "redis")


def test_redis_cli_commands_raw_and_tty():
    _, client = redis_pair()
    cli = lambda *words: client.run(["redis-cli", "-h", "cache", *words], main=False)
    assert cli("PING") == ("PONG\n", 0)
    assert cli("SET", "visits", "10") == ("OK\n", 0)
    assert cli("INCR", "visits") == ("11\n", 0)
    assert cli("GET", "visits") == ("11\n", 0)
    assert cli("GET", "nothing") == ("\n", 0)
    assert cli("RPUSH", "queue", "a", "b") == ("2\n", 0)
    assert cli("KEYS", "*") == ("queue\nvisits\n", 0)
    assert cli("GET", "queue") == ("WRONGTYPE Operation against a key holding the wrong kind of value\n", 0)
    assert cli("NOPE", "x") == ("ERR unknown command 'NOPE', with args beginning with: 'x' \n", 0)
    assert cli("GET") == ("ERR wrong number of arguments for 'get' command\n", 0)
    tty = lambda *words: client.run(["redis-cli", "-h", "cache", "--no-raw", *words], main=False)
    assert tty("INCR", "visits") == ("(integer) 12\n", 0)
    assert tty("GET", "visits") == ('"12"\n', 0)
    assert tty("GET", "nothing") == ("(nil)\n", 0)
    assert tty("LRANGE", "queue", "0", "-1") == ('1) "a"\n2) "b"\n', 0)
    assert tty("KEYS", "zz*") == ("(empty array)\n", 0)


def test_redis_cli_connection_errors():
    _, client = redis_pair()
    assert client.run(["redis-cli", "-h", "db", "PING"], main=False) == (
        "Could not connect to Redis at db:6379: Name or service not known\n", 1)
    assert client.run(["redis-cli", "PING"], main=False) == (
        "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n", 1)


def test_redis_saves_its_keys_on_stop_and_loads_them_again():
    cache, client = redis_pair()
    client.run(["redis-cli", "-h", "cache", "SET", "greeting", "hi"], main=False)
    assert cache.service().stop(cache.context(), "SIGTERM").endswith(
        "1:M 28 Nov 2025 06:50:00.000 * DB saved on disk\n"
        "1:M 28 Nov 2025 06:50:00.000 # Redis is now ready to exit, bye bye...\n")
    output, running = cache.run()
    assert "* Done loading RDB, keys loaded: 1, keys expired: 0.\n" in output
    assert running.config["data"] == {"greeting": "hi"}


# --- postgres ---------------------------------------------------------------------------------
def test_postgres_refuses_to_start_without_a_password():
    output, code = Container("postgres").run()
    assert code == 1
    assert output.startswith("Error: Database is uninitialized and superuser password is not specified.\n"
                             "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n")
    assert output.endswith("       https://www.postgresql.org/docs/current/auth-trust.html\n")


def test_postgres_initialises_and_is_ready():
    db = Container("postgres", env={"POSTGRES_PASSWORD": "pw", "POSTGRES_DB": "shop"})
    output, running = db.run()
    assert "fixing permissions on existing directory /var/lib/postgresql/data ... ok\n" in output
    assert "server started\nCREATE DATABASE\n\n" in output
    assert "PostgreSQL init process complete; ready for start up.\n\n" in output
    assert output.endswith("2025-11-28 06:50:00.000 UTC [1] LOG:  database system is ready to accept connections\n")
    assert (running.service, running.ports, running.protocol) == ("postgres", [5432], "postgres")
    again, _ = db.run()
    assert again.startswith("\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n")


def test_psql_queries_and_errors():
    db = Container("postgres:16", env={"POSTGRES_PASSWORD": "pw"})
    db.run()
    client = Container("postgres:16", env={"PGPASSWORD": "pw"})
    client.machine.net.add("db", "172.17.0.2", 5432, db.endpoint())
    psql = lambda *args: client.run(["psql", "-h", "db", "-U", "postgres", *args], main=False)
    assert psql("-c", "SELECT 1") == (" ?column? \n----------\n        1\n(1 row)\n\n", 0)
    assert psql("-c", "CREATE TABLE items (id INT, name TEXT)") == ("CREATE TABLE\n", 0)
    assert psql("-c", "INSERT INTO items VALUES (1, 'apple'), (22, 'pear')") == ("INSERT 0 2\n", 0)
    assert psql("-c", "SELECT * FROM items") == (
        " id | name  \n----+-------\n  1 | apple\n 22 | pear\n(2 rows)\n\n", 0)
    assert psql("-t", "-c", "SELECT count(*) FROM items") == ("     2\n\n", 0)
    assert psql("-c", "SELECT * FROM nope") == ('ERROR:  relation "nope" does not exist\n', 1)
    assert client.run(["psql", "-h", "db", "-U", "nobody", "-c", "SELECT 1"], main=False) == (
        'psql: error: connection to server at "db" (172.17.0.2), port 5432 failed: FATAL:  role "nobody" does not exist\n', 2)
    assert client.run(["psql", "-h", "cache", "-c", "SELECT 1"], main=False) == (
        'psql: error: could not translate host name "cache" to address: Name or service not known\n', 2)
    del client.env["PGPASSWORD"]
    assert psql("-c", "SELECT 1") == (
        'psql: error: connection to server at "db" (172.17.0.2), port 5432 failed: fe_sendauth: no password supplied\n', 2)


# --- httpd -----------------------------------------------------------------------
def test_httpd_says_it_works():
    web = Container("httpd")
    output, running = web.run()
    fqdn = ("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using "
            "127.0.0.1. Set the 'ServerName' directive globally to suppress this message\n")
    assert output == fqdn + fqdn + (
        "[Fri Nov 28 06:50:00.000000 2025] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) "
        "configured -- resuming normal operations\n"
        "[Fri Nov 28 06:50:00.000000 2025] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n")
    response = web.http("/")
    assert (response.status, response.body) == (200, b"<html><body><h1>It works!</h1></body></html>\n")
    assert response.headers["Server"] == "Apache/2.4.65 (Unix)"
    assert web.logs == ['172.17.0.1 - - [28/Nov/2025:06:50:00 +0000] "GET / HTTP/1.1" 200 45\n']
    assert web.http("/missing").status == 404
    web.fs.mkdir("/usr/local/apache2/htdocs/docs")
    web.fs.write("/usr/local/apache2/htdocs/docs/a.txt", b"a")
    assert '<li><a href="a.txt"> a.txt</a></li>' in web.http("/docs/").body.decode()
    assert web.service().stop(web.context(), "SIGWINCH") == (
        "[Fri Nov 28 06:50:00.000000 2025] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully\n")



# --- python, node and the course apps ---------------------------------------------------------
def test_python_version_and_one_liners():
    box = Container("python:3.12")
    assert box.run(["python", "--version"], main=False) == ("Python 3.12.12\n", 0)
    assert box.run(["python3", "-c", "import os\nx = 'hi'\nprint(x, 40 + 2, f'{x}!', os.environ.get('LANG'))"],
                   main=False) == ("hi 42 hi! C.UTF-8\n", 0)
    assert box.run(["python", "-c", "print('a'"], main=False) == (
        "  File \"<string>\", line 1\n    print('a'\n         ^\nSyntaxError: '(' was never closed\n", 1)
    assert box.run(["python", "-c", "for i in range(3): print(i)"], main=False) == (
        "python: <string>, line 1: this simulator runs print(), assignments and simple expressions only\n", 1)
    assert box.run(["python", "missing.py"], main=False) == (
        "python: can't open file '/missing.py': [Errno 2] No such file or directory\n", 2)


def test_python_needs_flask_installed_before_it_runs_a_flask_app():
    box = Container("python:3.12-slim")
    app = (b"from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef hello():\n"
           b"    return 'Hello, Docker!'\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=5000)\n")
    box.fs.write("/app.py", app)
    assert box.run(["python", "app.py"], main=False) == (
        "Traceback (most recent call last):\n  File \"/app.py\", line 1, in <module>\n"
        "    from flask import Flask\nModuleNotFoundError: No module named 'flask'\n", 1)
    box.fs.mkdir("/usr/local/lib/python3.12/site-packages/flask", parents=True)
    output, running = box.run(["python", "app.py"])
    assert output == (" * Serving Flask app 'app'\n * Debug mode: off\nWARNING: This is a development server. "
                      "Do not use it in a production deployment. Use a production WSGI server instead.\n"
                      " * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:5000\n"
                      " * Running on http://127.0.0.1:5000\nPress CTRL+C to quit\n")
    assert running.ports == [5000]
    assert box.http("/").body == b"Hello, Docker!"
    assert box.http("/nope").status == 404
    assert box.logs == ['172.17.0.1 - - [28/Nov/2025 06:50:00] "GET / HTTP/1.1" 200 -\n',
                        '172.17.0.1 - - [28/Nov/2025 06:50:00] "GET /nope HTTP/1.1" 404 -\n']


def test_python_http_server_serves_the_working_directory():
    box = Container("python:3.12-alpine")
    box.fs.write("/index.html", b"<p>static</p>\n")
    output, running = box.run(["python", "-m", "http.server", "8080"])
    assert output == "Serving HTTP on 0.0.0.0 port 8080 (http://0.0.0.0:8080/) ...\n"
    assert running.ports == [8080]
    assert box.http("/").body == b"<p>static</p>\n"


def test_node_scripts_and_express_apps():
    box = Container("node:16-alpine")
    assert box.run(["node", "--version"], main=False) == ("v16.20.2\n", 0)
    assert box.run(["node", "-e", "const name = 'web'; console.log(`hi ${name}`)"], main=False) == ("hi web\n", 0)
    app = (b"const express = require('express');\nconst app = express();\nconst port = 3000;\n"
           b"app.get('/', (req, res) => {\n  res.send('Hello World!');\n});\n"
           b"app.listen(port, () => {\n  console.log(`Example app listening on port ${port}`);\n});\n")
    box.fs.mkdir("/app")
    box.fs.write("/app/app.js", app)
    output, code = box.run(["node", "/app/app.js"], main=False)
    assert code == 1 and "Error: Cannot find module 'express'\nRequire stack:\n- /app/app.js\n" in output
    box.fs.mkdir("/app/node_modules/express", parents=True)
    output, running = box.run(["node", "/app/app.js"])
    assert output == "Example app listening on port 3000\n"
    assert running.ports == [3000]
    assert box.http("/").body == b"Hello World!"
    assert b"<pre>Cannot GET /x</pre>" in box.http("/x").body


def test_webapp_color_shows_its_colour():
    web = Container("kodekloud/webapp-color", env={"APP_COLOR": "green"})
    output, running = web.run()
    assert output.startswith(" Color from environment variable = green\n * Serving Flask app \"app\" (lazy loading)\n")
    assert output.endswith(" * Running on http://0.0.0.0:8080/ (Press CTRL+C to quit)\n")
    body = web.http("/").body.decode()
    assert '<body style="background: #16a085;"></body>' in body and "<h1>Hello from 0123456789ab!</h1>" in body


def test_simple_webapp_mysql_reports_its_database_connection():
    db, _ = mysql_pair(ref="mysql:5.6")
    web = Container("kodekloud/simple-webapp-mysql", env={"DB_Host": "mysql-db", "DB_Password": "db_pass123"})
    web.run()
    assert "Failed connecting to the MySQL database. Error: (2003, \"Can't connect to MySQL server on 'mysql-db' " \
           "([Errno -2] Name or service not known)\")" in web.http("/").body.decode()
    web.machine.net.add("mysql-db", "172.18.0.2", 3306, db.endpoint("172.18.0.3"))
    assert "<h2>Successfully connected to the MySQL database</h2>" in web.http("/").body.decode()
    web.running.config["db"]["DB_Password"] = "wrong"
    assert "(1045, \"Access denied for user 'root'@'172.18.0.3' (using password: YES)\")" in web.http("/").body.decode()


# --- interactive clients, through a whole session ----------------------------------------------
def test_interactive_mysql_psql_and_redis_cli_sessions():
    from simulator import Session
    s = Session(seed=1, tty=True)

    def run(line):
        result = s.run(line)
        return result.output.replace("\r\n", "\n"), s.prompt

    run("docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw -e MYSQL_DATABASE=shop mysql:8.0")
    assert run("docker exec -it db mysql -uroot -p") == ("", "Enter password: ")
    output, prompt = run("pw")
    assert output.startswith("Welcome to the MySQL monitor.  Commands end with ; or \\g.\n")
    assert "Server version: 8.0.44 MySQL Community Server - GPL\n" in output and prompt == "mysql> "
    assert run("USE shop;") == ("Database changed\n", "mysql> ")
    assert run("CREATE TABLE t (id INT,") == ("", "    -> ")
    assert run("name TEXT);") == ("Query OK, 0 rows affected (0.01 sec)\n\n", "mysql> ")
    run("INSERT INTO t VALUES (1, 'a');")
    assert run("SELECT * FROM t;") == (
        "+----+------+\n| id | name |\n+----+------+\n|  1 | a    |\n+----+------+\n1 row in set (0.00 sec)\n\n",
        "mysql> ")
    assert run("SELECT * FROM nope;") == ("ERROR 1146 (42S02): Table 'shop.nope' doesn't exist\n", "mysql> ")
    assert run("exit") == ("Bye\n", "root@slipway:~# ")
    run("docker run -d --name pg -e POSTGRES_PASSWORD=pw postgres")
    assert run("docker exec -it pg psql -U postgres") == (
        'psql (17.7 (Debian 17.7-1.pgdg12+1))\nType "help" for help.\n\n', "postgres=# ")
    assert run("SELECT 1;") == (" ?column? \n----------\n        1\n(1 row)\n\n", "postgres=# ")
    assert run("\\q")[1] == "root@slipway:~# "
    run("docker run -d --name cache redis")
    assert run("docker exec -it cache redis-cli") == ("", "127.0.0.1:6379> ")
    assert run("SET a 1") == ("OK\n", "127.0.0.1:6379> ")
    assert run("GET a") == ('"1"\n', "127.0.0.1:6379> ")
    assert run("quit") == ("", "root@slipway:~# ")
