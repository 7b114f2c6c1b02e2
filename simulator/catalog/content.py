"""Builds a catalog layer's files from the file sets in files.yaml.

A file set maps paths to entries; an entry is either text (a 0644 file) or a mapping with any of
  text | source (a file under content/) | size (a marker without data), mode (octal), uid, gid,
  program (the simulated program it runs), link (a symlink target), dir: true.
`include` pulls in other sets; `vars` fill ${name} in the paths, link targets and inline texts
of the set and of what it includes; `applets` makes one symlink per name to a multi-call binary,
`{binary: {dir: [name, ...]}}`; `programs` lists executables tagged with their own names,
`{dir: [name, ...]}`.
"""
import functools
import posixpath
import string
from pathlib import Path

import yaml

from ..fs.nodes import Dir, File, Layer, Symlink
from .loader import LOADER

HERE = Path(__file__).parent
PROGRAM_SIZE = 60_000      # declared size of a small executable with no size of its own


@functools.cache
def file_sets() -> dict:
    return yaml.load((HERE / "files.yaml").read_text(), Loader=LOADER)


def entries(name, variables=None, seen=()):
    """path -> Node for the file set `name` and everything it includes."""
    if name in seen:
        raise ValueError(f"file set {name} includes itself")
    spec = file_sets()[name]
    variables = {**spec.get("vars", {}), **(variables or {})}
    nodes = {}
    for included in spec.get("include", ()):
        nodes.update(entries(included, variables, seen + (name,)))
    for target, dirs in (spec.get("applets") or {}).items():
        for directory, names in dirs.items():
            for applet in flatten(names):
                nodes[posixpath.join(directory, applet)] = Symlink(target)
    for directory, names in (spec.get("programs") or {}).items():
        for prog in flatten(names):
            nodes[posixpath.join(directory, prog)] = File(mode=0o755, program=prog, size=PROGRAM_SIZE)
    for path, entry in (spec.get("files") or {}).items():
        nodes[fill(path, variables)] = node(entry, variables)
    return nodes


def fill(text, variables):
    return string.Template(text).safe_substitute(variables)


def flatten(names):
    """Name lists may nest (YAML aliases of shared lists inside a list)."""
    for name in names:
        yield from (flatten(name) if isinstance(name, list) else (name,))


def node(entry, variables):
    if isinstance(entry, str):
        entry = {"text": entry}
    owner = {"uid": entry.get("uid", 0), "gid": entry.get("gid", 0)}
    if entry.get("dir"):
        return Dir(mode=entry.get("mode", 0o755), **owner)
    if "link" in entry:
        return Symlink(fill(entry["link"], variables), **owner)
    if "source" in entry:
        text = (HERE / "content" / entry["source"]).read_text()
    else:
        text = fill(entry.get("text", ""), variables)
    default_mode = 0o755 if "program" in entry else 0o644
    return File(data=text.encode(), mode=entry.get("mode", default_mode), program=entry.get("program"),
                size=entry.get("size"), **owner)


def with_parents(nodes):
    """Every directory above an entry exists in the layer (as Docker's tar layers hold them)."""
    full = dict(nodes)
    for path in nodes:
        parent = posixpath.dirname(path)
        while parent not in full:
            full[parent] = Dir()
            parent = posixpath.dirname(parent)
    return full


@functools.cache
def build_layer(layer) -> Layer:
    nodes = {}
    for name in layer.files:
        nodes.update(entries(name))
    return Layer(with_parents(nodes))
