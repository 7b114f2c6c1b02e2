"""What the catalog hands out: an image as a registry would describe it, and its layers."""
import hashlib
import json
from dataclasses import dataclass, field
from typing import Optional


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class CatalogLayer:
    digest: str                      # sha256:<64 hex>, the same wherever the layer is shared
    size: int                        # uncompressed bytes, as `docker images` adds them up
    files: tuple = ()                # names of file sets (files.yaml) this layer holds

    def build(self):
        """The layer's filesystem content as a simulator.fs Layer (built once, then cached)."""
        from .content import build_layer
        return build_layer(self)


@dataclass
class CatalogImage:
    repository: str                  # docker.io/library/nginx
    tag: Optional[str]
    digest: str                      # manifest digest of this tag
    config: dict                     # Docker's key names: Env, Cmd, Entrypoint, ExposedPorts, ...
    created: str                     # RFC3339
    layers: list                     # CatalogLayer, base first
    history: list                    # {created, created_by, empty_layer, comment}
    os: str = "linux"
    architecture: str = "amd64"
    aliases: list = field(default_factory=list)   # every tag naming this same manifest

    @property
    def size(self) -> int:
        return sum(layer.size for layer in self.layers)

    @property
    def id(self) -> str:
        """The image ID: the digest of its config, stable for the same image content."""
        body = {"architecture": self.architecture, "config": self.config, "created": self.created,
                "history": self.history, "os": self.os,
                "rootfs": {"type": "layers", "diff_ids": [layer.digest for layer in self.layers]}}
        return sha256(json.dumps(body, sort_keys=True, separators=(",", ":")))
