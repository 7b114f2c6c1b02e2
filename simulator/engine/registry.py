"""Registries the daemon pushes to and pulls from: Docker Hub (the catalog's official images plus
what students push to their own namespace) and private registries, which are `registry:2`
containers published on a host port (`localhost:5000/app`) keeping distribution's on-disk
layout under /var/lib/registry, so a volume keeps what was pushed.

Manifests and image configs are stored as real JSON; a layer blob holds where the layer's
content comes from (a catalog layer, or the layer's files) and declares its compressed size."""
import hashlib
import io
import json
import posixpath
import tarfile
from dataclasses import dataclass, field

from ..fs import File, FSError, Layer
from ..programs.base import NetError
from . import reference
from .errors import DockerError, NotFound
from .images import PullResult, repository_of

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"
ROOT = "/var/lib/registry/docker/registry/v2"
DENIED = "denied: requested access to the resource is denied"
UNEXPECTED_EOF = "unexpected EOF"
CORRUPT = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def compressed(size):
    """A layer's size on the wire (the gzip of its tar)."""
    return max(32, size * 2 // 5)


class HubStore:
    """Docker Hub's part that students write to, kept in the engine's state. Like DiskStore:
    blobs, which repository holds which layer (`Layer already exists`), and tags."""

    def __init__(self, data):
        self.data = data              # {"blobs": {digest: [text, size]}, "repos": {repo: {...}}}

    def repo(self, name):
        return self.data["repos"].setdefault(name, {"tags": {}, "layers": []})

    def has_blob(self, digest):
        return digest in self.data["blobs"]

    def put_blob(self, digest, data, size):
        self.data["blobs"][digest] = [data.decode(), size]

    def blob(self, digest):
        return self.data["blobs"][digest][0].encode()

    def link(self, repo, digest):
        layers = self.repo(repo)["layers"]
        if digest not in layers:
            layers.append(digest)

    def linked(self, repo, digest):
        return digest in self.data["repos"].get(repo, {}).get("layers", [])

    def tag(self, repo, tag, digest):
        self.repo(repo)["tags"][tag] = digest

    def resolve(self, repo, tag):
        return self.data["repos"].get(repo, {}).get("tags", {}).get(tag)


class DiskStore:
    """A registry:2 container's storage, in distribution's layout."""

    def __init__(self, fs):
        self.fs = fs

    @staticmethod
    def blob_path(digest):
        hexa = digest.split(":", 1)[1]
        return f"{ROOT}/blobs/sha256/{hexa[:2]}/{hexa}/data"

    def write(self, path, data, size=None):
        self.fs.mkdir(posixpath.dirname(path), parents=True, exist_ok=True)
        self.fs.put(path, File(data, mode=0o644, size=size))

    def read(self, path):
        try:
            return self.fs.read_text(path).strip()
        except FSError:
            return None

    def has_blob(self, digest):
        return self.fs.exists(self.blob_path(digest))

    def put_blob(self, digest, data, size):
        self.write(self.blob_path(digest), data, size)

    def blob(self, digest):
        return self.fs.read(self.blob_path(digest))

    def link(self, repo, digest):
        self.write(f"{ROOT}/repositories/{repo}/_layers/sha256/{digest[7:]}/link", digest.encode())

    def linked(self, repo, digest):
        return self.fs.exists(f"{ROOT}/repositories/{repo}/_layers/sha256/{digest[7:]}/link")

    def tag(self, repo, tag, digest):
        base = f"{ROOT}/repositories/{repo}/_manifests"
        self.write(f"{base}/revisions/sha256/{digest[7:]}/link", digest.encode())
        self.write(f"{base}/tags/{tag}/current/link", digest.encode())
        self.write(f"{base}/tags/{tag}/index/sha256/{digest[7:]}/link", digest.encode())

    def resolve(self, repo, tag):
        return self.read(f"{ROOT}/repositories/{repo}/_manifests/tags/{tag}/current/link")


def disk_repositories(fs):
    """The repositories a registry:2 holds (`/v2/_catalog`)."""
    found = []
    for path, dirs, _ in fs.walk(f"{ROOT}/repositories") if fs.is_dir(f"{ROOT}/repositories") else ():
        if "_manifests" in dirs:
            found.append(path[len(ROOT) + len("/repositories/"):])
    return sorted(found)


def disk_tags(fs, repo):
    try:
        return sorted(fs.listdir(f"{ROOT}/repositories/{repo}/_manifests/tags"))
    except FSError:
        return []


@dataclass
class PushResult:
    repository: str                          # docker.io/alice/app, localhost:5000/app
    messages: list = field(default_factory=list)
    error: str = ""                          # what the push stream ended with, if it failed


class Registries:
    def __init__(self, engine):
        self.engine = engine
        self.hub = {"blobs": {}, "repos": {}}

    def to_dict(self):
        return self.hub

    def load(self, data):
        self.hub = data or {"blobs": {}, "repos": {}}

    # --- where a reference lives ------------------------------------------------------------
    def store(self, domain):
        """Where a registry domain keeps its data (HubStore or DiskStore), or the DockerError a
        client would get."""
        if domain == "docker.io":
            return HubStore(self.hub)
        host, _, port = domain.partition(":")
        if host not in ("localhost", "127.0.0.1"):
            raise DockerError(f'Get "https://{domain}/v2/": dial tcp: lookup {host}: no such host')
        url = f"http://{domain}/v2/"
        try:
            handle = self.engine.networks.view().connect(host, int(port or 80))
        except NetError:
            where = "[::1]" if host == "localhost" else host
            raise DockerError(f'Get "{url}": dial tcp {where}:{port or 80}: connect: connection refused') from None
        if handle.running.service != "registry":
            raise DockerError(f'Get "{url}": http: server gave HTTP response to HTTPS client')
        return DiskStore(self.engine.containers.fs(handle.container))

    def hub_has(self, path):
        return path in self.hub["repos"]

    # --- push --------------------------------------------------------------------------------
    def push(self, name, user=""):
        """Push a local image; `user` is who the client is logged in as on Docker Hub."""
        ref = reference.tag_name_only(reference.parse_normalized_named(name))
        images = self.engine.images
        image = images.get(ref.familiar_string())
        if image is None:
            raise NotFound(f"An image does not exist locally with the tag: {ref.familiar_name()}")
        result = PushResult(ref.name)
        layers = list(reversed(image.layers))
        result.messages = [{"id": images.layers[d].digest[7:19] if images.layers[d].digest else d[7:19],
                            "status": "Preparing"} for d in layers]
        if ref.domain == "docker.io" and (not user or ref.path.split("/", 1)[0] != user):
            result.error = DENIED
            return result
        store = self.store(ref.domain)
        for diff_id in layers:
            record = images.layers[diff_id]
            digest = record.digest or diff_id
            short = digest[7:19]
            if store.linked(ref.path, digest):
                status = "Layer already exists"
            elif ref.domain == "docker.io" and "catalog" in record.source:
                status = f"Mounted from {self.source_repo(digest)}"
            else:
                status = "Pushed"
            if not store.has_blob(digest):
                store.put_blob(digest, json.dumps(record.source).encode(), compressed(record.size))
            store.link(ref.path, digest)
            result.messages.append({"id": short, "status": status})
        manifest, digest = self.manifest(image, store)
        store.tag(ref.path, ref.tag, digest)
        repo_digest = f"{ref.familiar_name()}@{digest}"
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        result.messages.append({"status": f"{ref.tag}: digest: {digest} size: {len(manifest)}"})
        self.engine.events.emit("image", "push", image.id, {"name": ref.familiar_string()})
        return result

    def manifest(self, image, store):
        images = self.engine.images
        config = json.dumps({"architecture": image.architecture, "config": image.config,
                             "created": image.created, "history": image.history, "os": image.os,
                             "rootfs": {"type": "layers", "diff_ids": image.layers}},
                            sort_keys=True, separators=(",", ":")).encode()
        store.put_blob(image.id, config, len(config))
        body = {"schemaVersion": 2, "mediaType": MANIFEST_TYPE,
                "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": image.id},
                "layers": [{"mediaType": LAYER_TYPE, "size": compressed(images.layers[d].size),
                            "digest": images.layers[d].digest or d} for d in image.layers]}
        data = json.dumps(body, indent=3).encode()
        digest = sha256(data)
        store.put_blob(digest, data, len(data))
        return data, digest

    @staticmethod
    def source_repo(digest):
        """The official repository a catalog layer was first published in (`library/alpine`)."""
        from .. import catalog
        for name, repo in catalog.loader.catalog().repos.items():
            for image in repo["tags"].values():
                if any(layer.digest == digest for layer in image.layers):
                    return name.removeprefix("docker.io/")
        return "library/alpine"

    # --- pull --------------------------------------------------------------------------------
    def pull(self, ref):
        """Pull a pushed image back: the same PullResult the catalog pull gives."""
        tagged = reference.tag_name_only(ref)
        familiar = tagged.familiar_string()
        store = self.store(ref.domain)
        digest = ref.digest or store.resolve(ref.path, tagged.tag)
        if digest is None or not store.has_blob(digest):
            raise NotFound(f"manifest for {familiar} not found: manifest unknown: manifest unknown")
        images = self.engine.images
        label = ref.digest or tagged.tag
        messages = [{"id": label, "status": f"Pulling from {ref.path}"}]
        try:
            manifest = json.loads(store.blob(digest))
            config = json.loads(store.blob(manifest["config"]["digest"]))
            image = images.by_id.get(manifest["config"]["digest"])
            layers = [(layer["digest"], json.loads(store.blob(layer["digest"])))
                      for layer in manifest["layers"]] if image is None else []
        except (*CORRUPT, FSError):
            raise DockerError(UNEXPECTED_EOF) from None
        if image is None:
            diff_ids = []
            for layer_digest, source in layers:
                known = layer_digest in images.layers
                diff_ids.append(self.restore_layer(source))
                messages.append({"id": layer_digest[7:19],
                                 "status": "Already exists" if known else "Pull complete"})
            image = self.create(config, diff_ids)
        if not ref.digest:
            images.tag(image.id, familiar)
        repo_digest = f"{ref.familiar_name()}@{digest}"
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        messages.append({"status": f"Digest: {digest}"})
        messages.append({"status": f"Status: Downloaded newer image for {familiar}"})
        return PullResult(image, familiar, str(tagged), messages)

    def restore_layer(self, source):
        """A layer from a blob written by push or save; anything else (a student may craft an
        archive or a registry's files) is refused as a corrupt stream."""
        images = self.engine.images
        try:
            if "catalog" in source:
                from .. import catalog
                layers = {layer.digest: layer for layer in catalog.loader.catalog().layers.values()}
                return images.add_catalog_layer(layers[source["catalog"]])
            layer = Layer.from_dict(source["data"])
        except CORRUPT:
            raise DockerError(UNEXPECTED_EOF) from None
        if any(path != posixpath.normpath(path) or not path.startswith("/") for path in layer.entries):
            raise DockerError(UNEXPECTED_EOF)
        return images.add_layer(layer)

    def create(self, config, diff_ids, tags=()):
        """Register an image from its config blob (a dict) and restored layers."""
        if not (isinstance(config.get("config"), dict) and isinstance(config.get("history"), list)
                and isinstance(config.get("created"), str)):
            raise DockerError(UNEXPECTED_EOF)
        return self.engine.images.create(config["config"], diff_ids, config["history"],
                                         config["created"], tags=tags)

    def login(self, server):
        """Check that a registry answers (`docker login`); raises the client's error."""
        if server not in ("docker.io", "index.docker.io", "https://index.docker.io/v1/"):
            self.store(server)


