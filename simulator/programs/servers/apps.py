"""The language images' interpreters as lessons use them: `python`/`node` with --version, -c/-e
and a script. A script's print()/console.log() lines run; a Flask, http.server, Express or
http.createServer app keeps running and answers on its port, including the two course images
(kodekloud/webapp-color, kodekloud/simple-webapp-mysql)."""
import ast
import posixpath
import re

from ..base import NetError, Running, program, service
from .common import ServiceContext, own_ip, page, read_text, static_file, utc
from .pyscript import Script, Unsupported, imported_modules, parse

STDLIB = {"os", "sys", "time", "json", "random", "socket", "math", "datetime", "http", "re", "subprocess",
          "collections", "itertools", "functools", "pathlib", "logging", "urllib", "typing", "string",
          "hashlib", "uuid", "threading", "signal", "argparse", "csv", "sqlite3", "shutil", "platform"}
FLASK_BANNER_OLD = (" * Serving Flask app \"app\" (lazy loading)\n * Environment: production\n"
                    "   WARNING: This is a development server. Do not use it in a production deployment.\n"
                    "   Use a production WSGI server instead.\n * Debug mode: off\n")


def python_version(env):
    return env.get("PYTHON_VERSION", "3.12.12")


def installed(fs, module, version):
    """Whether pip (or the image) put `module` in site-packages."""
    short = ".".join(version.split(".")[:2])
    return any(fs.exists(posixpath.join(base, module)) for base in (
        f"/usr/local/lib/python{short}/site-packages", "/usr/lib/python3/dist-packages",
        f"/root/.local/lib/python{short}/site-packages"))


@program("python")
def python(proc):
    args = proc.argv[1:]
    name = posixpath.basename(proc.argv[0])
    ver = python_version(proc.env)
    if args[:1] in (["--version"], ["-V"]):
        proc.out(f"Python {ver}\n")
        return 0
    if args[:2] == ["-m", "http.server"]:
        return http_server(proc, int(args[2]) if len(args) > 2 and args[2].isdigit() else 8000)
    if args[:1] == ["-c"] and len(args) > 1:
        return run_python(proc, args[1], "<string>", name)
    if args and not args[0].startswith("-"):
        path = proc.path(args[0])
        if not proc.fs.is_file(path):
            proc.err(f"{name}: can't open file '{path}': [Errno 2] No such file or directory\n")
            return 2
        return run_python(proc, read_text(proc.fs, path), path, name)
    if proc.stdin.strip():
        return run_python(proc, proc.stdin, "<stdin>", name)
    if proc.tty:
        proc.err(f"{name}: the interactive interpreter is not available here; run a script or use -c\n")
        return 1
    return 0


def run_python(proc, source, filename, name):
    tree = parse(source, filename)
    if tree is None:
        proc.err(f"{name}: {filename} is too large or complex for this simulator\n")
        return 1
    if isinstance(tree, SyntaxError):
        line = (tree.text or "").rstrip("\n")
        caret = " " * (max(tree.offset or 1, 1) - 1 + 4 - (len(line) - len(line.lstrip()))) + "^"
        proc.err(f'  File "{filename}", line {tree.lineno}\n    {line.strip()}\n{caret}\nSyntaxError: {tree.msg}\n')
        return 1
    lines = source.splitlines()
    for lineno, module in imported_modules(tree):
        if module not in STDLIB and not installed(proc.fs, module, python_version(proc.env)):
            where = f'  File "{filename}", line {lineno}, in <module>\n    {lines[lineno - 1].strip()}\n'
            proc.err(f"Traceback (most recent call last):\n{where}ModuleNotFoundError: No module named '{module}'\n")
            return 1
    app = web_app(source, proc)
    if app is not None:
        return app
    try:
        Script(proc.env, proc.out).run(tree)
    except Unsupported as problem:
        proc.err(f"{name}: {filename}, line {problem.lineno}: this simulator runs print(), assignments and "
                 "simple expressions only\n")
        return 1
    return 0


def routes(source, pattern):
    """{path: text} for each route whose handler returns a string literal."""
    found = {}
    for path, literal in re.findall(pattern, source):
        try:
            found[path] = str(ast.literal_eval(literal))
        except (ValueError, SyntaxError):
            found[path] = ""
    return found


