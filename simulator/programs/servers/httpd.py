"""Apache httpd as the official image runs it (httpd-foreground): startup notices, files from
/usr/local/apache2/htdocs, directory listings, error pages and common-log access lines."""
import posixpath

from ...fs import FSError
from ..base import Running, program, service
from .common import ServiceContext, content_type, exec_argv, now, own_ip, page, static_file, utc

HTDOCS = "/usr/local/apache2/htdocs"


def version(env):
    return env.get("HTTPD_VERSION", "2.4.65")


def stamp(at):
    return utc(at, "%a %b %d %H:%M:%S") + f".{int(at % 1 * 1_000_000):06d} " + utc(at, "%Y")


@program("httpd-foreground")
def foreground(proc):
    return exec_argv(proc, ["httpd", "-DFOREGROUND"] + proc.argv[1:], proc.argv[0])


@program("httpd")
def httpd(proc):
    ver = version(proc.env)
    if "-v" in proc.argv or "-V" in proc.argv:
        proc.out(f"Server version: Apache/{ver} (Unix)\nServer built:   Jul 23 2025 00:00:00\n")
        return 0
    at = now(proc)
    fqdn = (f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
            f"using {own_ip(proc)}. Set the 'ServerName' directive globally to suppress this message\n")
    if not proc.main:
        proc.err(fqdn + "(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\n"
                 "(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\n"
                 "no listening sockets available, shutting down\nAH00015: Unable to open logs\n")
        return 1
    proc.err(fqdn + fqdn
             + f"[{stamp(at)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{ver} (Unix) configured -- resuming normal operations\n"
             + f"[{stamp(at)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n")
    return Running(service="httpd", ports=[80], protocol="http", config={"version": ver},
                   stop_logs=shutdown(at, "SIGWINCH"))


def shutdown(at, signal):
    how = "shutting down gracefully" if signal == "SIGWINCH" else "shutting down"
    number = {"SIGWINCH": "AH00492", "SIGTERM": "AH00491", "SIGINT": "AH00491"}.get(signal, "AH00491")
    return f"[{stamp(at)}] [mpm_event:notice] [pid 1:tid 1] {number}: caught {signal}, {how}\n"


NOT_FOUND = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
"""


@service("httpd")
class HttpdService:
    @staticmethod
    def http(ctx: ServiceContext, method, path, headers, body=b""):
        at = ctx.now()
        server = f"Apache/{ctx.config.get('version', '2.4.65')} (Unix)"
        outcome, target, data = static_file(ctx.fs, HTDOCS, path)
        if outcome == "file":
            response = page(200, "OK", data, server, content_type(target), {"Accept-Ranges": "bytes"}, at)
        elif outcome == "directory":
            response = page(200, "OK", listing(ctx.fs, target, path), server, "text/html;charset=UTF-8", at=at)
        else:
            response = page(404, "Not Found", NOT_FOUND, server, "text/html; charset=iso-8859-1", at=at)
        ctx.log(f'{ctx.client_ip} - - [{utc(at, "%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" '
                f"{response.status} {len(response.body)}\n")
        if method == "HEAD":
            response.body = b""
        return response

    @staticmethod
    def stop(ctx, signal):
        return shutdown(ctx.now(), signal)


def listing(fs, directory, url_path):
    """mod_autoindex's plain listing (the image's httpd.conf turns Indexes on for htdocs)."""
    shown = url_path.split("?", 1)[0].rstrip("/") + "/"
    try:
        names = fs.listdir(directory)
    except FSError:
        names = []
    items = "".join(f'<li><a href="{n}{"/" if fs.is_dir(posixpath.join(directory, n)) else ""}"> {n}'
                    f'{"/" if fs.is_dir(posixpath.join(directory, n)) else ""}</a></li>\n' for n in names)
    return (f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of {shown.rstrip("/") or "/"}</title>\n'
            f' </head>\n <body>\n<h1>Index of {shown.rstrip("/") or "/"}</h1>\n<ul><li><a href="../"> Parent Directory</a></li>\n'
            f"{items}</ul>\n</body></html>\n")
