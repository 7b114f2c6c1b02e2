"""Images and their layers: pull from the catalog, look up, tag, remove (moby's graphdriver
image-delete rules), register built or committed images, prune."""
import hashlib
import json
from dataclasses import dataclass, field

from .. import catalog
from ..limits import MAX_TAGS
from . import reference, shared_layers
from .errors import Conflict, DockerError, InvalidParameter, NotFound, no_such_image
from .state import Image, LayerRecord, dump, load, parse_timestamp, timestamp

HEX = set("0123456789abcdef")


def short(image_id):
    return image_id.removeprefix("sha256:")[:12]


def repository_of(familiar):
    """`nginx` of `nginx:latest` or `nginx@sha256:..`; `localhost:5000/web` of `localhost:5000/web:v1`."""
    name = familiar.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return name[:colon] if colon > slash else name


def chain_ids(diff_ids):
    """The layer ChainIDs that `docker rmi` prints: chain(n) = sha256(chain(n-1) + " " + diff(n))."""
    chain, out = None, []
    for diff in diff_ids:
        chain = diff if chain is None else "sha256:" + hashlib.sha256(f"{chain} {diff}".encode()).hexdigest()
        out.append(chain)
    return out


def config_digest(body):
    return "sha256:" + hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass
class PullResult:
    image: Image
    reference: str                 # familiar tagged name: nginx:latest
    canonical: str                 # docker.io/library/nginx:latest
    messages: list = field(default_factory=list)  # the daemon's progress stream, {id, status, progress}
    updated: bool = True


def _catalog_layers():
    cached = getattr(_catalog_layers, "index", None)
    if cached is None:
        cached = _catalog_layers.index = {layer.digest: layer for layer in catalog.loader.catalog().layers.values()}
    return cached


