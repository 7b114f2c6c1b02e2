"""The registry:2 image's process (distribution 2.8): its startup log, and the HTTP API
clients read (`curl localhost:5000/v2/_catalog`). Pushes and pulls go through the daemon
(engine/registry.py), which keeps the data under /var/lib/registry in distribution's layout."""
import json

from ..engine.registry import ROOT, disk_repositories, disk_tags
from ..fs import FSError
from .base import HttpResponse, Running, program, service
from .servers.common import exec_argv, micro_utc, now

VERSION = "2.8.3"
FIELDS = f'go.version=go1.20.8 instance.id=6bbd2a6e-4b8e-4d73-9a52-4f1bde2b5a4f service=registry version={VERSION}'


def log_line(at, level, message):
    return f'time="{micro_utc(at)}" level={level} msg="{message}" {FIELDS} \n'


@program("registry-entrypoint")
def entrypoint(proc):
    argv = proc.argv[1:]
    if argv and argv[0].endswith((".yaml", ".yml")):
        argv = ["registry", "serve"] + argv
    elif argv and (argv[0] in ("serve", "garbage-collect", "help") or argv[0].startswith("-")):
        argv = ["registry"] + argv
    return exec_argv(proc, argv or ["registry"], "/entrypoint.sh")


@program("registry")
def registry(proc):
    args = proc.argv[1:]
    if "--version" in args or "-v" in args:
        proc.out(f"registry github.com/docker/distribution v{VERSION}\n")
        return 0
    if not args or args[0] != "serve":
        proc.out("`registry`\n\nUsage:\n  registry [flags]\n  registry [command]\n\n"
                 "Available Commands:\n  garbage-collect `garbage-collect` deletes layers not referenced by any manifests\n"
                 "  help            Help about any command\n  serve           `serve` stores and distributes Docker images\n")
        return 0
    at = now(proc)
    proc.out(log_line(at, "warning", "No HTTP secret provided - generated random secret. This may cause "
                      "problems with uploads if multiple registries are behind a load-balancer. To provide a "
                      "shared secret, fill in http.secret in the configuration file or set the "
                      "REGISTRY_HTTP_SECRET environment variable."))
    proc.out(log_line(at, "info", "redis not configured"))
    proc.out(log_line(at, "info", "Starting upload purge in 20m0s"))
    proc.out(log_line(at, "info", "using inmemory blob descriptor cache"))
    proc.out(log_line(at, "info", "listening on [::]:5000"))
    return Running(service="registry", ports=[5000])


def answer(status, body, reason="OK"):
    data = (json.dumps(body) + "\n").encode()
    return HttpResponse(status, reason, {"Content-Type": "application/json; charset=utf-8",
                                         "Docker-Distribution-Api-Version": "registry/2.0",
                                         "Content-Length": str(len(data))}, data)


def unknown(name):
    return answer(404, {"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known to registry",
                                    "detail": {"name": name}}]}, "Not Found")


@service("registry")
class RegistryService:
    """GET /v2/, /v2/_catalog, /v2/<name>/tags/list and /v2/<name>/manifests/<tag>."""

    @staticmethod
    def http(ctx, method, path, headers, body=b""):
        path = path.split("?", 1)[0]
        if path in ("/v2", "/v2/"):
            return answer(200, {})
        if path == "/v2/_catalog":
            return answer(200, {"repositories": disk_repositories(ctx.fs)})
        if path.startswith("/v2/") and path.endswith("/tags/list"):
            name = path[4:-len("/tags/list")]
            tags = disk_tags(ctx.fs, name)
            return answer(200, {"name": name, "tags": tags}) if tags else unknown(name)
        if path.startswith("/v2/") and "/manifests/" in path:
            name, _, tag = path[4:].partition("/manifests/")
            try:
                digest = ctx.fs.read_text(f"{ROOT}/repositories/{name}/_manifests/tags/{tag}/current/link")
                data = ctx.fs.read(f"{ROOT}/blobs/sha256/{digest[7:9]}/{digest[7:]}/data")
            except FSError:
                return answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown",
                                                "detail": {"Tag": tag}}]}, "Not Found")
            return HttpResponse(200, "OK", {"Content-Type": "application/vnd.docker.distribution.manifest.v2+json",
                                            "Docker-Content-Digest": digest}, data)
        return answer(404, {"errors": [{"code": "UNSUPPORTED", "message": "The operation is unsupported."}]},
                      "Not Found")
