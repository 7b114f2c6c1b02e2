"""Reads the catalog's YAML data once: repositories, their tags, layers and history."""
import functools
from pathlib import Path

import yaml

from .model import CatalogImage, CatalogLayer, sha256

DATA = Path(__file__).parent
DEFAULT_COMMENT = "buildkit.dockerfile.v0"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml's parser when PyYAML has it


def full_name(repository: str) -> str:
    """docker.io/library/nginx for nginx; other registries' names are left as they are."""
    first = repository.split("/", 1)[0]
    if "/" not in repository:
        return "docker.io/library/" + repository
    if "." in first or ":" in first or first == "localhost":
        return repository
    return "docker.io/" + repository


def familiar_name(repository: str) -> str:
    return repository.removeprefix("docker.io/").removeprefix("library/")


class Catalog:
    """Every repository of the simulated Docker Hub, indexed by full name and tag."""

    def __init__(self, files):
        self.repos = {}        # full name -> {"description", "stars", "official", "tags": {tag: image}}
        self.layers = {}       # key -> CatalogLayer
        documents = [yaml.load(path.read_text(), Loader=LOADER) for path in files]
        for doc in documents:
            for key, spec in (doc.get("layers") or {}).items():
                if key in self.layers:
                    raise ValueError(f"layer {key} defined twice")
                self.layers[key] = CatalogLayer(sha256("layer:" + key), int(spec["size"]),
                                                tuple(spec.get("files", ())))
        self.by_digest = {layer.digest: layer for layer in self.layers.values()}
        pending = [(full_name(doc["repository"]), doc, image) for doc in documents
                   for image in doc["images"]]
        for name, doc, _ in pending:
            self.repos.setdefault(name, {"description": doc.get("description", ""),
                                         "stars": doc.get("stars", 0),
                                         "official": doc.get("official", False), "tags": {}})
        # Images may be built FROM one defined in a later file: resolve until nothing is left.
        while pending:
            waiting = [entry for entry in pending if not self._add(*entry)]
            if len(waiting) == len(pending):
                raise ValueError("unresolvable base images: "
                                 + ", ".join(f"{n}:{i['tags'][0]}" for n, _, i in waiting))
            pending = waiting

    def _add(self, name, doc, spec):
        layers, history = [], []
        if "from" in spec:
            base_repo, _, base_tag = spec["from"].partition(":")
            base = self.repos.get(full_name(base_repo), {"tags": {}})["tags"].get(base_tag or "latest")
            if base is None:
                return False
            layers, history = list(base.layers), list(base.history)
        created = str(spec["created"])
        comment = spec.get("comment", doc.get("comment", DEFAULT_COMMENT))
        for step in spec.get("history", ()):
            step = {"by": step} if isinstance(step, str) else step
            history.append({"created": str(step.get("created", created)), "created_by": step["by"],
                            "empty_layer": "layer" not in step,
                            "comment": step.get("comment", comment)})
            if "layer" in step:
                layers.append(self.layers[step["layer"]])
        tags = [str(tag) for tag in spec["tags"]]
        image = CatalogImage(repository=name, tag=tags[0], digest=sha256(f"manifest:{name}:{tags[0]}"),
                             config=spec.get("config", {}), created=created, layers=layers,
                             history=history, aliases=tags)
        for tag in tags:
            self.repos[name]["tags"][tag] = image
        return True


@functools.cache
def catalog() -> Catalog:
    return Catalog(sorted((DATA / "images").glob("*.yaml")))