# --- docker save / docker load ------------------------------------------------------------------
def saved_tags(image, name):
    """The tags `docker save NAME` records: NAME's own tag, every tag of a bare repository
    name, or all of them for an ID."""
    try:
        ref = reference.parse_normalized_named(name)
    except ValueError:
        return list(image.repo_tags)
    if ref.tag:
        return [ref.familiar_string()]
    repo = ref.familiar_name()
    return [t for t in image.repo_tags if repository_of(t) == repo] or list(image.repo_tags)


def save(engine, names):
    """`docker save`: an OCI layout plus Docker's manifest.json, as tar bytes (all ASCII: the
    blobs are JSON), and the bytes the real archive would take."""
    images = engine.images
    found = []
    for name in names:
        image = images.get(name)
        if image is None:
            raise NotFound(f"No such image: {images.display_name(name)}")
        found.append((image, saved_tags(image, name)))
    files, manifest, repositories, size = {}, [], {}, 0
    for image, tags in found:
        config = json.dumps({"architecture": image.architecture, "config": image.config,
                             "created": image.created, "history": image.history, "os": image.os,
                             "rootfs": {"type": "layers", "diff_ids": image.layers}},
                            sort_keys=True, separators=(",", ":")).encode()
        files[f"blobs/sha256/{image.id[7:]}"] = config
        paths = []
        for diff_id in image.layers:
            record = images.layers[diff_id]
            files[f"blobs/sha256/{diff_id[7:]}"] = json.dumps(record.source).encode()
            paths.append(f"blobs/sha256/{diff_id[7:]}")
            size += record.size
        manifest.append({"Config": f"blobs/sha256/{image.id[7:]}", "RepoTags": tags, "Layers": paths})
        for tag in tags:
            repo, _, version = tag.rpartition(":")
            repositories.setdefault(repo, {})[version] = image.id[7:]
    files["index.json"] = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": image.id,
         "annotations": {"io.containerd.image.name": tag}} for image, tags in found for tag in tags]}).encode()
    files["manifest.json"] = json.dumps(manifest).encode()
    files["oci-layout"] = b'{"imageLayoutVersion":"1.0.0"}'
    files["repositories"] = json.dumps(repositories).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for path in sorted(files):
            info = tarfile.TarInfo(path)
            info.size, info.mtime = len(files[path]), 0
            archive.addfile(info, io.BytesIO(files[path]))
    return buffer.getvalue(), size + len(buffer.getvalue())


def load(engine, data):
    """`docker load`: the images in a saved archive; returns the lines the CLI prints."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            files = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
        entries = [(entry, json.loads(files[entry["Config"]]),
                    [json.loads(files[path]) for path in entry["Layers"]])
                   for entry in json.loads(files["manifest.json"])]
    except (tarfile.TarError, EOFError, *CORRUPT):
        raise DockerError(UNEXPECTED_EOF) from None
    registries, lines = engine.registries, []
    for entry, config, sources in entries:
        diff_ids = [registries.restore_layer(source) for source in sources]
        image = registries.create(config, diff_ids, tags=entry.get("RepoTags") or ())
        if entry.get("RepoTags"):
            lines += [f"Loaded image: {tag}" for tag in entry["RepoTags"]]
        else:
            lines.append(f"Loaded image ID: {image.id}")
    return lines
