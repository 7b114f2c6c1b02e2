"""What the simulated servers share: the context a service answers in, exec of a command line,
log timestamps and small HTTP helpers."""
import posixpath
import time
from dataclasses import dataclass, replace
from typing import Callable, Optional

from ...fs import FSError
from ..base import HttpResponse, NetError

@dataclass
class ServiceContext:
    """The running container as a service sees it when a client connects.

    config is the Running.config of the process (JSON-able; a service may change it to keep
    state), log(text, stream) appends to the container's logs, net is the container's network
    view (simulator.programs.base Machine.net) for services that are clients themselves."""
    fs: object
    env: dict
    config: dict
    now: Callable[[], float] = time.time
    log: Callable[..., None] = lambda text, stream="stdout": None
    client_ip: str = "172.17.0.1"
    net: Optional[object] = None
    hostname: str = "localhost"


def utc(seconds, pattern):
    return time.strftime(pattern, time.gmtime(seconds))


def micro_utc(seconds):
    """2025-11-28T06:50:00.123456Z, as mysqld stamps its log lines."""
    return utc(seconds, "%Y-%m-%dT%H:%M:%S") + f".{int(seconds % 1 * 1_000_000):06d}Z"


def http_date(seconds):
    return utc(seconds, "%a, %d %b %Y %H:%M:%S GMT")


def now(proc):
    return proc.machine.clock.now()


def exec_argv(proc, argv, voice):
    """`exec "$@"` at the end of an entrypoint script: run argv in this same process, found
    as the runtime finds a container's command (PATH, program tags, #! interpreters)."""
    # Imported here: the runtime imports the engine, which imports this module.
    from ...runtime.simulated import NotExecutable, program_argv
    try:
        func, argv = program_argv(proc.fs, argv, proc.env, proc.cwd)
    except NotExecutable as problem:
        reason = "not found" if problem.code == 127 else "Permission denied"
        proc.err(f"{voice}: exec: {argv[0]}: {reason}\n")
        return problem.code
    return func(replace(proc, argv=argv))


def own_ip(proc):
    """The container's address as its own hostname resolves (loopback without a network)."""
    try:
        return proc.machine.net.resolve(proc.machine.hostname)
    except (NetError, AttributeError):
        return "127.0.0.1"


def page(status, reason, body, server, content_type="text/html", extra=None, at=None):
    """An HTTP response with the headers every server sends."""
    body = body if isinstance(body, bytes) else body.encode()
    headers = {"Server": server, "Date": http_date(at if at is not None else time.time()),
               "Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
    return HttpResponse(status, reason, headers, body)


def safe_path(root, url_path):
    """The file a URL path names under root; `..` cannot climb above root."""
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    return posixpath.join(root, posixpath.normpath("/" + path).lstrip("/"))


def static_file(fs, root, url_path, index="index.html"):
    """(outcome, path, data) for a GET under a document root: outcome is "file", "directory"
    (no index file in it) or "missing"."""
    target = safe_path(root, url_path)
    if fs.is_dir(target):
        candidate = posixpath.join(target, index)
        if not fs.is_file(candidate):
            return "directory", target, None
        target = candidate
    try:
        return "file", target, fs.read(target)
    except FSError:
        return "missing", target, None


def read_text(fs, path, default=""):
    try:
        return fs.read(path).decode(errors="replace")
    except FSError:
        return default


CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".css": "text/css",
                 ".js": "application/javascript", ".json": "application/json",
                 ".txt": "text/plain", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml",
                 ".ico": "image/x-icon", ".xml": "text/xml"}


def content_type(path):
    return CONTENT_TYPES.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")