def web_app(source, proc):
    """A Running for a Flask app (or a kodekloud course app), None for a plain script."""
    if "app.run(" not in source and "HTTPServer(" not in source:
        return None
    port = re.search(r"port\s*=\s*(\d+)", source)
    host = re.search(r"host\s*=\s*['\"]([^'\"]*)['\"]", source)
    if "HTTPServer(" in source:
        bound = re.search(r"HTTPServer\(\s*\(\s*['\"][^'\"]*['\"]\s*,\s*(\d+)", source)
        return http_server(proc, int(bound.group(1)) if bound else 8000)
    port = int(port.group(1)) if port else 5000
    public = host is not None and host.group(1) in ("0.0.0.0", "")
    if "APP_COLOR" in source or "DB_Host" in source:
        return course_app(proc, source, port)
    proc.err(f" * Serving Flask app 'app'\n * Debug mode: off\n"
             "WARNING: This is a development server. Do not use it in a production deployment. "
             "Use a production WSGI server instead.\n")
    if public:
        proc.err(f" * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:{port}\n"
                 f" * Running on http://{own_ip(proc)}:{port}\n")
    else:
        proc.err(f" * Running on http://127.0.0.1:{port}\n")
    proc.err("Press CTRL+C to quit\n")
    config = {"kind": "flask", "routes": routes(source, r"@app\.route\(\s*['\"]([^'\"]+)['\"][^)]*\)\s*\n"
                                                        r"\s*def \w+\([^)]*\):\s*\n\s*return\s+(['\"].*?['\"])\s*\n")}
    # Flask's default host is 127.0.0.1: nothing outside the container can reach it.
    return Running(service="app", ports=[port] if public else [], config=config, protocol="http")


