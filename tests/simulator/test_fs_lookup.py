"""Path lookups step down one directory at a time: what each step leaves visible below it
(opaque directories, whiteouts, mounts) decides the next step."""
import pytest

from simulator.fs import WHITEOUT, Dir, File, FileSystem, FSError, Layer, Symlink


def stacked():
    base = Layer({"/": Dir(), "/a": Dir(), "/a/b": Dir(), "/a/b/old": File(b"base"),
                  "/a/b/c": Dir(), "/a/b/c/deep": File(b"base deep"), "/gone": Dir(), "/gone/x": File(b"x")})
    middle = Layer({"/a/b": Dir(opaque=True), "/a/b/c": Dir(), "/a/b/c/new": File(b"middle"),
                    "/gone": WHITEOUT})
    return FileSystem([base, middle])


def test_an_opaque_directory_hides_what_lies_below_it_at_every_depth():
    fs = stacked()
    assert fs.read("/a/b/c/new") == b"middle"
    assert not fs.exists("/a/b/c/deep") and not fs.exists("/a/b/old")
    assert fs.listdir("/a/b/c") == ["new"]


def test_a_whited_out_directory_hides_its_children():
    fs = stacked()
    with pytest.raises(FSError) as raised:
        fs.read("/gone/x")
    assert raised.value.code == "ENOENT"


def test_lookups_cross_mounts_and_symlinks():
    fs = stacked()
    volume = FileSystem([Layer({"/": Dir(), "/data": Dir(), "/data/f": File(b"vol"),
                                "/data/up": Symlink("/a/b/c")})])
    fs.mkdir("/mnt")
    fs.mount("/mnt", volume, subpath="/data")
    assert fs.read("/mnt/f") == b"vol"
    assert fs.read("/mnt/up/new") == b"middle"
    assert fs.realpath("/mnt/up/new") == "/a/b/c/new"
    with pytest.raises(FSError) as raised:
        fs.read("/mnt/f/more")
    assert raised.value.code == "ENOTDIR"
