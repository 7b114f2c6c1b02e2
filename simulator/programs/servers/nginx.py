"""nginx and the official image's /docker-entrypoint.sh: startup and shutdown notices, static
files from the container's filesystem, error pages and access log lines."""
import posixpath
import re

from ...catalog import packaged_file
from ...fs import FSError
from ..base import Running, program, service
from .common import ServiceContext, content_type, exec_argv, http_date, now, page, read_text, static_file, utc

DEFAULT_CONF = "/etc/nginx/conf.d/default.conf"
ENTRYPOINT_D = "/docker-entrypoint.d"
WORKERS = (29, 30)
SIGNALLER = 40                   # the PID of `nginx -s` run with docker exec
SIGNAL_OF = {"stop": "SIGTERM", "quit": "SIGQUIT", "reopen": "SIGUSR1", "reload": "SIGHUP"}
IPV6 = "10-listen-on-ipv6-by-default.sh"


def version(env):
    return env.get("NGINX_VERSION", "1.29.3")


def stamp(seconds):
    return utc(seconds, "%Y/%m/%d %H:%M:%S")


@program("nginx-entrypoint")
def entrypoint(proc):
    argv = proc.argv[1:] or ["nginx", "-g", "daemon off;"]
    if argv[0] in ("nginx", "nginx-debug"):
        configure(proc, lambda text: None if proc.env.get("NGINX_ENTRYPOINT_QUIET_LOGS") else proc.out(text))
    return exec_argv(proc, argv, proc.argv[0])


def configure(proc, say):
    me = proc.argv[0]
    try:
        scripts = sorted(name for name in proc.fs.listdir(ENTRYPOINT_D)
                         if proc.fs.is_file(posixpath.join(ENTRYPOINT_D, name)))
    except FSError:
        scripts = []
    if not scripts:
        say(f"{me}: No files found in {ENTRYPOINT_D}/, skipping configuration\n")
        return
    say(f"{me}: {ENTRYPOINT_D}/ is not empty, will attempt to perform configuration\n")
    say(f"{me}: Looking for shell scripts in {ENTRYPOINT_D}/\n")
    for name in scripts:
        path = posixpath.join(ENTRYPOINT_D, name)
        if name.endswith(".envsh"):
            say(f"{me}: Sourcing {path}\n")
        elif name.endswith(".sh"):
            say(f"{me}: Launching {path}\n")
            if name == IPV6:
                listen_on_ipv6(proc, say)
        else:
            say(f"{me}: Ignoring {path}\n")
    say(f"{me}: Configuration complete; ready for start up\n")


def listen_on_ipv6(proc, say):
    """What 10-listen-on-ipv6-by-default.sh does to the packaged default.conf."""
    prefix = f"{IPV6}: info:"
    if not proc.fs.is_file(DEFAULT_CONF):
        say(f"{prefix} {DEFAULT_CONF} is not a file or does not exist\n")
        return
    say(f"{prefix} Getting the checksum of {DEFAULT_CONF}\n")
    text = read_text(proc.fs, DEFAULT_CONF)
    if text != packaged_file("nginx/default.conf"):
        say(f"{prefix} {DEFAULT_CONF} differs from the packaged version\n")
        return
    try:
        proc.fs.write(DEFAULT_CONF, text.replace("listen       80;", "listen       80;\n    listen  [::]:80;", 1).encode())
    except FSError:
        say(f"{prefix} can not modify {DEFAULT_CONF} (read-only file system?)\n")
        return
    say(f"{prefix} Enabled listen on IPv6 in {DEFAULT_CONF}\n")


