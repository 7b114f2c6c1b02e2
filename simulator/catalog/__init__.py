"""The simulated Docker Hub: images as data (images/*.yaml, files.yaml), read once and cached.

lookup() finds an image by repository and tag or digest, tags() lists a repository's tags and
search() answers `docker search`. See docs/catalog.md.
"""
import copy
import dataclasses
from pathlib import Path
from typing import Optional

from .loader import catalog, familiar_name, full_name
from .model import CatalogImage, CatalogLayer

__all__ = ["CatalogImage", "CatalogLayer", "layer", "lookup", "packaged_file", "search", "tags"]


def lookup(repository: str, tag: Optional[str] = None,
           digest: Optional[str] = None) -> Optional[CatalogImage]:
    """The image `repository:tag` (tag defaults to latest) or `repository@digest`; None if unknown."""
    repo = catalog().repos.get(full_name(repository))
    if repo is None:
        return None
    if digest is not None:
        image = next((i for i in repo["tags"].values() if i.digest == digest), None)
    else:
        image = repo["tags"].get(tag or "latest")
    if image is None:
        return None
    return dataclasses.replace(image, config=copy.deepcopy(image.config),
                               tag=None if digest is not None and tag is None else tag or "latest")


def tags(repository: str) -> list:
    repo = catalog().repos.get(full_name(repository))
    return sorted(repo["tags"]) if repo else []


def search(term: str) -> list:
    """(name, description, stars, official) of repositories whose name or description holds term,
    the closest names first, then by stars as Docker Hub ranks them."""
    term = term.lower()
    found = [(familiar_name(name), repo["description"], repo["stars"], repo["official"])
             for name, repo in catalog().repos.items()
             if term in familiar_name(name) or term in repo["description"].lower()]
    return sorted(found, key=lambda hit: (hit[0] != term, term not in hit[0], -hit[2], hit[0]))


def packaged_file(name: str) -> str:
    """A file as an image ships it (content/<name>), for programs that compare against it."""
    return (Path(__file__).parent / "content" / name).read_text()


def layer(digest: str) -> Optional[CatalogLayer]:
    """The catalog layer with this digest (what a stored image refers to after a reload)."""
    return catalog().by_digest.get(digest)