class Images:
    def __init__(self, engine):
        self.engine = engine
        self.by_id = {}          # image id -> Image
        self.layers = {}         # diff id -> LayerRecord
        self._fs = {}            # diff id -> fs Layer (shared_layers on load)

    # --- layers ----------------------------------------------------------------------------
    def layer(self, diff_id):
        """The fs Layer of a layer the daemon holds."""
        if diff_id not in self._fs:
            source = self.layers[diff_id].source
            if "catalog" in source:
                self._fs[diff_id] = _catalog_layers()[source["catalog"]].build()
            else:
                self._fs[diff_id] = shared_layers.load(diff_id, source["data"])
        return self._fs[diff_id]

    def fs_layers(self, image):
        return [self.layer(diff_id) for diff_id in image.layers]

    def layer_by_fs_id(self, fs_id):
        """The fs Layer with the given content id (FileSystem.from_dict resolves lowers with it)."""
        for diff_id in self.layers:
            layer = self.layer(diff_id)
            if layer.id == fs_id:
                return layer
        raise KeyError(fs_id)

    def add_layer(self, layer):
        """Keep a new (built or committed) fs layer; returns its diff id."""
        diff_id = layer.id
        if diff_id not in self.layers:
            data = layer.to_dict()
            self.layers[diff_id] = LayerRecord(diff_id, layer.size, source={"data": data})
            self._fs[diff_id] = layer
            if layer.committed:
                shared_layers.keep(diff_id, data, layer)
        return diff_id

    def add_catalog_layer(self, catalog_layer):
        """Know a catalog (registry) layer without pulling an image: a build's base layers."""
        self.layers.setdefault(catalog_layer.digest, LayerRecord(
            catalog_layer.digest, catalog_layer.size, digest=catalog_layer.digest,
            source={"catalog": catalog_layer.digest}))
        return catalog_layer.digest

    def hold(self, image, delta, container=None):
        """A container takes (+1) or drops (-1) its image's layers, which outlive a forced rmi."""
        if image is None and container is not None:
            lowers = container.fs.get("lowers", [])
            image = Image("", {}, [d for d in self.layers if self.layer(d).id in lowers], "", 0)
        if image is None:
            return
        for diff_id in self._ref_layers(image, delta):
            if delta < 0:
                self.layers.pop(diff_id, None)
                self._fs.pop(diff_id, None)

    def _ref_layers(self, image, delta):
        removed = []
        for diff_id in image.layers:
            record = self.layers[diff_id]
            record.refs += delta
            if record.refs <= 0:
                removed.append(diff_id)
        return removed

    # --- lookup ----------------------------------------------------------------------------
    def get(self, name):
        """The image a user's reference or ID names, or None."""
        if not name:
            return None
        if name.startswith("sha256:"):
            return self._by_id_prefix(name[7:])
        try:
            familiar = reference.familiar_tagged(name)
        except ValueError:
            familiar = None
        if familiar is not None:
            for image in self.by_id.values():
                if familiar in image.repo_tags or familiar in image.repo_digests:
                    return image
        if set(name) <= HEX and len(name) <= 64:
            return self._by_id_prefix(name)
        return None

    def _by_id_prefix(self, prefix):
        if not prefix or not set(prefix) <= HEX:
            return None
        found = [image for image_id, image in self.by_id.items() if image_id[7:].startswith(prefix)]
        return found[0] if len(found) == 1 else None

    def find(self, name):
        image = self.get(name)
        if image is None:
            raise no_such_image(self.display_name(name))
        return image

    @staticmethod
    def display_name(name):
        """How the daemon names an unknown image in errors: `nosuch:latest`."""
        try:
            return reference.familiar_tagged(name)
        except ValueError:
            return name

    def containers_using(self, image):
        return [c for c in self.engine.containers.all() if c.image_id == image.id]

    def children(self, image):
        return [i for i in self.by_id.values() if i.parent == image.id]

    def list(self):
        """Images newest first, as the daemon sorts them."""
        return sorted(self.by_id.values(), key=lambda i: (parse_timestamp(i.created), i.pulled_at), reverse=True)

    # --- pull ------------------------------------------------------------------------------
    def pull(self, name):
        """Pull `name` from the catalog. Raises DockerError with the registry's answer."""
        ref = reference.parse_normalized_named(name)
        tagged = reference.tag_name_only(ref)
        familiar = tagged.familiar_string()
        domain = ref.domain
        path = ref.path
        if domain != "docker.io" or self.engine.registries.hub_has(path):
            return self.engine.registries.pull(ref)
        entry = catalog.lookup(ref.name, tagged.tag or None, ref.digest or None)
        if entry is None:
            if catalog.tags(ref.name):
                raise NotFound(f"manifest for {familiar} not found: manifest unknown: manifest unknown")
            raise DockerError(f"pull access denied for {ref.familiar_name()}, repository does not exist "
                              "or may require 'docker login': denied: requested access to the resource is denied")
        label = str(ref) if ref.digest else tagged.tag
        repo_digest = f"{ref.familiar_name()}@{entry.digest}"
        messages = [{"id": label, "status": f"Pulling from {path}"}]
        image = self.by_id.get(entry.id)
        up_to_date = image is not None and (familiar in image.repo_tags or familiar in image.repo_digests)
        if not up_to_date:
            messages += self._fetch_layers(entry)
            image = self._store(entry)
        self._add_ref(image, familiar if not ref.digest else None)
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        messages.append({"status": f"Digest: {entry.digest}"})
        word = "Image is up to date" if up_to_date else "Downloaded newer image"
        messages.append({"status": f"Status: {word} for {familiar}"})
        self.engine.events.emit("image", "pull", image.id, {"name": familiar})
        return PullResult(image, familiar, str(tagged), messages, not up_to_date)

    def _fetch_layers(self, entry):
        """The per-layer progress stream of a pull: every status a real pull sends, in order."""
        new = [layer for layer in entry.layers if self.layers.get(layer.digest, LayerRecord("", 0)).refs <= 0]
        messages = []
        for layer in entry.layers:
            layer_id = layer.digest[7:19]
            messages.append({"id": layer_id, "status": "Pulling fs layer" if layer in new else "Already exists"})
        for layer in new:
            layer_id, total = layer.digest[7:19], max(1, layer.size * 2 // 5)
            for part in (1, 2, 4):
                messages.append({"id": layer_id, "status": "Downloading",
                                 "progress": {"current": total * part // 4, "total": total}})
            messages.append({"id": layer_id, "status": "Verifying Checksum"})
            messages.append({"id": layer_id, "status": "Download complete"})
        for layer in new:
            layer_id = layer.digest[7:19]
            for part in (1, 4):
                messages.append({"id": layer_id, "status": "Extracting",
                                 "progress": {"current": layer.size * part // 4, "total": layer.size}})
            messages.append({"id": layer_id, "status": "Pull complete"})
        return messages

    def _store(self, entry):
        image = self.by_id.get(entry.id)
        if image is not None:
            return image
        for layer in entry.layers:
            self.layers.setdefault(layer.digest, LayerRecord(layer.digest, layer.size, digest=layer.digest,
                                                             source={"catalog": layer.digest}))
        image = Image(id=entry.id, config=entry.config, layers=[layer.digest for layer in entry.layers],
                      created=entry.created, size=entry.size, history=list(entry.history),
                      os=entry.os, architecture=entry.architecture, pulled_at=self.engine.clock.now())
        self._ref_layers(image, +1)
        self.by_id[image.id] = image
        return image

    def _add_ref(self, image, familiar):
        """Point a tag at `image`, taking it from whichever image held it."""
        if familiar is None:
            return
        if familiar not in image.repo_tags and sum(len(i.repo_tags) for i in self.by_id.values()) >= MAX_TAGS:
            raise DockerError(f"this lab allows at most {MAX_TAGS} image tags")
        for other in self.by_id.values():
            if other is not image and familiar in other.repo_tags:
                other.repo_tags.remove(familiar)
                if not other.repo_tags:
                    other.repo_digests = [d for d in other.repo_digests
                                          if repository_of(d) != repository_of(familiar)]
        if familiar not in image.repo_tags:
            image.repo_tags.append(familiar)

    # --- create (build, commit, import) ----------------------------------------------------
    def create(self, config, layers, history, created, tags=(), parent="", comment="", author=""):
        """Register an image made here from fs Layers or the diff ids of layers already known
        (base first); returns the Image."""
        diff_ids = [layer if isinstance(layer, str) else self.add_layer(layer) for layer in layers]
        body = {"architecture": "amd64", "config": config, "created": created, "history": history,
                "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}
        image_id = config_digest(body)
        image = self.by_id.get(image_id)
        if image is None:
            image = Image(id=image_id, config=config, layers=diff_ids, created=created,
                          size=sum(self.layers[d].size for d in diff_ids), history=history, parent=parent,
                          comment=comment, author=author, pulled_at=self.engine.clock.now())
            self._ref_layers(image, +1)
            self.by_id[image_id] = image
        for tag in tags:
            self.tag(image.id, tag)
        return image

    def tag(self, source, target):
        image = self.find(source)
        ref = reference.parse_normalized_named(target)
        if ref.digest:
            raise InvalidParameter("refusing to create a tag with a digest reference")
        familiar = reference.tag_name_only(ref).familiar_string()
        self._add_ref(image, familiar)
        image.last_tag_time = timestamp(self.engine.clock.now())    # moby TagImage: SetLastUpdated
        self.engine.events.emit("image", "tag", image.id, {"name": familiar})
        return image

    # --- remove ----------------------------------------------------------------------------
    def remove(self, name, force=False, prune=True):
        """`docker rmi`: the records [("Untagged"|"Deleted", text)], or a DockerError."""
        image = self.find(name)
        records = []
        by_id = name.startswith("sha256:") or (set(name) <= HEX and image.id[7:].startswith(name))
        refs = image.repo_tags + image.repo_digests
        if not by_id:
            familiar = self.display_name(name)
            users = self.containers_using(image)
            if not force and self._single_reference(refs) and users:
                raise Conflict(f'conflict: unable to remove repository reference "{name}" (must force) - '
                               f"container {users[0].short_id} is using its referenced image {short(image.id)}")
            self._untag(image, familiar, records)
            if "@" not in familiar and not any(repository_of(t) == repository_of(familiar) for t in image.repo_tags):
                for digest in [d for d in image.repo_digests if repository_of(d) == repository_of(familiar)]:
                    self._untag(image, digest, records)
            if image.repo_tags or image.repo_digests:
                return records
            self._delete(image, records, force, prune, quiet=True)
            return records
        if self._single_reference(refs):
            self._check_conflict(image, soft=not force, references=False)
            for ref in list(refs):
                self._untag(image, ref, records)
        self._delete(image, records, force, prune, quiet=False)
        return records

    @staticmethod
    def _single_reference(refs):
        if len(refs) <= 1:
            return len(refs) == 1
        tags = [r for r in refs if "@" not in r]
        if len(tags) > 1:
            return False
        repos = {repository_of(r) for r in refs}
        single = tags[0] if tags else refs[0]
        return len(repos) == 1 and repository_of(single) in repos

    def _untag(self, image, ref, records):
        if ref in image.repo_tags:
            image.repo_tags.remove(ref)
        if ref in image.repo_digests:
            image.repo_digests.remove(ref)
        records.append(("Untagged", ref))
        self.engine.events.emit("image", "untag", image.id, {"name": image.id})

    def _conflict(self, image, soft, references=True):
        """The first delete conflict of moby's checkImageDeleteConflict, as (message, hard, used)."""
        if self.children(image):
            return "image has dependent child images", True, False
        running = [c for c in self.containers_using(image) if c.running]
        if running:
            return f"image is being used by running container {running[0].short_id}", True, True
        if soft and references and (image.repo_tags or image.repo_digests):
            return "image is referenced in multiple repositories", False, False
        stopped = [c for c in self.containers_using(image) if not c.running]
        if soft and stopped:
            return f"image is being used by stopped container {stopped[0].short_id}", False, True
        return None

    def _check_conflict(self, image, soft, references=True):
        found = self._conflict(image, soft, references)
        if found:
            message, hard, _ = found
            forced = "cannot be forced" if hard else "must be forced"
            raise Conflict(f"conflict: unable to delete {short(image.id)} ({forced}) - {message}")

    def _delete(self, image, records, force, prune, quiet):
        found = self._conflict(image, soft=not force)
        if found:
            _, _, used = found
            if quiet and (image.repo_tags or used or not self._dangling(image)):
                return
            self._check_conflict(image, soft=not force)
        for ref in image.repo_tags + image.repo_digests:
            self._untag(image, ref, records)
        del self.by_id[image.id]
        records.append(("Deleted", image.id))
        removed = set(self._ref_layers(image, -1))
        for diff_id, chain in zip(image.layers, chain_ids(image.layers)):
            if diff_id in removed:
                records.append(("Deleted", chain))
        for diff_id in removed:
            self.layers.pop(diff_id, None)
            self._fs.pop(diff_id, None)
        self.engine.events.emit("image", "delete", image.id, {"name": image.id})
        parent = self.by_id.get(image.parent)
        if prune and parent is not None and not parent.repo_tags and not self.children(parent):
            self._delete(parent, records, False, True, quiet=True)

    @staticmethod
    def _dangling(image):
        return not image.repo_tags and not image.repo_digests

    # --- prune -----------------------------------------------------------------------------
    def prune(self, all_images=False, keep=lambda image: False):
        """Remove dangling (or, with all_images, unused) images; returns (records, bytes reclaimed)."""
        records, reclaimed = [], 0
        for image in self.list():
            if image.id not in self.by_id or keep(image) or self.containers_using(image):
                continue
            if not all_images and not self._dangling(image):
                continue
            if self.children(image):
                continue
            before = {diff_id: record.size for diff_id, record in self.layers.items()}
            for ref in image.repo_tags + image.repo_digests:
                self._untag(image, ref, records)
            self._delete(image, records, force=False, prune=True, quiet=True)
            reclaimed += sum(size for diff_id, size in before.items() if diff_id not in self.layers)
        return records, reclaimed

    # --- serialisation ---------------------------------------------------------------------
    def to_dict(self, layer_data=True):
        """Without layer_data, layers are saved by id only, for a fork that shares them
        (share_layers)."""
        layers = dump(self.layers)
        if not layer_data:
            layers = {diff_id: {**record, "source": {}} for diff_id, record in layers.items()}
        return {"images": dump(self.by_id), "layers": layers}

    def share_layers(self, original):
        """A fork's layers are its original's (to_dict(layer_data=False) left them out): one
        object serves both, as a committed layer never changes."""
        for diff_id, record in self.layers.items():
            record.source = original.layers[diff_id].source
            layer = original.layer(diff_id)
            if layer.committed:
                self._fs[diff_id] = layer

    def load(self, data):
        self.by_id = load(Image, data["images"])
        self.layers = load(LayerRecord, data["layers"])
        self._fs = {}