@program("nginx")
def nginx(proc):
    args = proc.argv[1:]
    ver = version(proc.env)
    if "-v" in args or "-V" in args:
        proc.err(f"nginx version: nginx/{ver}\n")
        if "-V" in args:
            proc.err(f"built by {compiler(proc.fs)}\nconfigure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx\n")
        return 0
    if "-t" in args or "-T" in args:
        proc.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                 "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return 0
    if "-s" in args:
        return signal_master(proc, args[args.index("-s") + 1:][:1])
    settings = site(proc.fs)
    if not proc.main:
        for _ in range(5):
            proc.err(f"nginx: [emerg] bind() to 0.0.0.0:{settings['port']} failed (98: Address already in use)\n")
        proc.err("nginx: [emerg] still could not bind()\n")
        return 1
    at = stamp(now(proc))
    lines = [f'using the "epoll" event method', f"nginx/{ver}", f"built by {compiler(proc.fs)} ",
             "OS: Linux 6.8.0-87-generic", "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
             "start worker processes"] + [f"start worker process {pid}" for pid in WORKERS]
    proc.err("".join(f"{at} [notice] 1#1: {line}\n" for line in lines))
    config = {"version": ver, "connections": 0, **settings}
    return Running(service="nginx", ports=[settings["port"]], config=config, protocol="http",
                   stop_logs=shutdown(config, "SIGQUIT", now(proc)))


def signal_master(proc, action):
    """`nginx -s ACTION`: signal the master process, PID 1 of the container."""
    if not action:
        proc.err('nginx: option "-s" requires parameter\n')
        return 1
    if action[0] not in SIGNAL_OF:
        proc.err(f'nginx: invalid option: "-s {action[0]}"\n')
        return 1
    proc.err(f"{stamp(now(proc))} [notice] {SIGNALLER}#{SIGNALLER}: signal process started\n")
    container = getattr(proc.machine, "container", None)
    if container is None or (container.process or {}).get("service") != "nginx":     # no master, no pid file
        proc.err(f'{stamp(now(proc))} [error] {SIGNALLER}#{SIGNALLER}: open() "/run/nginx.pid" failed '
                 "(2: No such file or directory)\n")
        return 1
    proc.machine.signal(1, SIGNAL_OF[action[0]], sender=SIGNALLER)
    return 0


def compiler(fs):
    return "gcc 14.2.0 (Alpine 14.2.0)" if fs.exists("/etc/alpine-release") else \
        "gcc 12.2.0 (Debian 12.2.0-14+deb12u1)"


def site(fs):
    """Port and document root of the first server block in conf.d (a student's conf counts)."""
    text = read_text(fs, DEFAULT_CONF)
    port = re.search(r"^\s*listen\s+(?:[\d.]+:)?(\d+)", text, re.M)
    root = re.search(r"^\s*root\s+([^;\s]+)\s*;", text, re.M)
    return {"port": int(port.group(1)) if port else 80,
            "root": root.group(1) if root else "/usr/share/nginx/html"}


def shutdown(config, signal, at):
    """nginx's notices when it stops: graceful on SIGQUIT, fast on SIGTERM/SIGINT."""
    when = stamp(at)
    number = {"SIGQUIT": 3, "SIGTERM": 15, "SIGINT": 2}.get(signal, 15)
    lines = [f"1#1: signal {number} ({signal}) received, "
             + ("shutting down" if signal == "SIGQUIT" else "exiting")]
    workers = config.get("workers", WORKERS)
    for pid in workers:
        lines += [f"{pid}#{pid}: gracefully shutting down"] if signal == "SIGQUIT" else []
        lines += [f"{pid}#{pid}: exiting", f"{pid}#{pid}: exit"]
    for pid in workers:
        lines += [f"1#1: signal 17 (SIGCHLD) received from {pid}",
                  f"1#1: worker process {pid} exited with code 0"]
    lines.append("1#1: exit")
    return "".join(f"{when} [notice] {line}\n" for line in lines)


def received(number, signal, sender, action):
    """The master's notice of a signal: a sender outside the container has no PID inside it."""
    return f"1#1: signal {number} ({signal}) received{f' from {sender}' if sender else ''}, {action}"