def http_server(proc, port):
    proc.err(f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...\n")
    return Running(service="app", ports=[port], protocol="http",
                   config={"kind": "http.server", "root": proc.cwd, "python": python_version(proc.env)})


COLORS = {"red": "#e74c3c", "green": "#16a085", "blue": "#2980b9", "blue2": "#30336b",
          "pink": "#be2edd", "darkblue": "#130f40"}


def course_app(proc, source, port):
    """kodekloud/webapp-color and kodekloud/simple-webapp-mysql, as their app.py behave."""
    if "APP_COLOR" in source:
        color = proc.env.get("APP_COLOR") or "blue"
        if color not in COLORS:
            proc.err("Color not supported. Received '" + color + "' expected one of " + str(list(COLORS)) + "\n")
            return 1
        proc.out(f" Color from environment variable = {color}\n")
        config = {"kind": "webapp-color", "color": color}
    else:
        config = {"kind": "simple-webapp-mysql", "db": {k: proc.env.get(k) for k in
                                                        ("DB_Host", "DB_Database", "DB_User", "DB_Password")}}
    proc.err(FLASK_BANNER_OLD + f" * Running on http://0.0.0.0:{port}/ (Press CTRL+C to quit)\n")
    return Running(service="app", ports=[port], protocol="http", config=config)


# --- node -----------------------------------------------------------------------------------------
NODE_STACK = ["    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
              "    at Module._load (node:internal/modules/cjs/loader:1051:27)"]


@program("node")
def node(proc):
    args = proc.argv[1:]
    ver = proc.env.get("NODE_VERSION", "20.19.5")
    if args[:1] in (["--version"], ["-v"]):
        proc.out(f"v{ver}\n")
        return 0
    if args[:1] in (["-e"], ["--eval"], ["-p"]) and len(args) > 1:
        return run_node(proc, args[1], None, ver)
    if args and not args[0].startswith("-"):
        path = proc.path(args[0])
        if not proc.fs.is_file(path) and proc.fs.is_file(path + ".js"):
            path += ".js"
        if not proc.fs.is_file(path):
            proc.err(cannot_find(path, [], ver))
            return 1
        return run_node(proc, read_text(proc.fs, path), path, ver)
    if proc.tty:
        proc.err("node: the interactive REPL is not available here; run a script or use -e\n")
        return 1
    return run_node(proc, proc.stdin, None, ver) if proc.stdin.strip() else 0


def cannot_find(module, stack, ver):
    """node's report of a missing script or require()d module."""
    lines = ["node:internal/modules/cjs/loader:1228", "  throw err;", "  ^", "", f"Error: Cannot find module '{module}'"]
    if stack:
        lines += ["Require stack:"] + [f"- {s}" for s in stack]
    listed = f"[ {', '.join(repr(s) for s in stack)} ]" if stack else "[]"
    lines += NODE_STACK + ["    at node:internal/main/run_main_module:28:49 {", "  code: 'MODULE_NOT_FOUND',",
                           f"  requireStack: {listed}", "}", "", f"Node.js v{ver}"]
    return "".join(line + "\n" for line in lines)


def node_module_exists(fs, start, name):
    directory = start
    while True:
        if fs.is_dir(posixpath.join(directory, "node_modules", name)):
            return True
        if directory == "/":
            return False
        directory = posixpath.dirname(directory)


STRING = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`|-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*)"""


def run_node(proc, source, path, ver):
    for module in re.findall(r"""require\(\s*['"]([^'"./][^'"]*)['"]\s*\)""", source):
        top = module.split("/")[0]
        if top not in ("http", "fs", "path", "os", "url", "util", "events", "crypto") and not top.startswith("node:") \
                and not node_module_exists(proc.fs, posixpath.dirname(path or proc.cwd + "/x"), top):
            proc.err(cannot_find(module, [path or "[eval]"], ver))
            return 1
    names = {}
    for name, literal in re.findall(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*" + STRING + r"\s*(?:;|$)",
                                    source, re.M):
        names[name] = js_value(literal, names, proc.env)
    for literal in re.findall(r"console\.log\(\s*" + STRING + r"\s*\)", source):
        proc.out(f"{js_value(literal, names, proc.env)}\n")
    listen = re.search(r"\.listen\(\s*" + STRING, source)
    if listen is None:
        return 0
    port = js_value(listen.group(1), names, proc.env)
    express = "express()" in source
    handlers = re.findall(r"""app\.get\(\s*['"]([^'"]+)['"][\s\S]*?res\.(?:send|json|end)\(\s*""" + STRING, source)
    plain = re.search(r"res\.end\(\s*" + STRING, source)
    config = {"kind": "express" if express else "node-http",
              "routes": {p: str(js_value(v, names, proc.env)) for p, v in handlers},
              "body": str(js_value(plain.group(1), names, proc.env)) if plain and not express else ""}
    return Running(service="app", ports=[int(port)] if str(port).isdigit() else [3000],
                   config=config, protocol="http")


def js_value(literal, names, env):
    """A JS literal, a template string with ${name}, a declared name or process.env lookup."""
    if literal[:1] in "'\"":
        return literal[1:-1].encode().decode("unicode_escape", errors="replace")
    if literal[:1] == "`":
        return re.sub(r"\$\{\s*([\w$.]+)\s*\}", lambda m: str(js_value(m.group(1), names, env)), literal[1:-1])
    if re.fullmatch(r"-?\d+(?:\.\d+)?", literal):
        return int(literal) if "." not in literal else float(literal)
    if literal.startswith("process.env."):
        return env.get(literal[len("process.env."):], "undefined")
    return names.get(literal, "undefined")


# --- what the apps answer -------------------------------------------------------------------------
FLASK_404 = ("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
             "<p>The requested URL was not found on the server. If you entered the URL manually please "
             "check your spelling and try again.</p>\n")
EXPRESS_404 = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
               "</head>\n<body>\n<pre>Cannot {method} {path}</pre>\n</body>\n</html>\n")