def reload(config, at, sender):
    """SIGHUP: reread the configuration, start new workers, retire the old ones gracefully."""
    old = config.get("workers", list(WORKERS))
    new = [max(old + [sender or 0]) + 1 + k for k in range(len(old))]
    config["workers"] = new
    lines = [received(1, "SIGHUP", sender, "reconfiguring"), "1#1: reconfiguring",
             '1#1: using the "epoll" event method', "1#1: start worker processes"]
    lines += [f"1#1: start worker process {pid}" for pid in new]
    for pid in old:
        lines += [f"{pid}#{pid}: gracefully shutting down", f"{pid}#{pid}: exiting", f"{pid}#{pid}: exit",
                  f"1#1: signal 17 (SIGCHLD) received from {pid}", f"1#1: worker process {pid} exited with code 0",
                  "1#1: signal 29 (SIGIO) received"]
    return "".join(f"{stamp(at)} [notice] {line}\n" for line in lines)


def reopen(config, at, sender):
    """SIGUSR1: the master and each worker reopen their log files."""
    lines = [received(10, "SIGUSR1", sender, "reopening logs"), "1#1: reopening logs"]
    lines += [f"{pid}#{pid}: reopening logs" for pid in config.get("workers", WORKERS)]
    return "".join(f"{stamp(at)} [notice] {line}\n" for line in lines)


# nginx sends its built-in error pages with CRLF line ends (153 bytes for a 404).
ERROR_PAGE = """<html>
<head><title>{code} {reason}</title></head>
<body>
<center><h1>{code} {reason}</h1></center>
<hr><center>nginx/{version}</center>
</body>
</html>
"""


@service("nginx")
class NginxService:
    """Static files under the site root, as the image's default.conf serves them."""

    @staticmethod
    def http(ctx: ServiceContext, method, path, headers, body=b""):
        config = ctx.config
        config["connections"] = config.get("connections", 0) + 1
        at = ctx.now()
        status, reason, data, kind, problem = NginxService.resolve(ctx, method, path)
        if problem:
            ctx.log(f'{stamp(at)} [error] {WORKERS[0]}#{WORKERS[0]}: *{config["connections"]} {problem}, '
                    f'client: {ctx.client_ip}, server: localhost, request: "{method} {path} HTTP/1.1", '
                    f'host: "{headers.get("Host", "localhost")}"\n', "stderr")
        server = f"nginx/{config['version']}"
        if data is None:
            data = ERROR_PAGE.format(code=status, reason=reason, version=config["version"]).replace("\n", "\r\n")
            kind = "text/html"
        extra = {"Connection": "keep-alive"}
        if status == 200:
            extra.update({"Last-Modified": http_date(at), "Accept-Ranges": "bytes"})
        response = page(status, reason, data, server, kind, extra, at)
        sent = len(response.body)
        if method == "HEAD":
            response.body = b""
        agent = headers.get("User-Agent", "-")
        ctx.log(f'{ctx.client_ip} - - [{utc(at, "%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" '
                f'{status} {sent} "{headers.get("Referer", "-")}" "{agent}" "-"\n')
        return response

    @staticmethod
    def resolve(ctx, method, path):
        """(status, reason, body or None for the error page, content type, error log text)."""
        if method not in ("GET", "HEAD"):
            return 405, "Not Allowed", None, None, None
        outcome, target, data = static_file(ctx.fs, ctx.config["root"], path)
        if outcome == "directory":
            return 403, "Forbidden", None, None, f'directory index of "{target.rstrip("/")}/" is forbidden'
        if outcome == "missing":
            return 404, "Not Found", None, None, f'open() "{target}" failed (2: No such file or directory)'
        return 200, "OK", data, content_type(target), None

    @staticmethod
    def signal(ctx, signal, sender):
        """nginx reloads on SIGHUP and reopens its logs on SIGUSR1, and keeps running."""
        handler = {"SIGHUP": reload, "SIGUSR1": reopen}.get(signal)
        if handler:
            ctx.log(handler(ctx.config, ctx.now(), sender), "stderr")
        return handler is not None

    @staticmethod
    def stop(ctx, signal):
        return shutdown(ctx.config, signal, ctx.now())