@service("app")
class AppService:
    @staticmethod
    def http(ctx: ServiceContext, method, path, headers, body=b""):
        kind = ctx.config.get("kind")
        route = path.split("?", 1)[0]
        at = ctx.now()
        if kind == "webapp-color":
            response = page(200, "OK", color_page(ctx), "Werkzeug/0.16.0 Python/3.6.15", "text/html; charset=utf-8", at=at)
        elif kind == "simple-webapp-mysql":
            response = page(200, "OK", mysql_page(ctx), "Werkzeug/0.16.0 Python/3.6.15", "text/html; charset=utf-8", at=at)
        elif kind == "http.server":
            response = static_page(ctx, route, at)
        elif kind == "flask":
            text = ctx.config.get("routes", {}).get(route)
            server = "Werkzeug/3.1.3 Python/3.12.12"
            response = page(200, "OK", text, server, "text/html; charset=utf-8", at=at) if text is not None \
                else page(404, "NOT FOUND", FLASK_404, server, "text/html; charset=utf-8", at=at)
        elif kind == "express":
            text = ctx.config.get("routes", {}).get(route)
            response = page(200, "OK", text, "", "text/html; charset=utf-8", {"X-Powered-By": "Express"}, at) \
                if text is not None else page(404, "Not Found", EXPRESS_404.format(method=method, path=route), "",
                                              "text/html; charset=utf-8", {"X-Powered-By": "Express"}, at)
            response.headers.pop("Server")
        else:
            response = page(200, "OK", ctx.config.get("body", ""), "", "text/plain", at=at)
            response.headers.pop("Server")
        if kind in ("flask", "webapp-color", "simple-webapp-mysql", "http.server"):
            ctx.log(f'{ctx.client_ip} - - [{utc(at, "%d/%b/%Y %H:%M:%S")}] "{method} {path} HTTP/1.1" '
                    f'{response.status} {"-" if kind != "http.server" else len(response.body)}\n', "stderr")
        return response


def static_page(ctx, route, at):
    server = f"SimpleHTTP/0.6 Python/{ctx.config.get('python', '3.12.12')}"
    outcome, target, data = static_file(ctx.fs, ctx.config.get("root", "/"), route)
    if outcome == "file":
        return page(200, "OK", data, server, "text/html", at=at)
    if outcome == "directory":
        names = ctx.fs.listdir(target)
        items = "".join(f'<li><a href="{n}">{n}</a></li>\n' for n in names)
        listing = (f'<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for {route}</title>\n'
                   f"</head>\n<body>\n<h1>Directory listing for {route}</h1>\n<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n")
        return page(200, "OK", listing, server, "text/html; charset=utf-8", at=at)
    return page(404, "File not found", "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n"
                "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
                "        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n    </body>\n</html>\n",
                server, "text/html;charset=utf-8", at=at)


def color_page(ctx):
    color = ctx.config.get("color", "blue")
    return (f'<!doctype html>\n<title>Hello from Flask</title>\n<body style="background: {COLORS[color]};"></body>\n'
            '<div style="color: #e4e4e4;\n    text-align:  center;\n    height: 90px;\n    vertical-align:  middle;">\n\n'
            f"  <h1>Hello from {ctx.hostname}!</h1>\n\n</div>\n")


def mysql_page(ctx):
    """simple-webapp-mysql's page: whether it could reach and log in to the MySQL at DB_Host."""
    db = ctx.config.get("db", {})
    host = db.get("DB_Host") or "localhost"
    error = None
    try:
        reply = ctx.net.connect(host, 3306).query("mysql", {"user": db.get("DB_User") or "root",
                                                            "password": db.get("DB_Password") or "paswrd",
                                                            "database": db.get("DB_Database") or "mysql",
                                                            "sql": "SELECT 1"})
        if "error" in reply:
            code, _, message = reply["error"]
            error = f'({code}, "{message}")'
    except NetError as problem:
        reason = "[Errno -2] Name or service not known" if problem.kind == "unknown-host" else "[Errno 111] Connection refused"
        error = f"(2003, \"Can't connect to MySQL server on '{host}' ({reason})\")"
    except AttributeError:
        error = f"(2003, \"Can't connect to MySQL server on '{host}' ([Errno 111] Connection refused)\")"
    color, status = ("#39b54b", "Successfully connected to the MySQL database") if error is None else \
        ("#ff3f3f", f"Failed connecting to the MySQL database. Error: {error}")
    return (f'<!doctype html>\n<title>Hello from Flask</title>\n<body style="background: {color};"></body>\n'
            f'<div style="color: #e4e4e4; text-align: center;">\n  <h1>Hello from {ctx.hostname}!</h1>\n'
            f"  <h2>{status}</h2>\n  <p>Environment Variables: DB_Host={db.get('DB_Host') or 'Not Set'}; "
            f"DB_Database={db.get('DB_Database') or 'Not Set'}; DB_User={db.get('DB_User') or 'Not Set'}; "
            f"DB_Password={db.get('DB_Password') or 'Not Set'}</p>\n</div>\n")
