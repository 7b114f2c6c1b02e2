import pytest

from simulator.clock import Clock
from simulator.fs import WHITEOUT, Dir, File, FileSystem, FSError, Layer, Symlink
from simulator.limits import MAX_FILE


def base_layer():
    return Layer({"/": Dir(), "/etc": Dir(), "/etc/hostname": File(b"base\n"),
                  "/bin": Dir(), "/bin/busybox": File(mode=0o755, program="busybox", size=1_000_000),
                  "/bin/sh": Symlink("/bin/busybox"), "/data": Dir(), "/data/a": File(b"a")})


def test_layer_is_content_addressed_and_immutable():
    one, two = base_layer(), base_layer()
    assert one.id == two.id and one.id.startswith("sha256:") and len(one.id) == 71
    assert one.size == 1_000_006
    with pytest.raises(ValueError):
        one.put("/x", File(b""))


def test_overlay_read_write_and_copy_up():
    layer = base_layer()
    fs = FileSystem([layer])
    assert fs.read("/etc/hostname") == b"base\n"
    fs.write("/etc/hostname", "web\n")
    assert fs.read_text("/etc/hostname") == "web\n"
    assert layer.entries["/etc/hostname"].data == b"base\n"
    assert fs.stat("/bin/sh").program == "busybox"
    assert fs.lstat("/bin/sh").kind == "symlink"
    assert fs.stat("/bin/busybox").size == 1_000_000


def test_deleting_a_lower_entry_leaves_a_whiteout():
    fs = FileSystem([base_layer()])
    fs.remove("/etc/hostname")
    assert not fs.exists("/etc/hostname")
    assert fs.upper.entries["/etc/hostname"] is WHITEOUT
    assert fs.listdir("/etc") == []
    fs.write("/etc/hostname", "again")
    assert fs.read("/etc/hostname") == b"again"


def test_recreated_directory_hides_lower_children():
    fs = FileSystem([base_layer()])
    fs.rmtree("/data")
    assert not fs.exists("/data/a")
    fs.mkdir("/data")
    assert fs.listdir("/data") == []
    assert not fs.exists("/data/a")


def test_diff_reports_added_changed_deleted():
    fs = FileSystem([base_layer()])
    fs.mkdir("/tmp")
    fs.write("/tmp/x", "1")
    fs.write("/etc/hostname", "2")
    fs.remove("/data/a")
    assert fs.diff() == [("A", "/tmp"), ("A", "/tmp/x"), ("C", "/data"), ("C", "/etc"),
                         ("C", "/etc/hostname"), ("D", "/data/a")]


def test_errors_carry_c_library_text():
    fs = FileSystem([base_layer()])
    cases = [(lambda: fs.read("/nope"), "ENOENT", "No such file or directory"),
             (lambda: fs.read("/etc"), "EISDIR", "Is a directory"),
             (lambda: fs.mkdir("/etc"), "EEXIST", "File exists"),
             (lambda: fs.read("/etc/hostname/x"), "ENOTDIR", "Not a directory"),
             (lambda: fs.rmdir("/data"), "ENOTEMPTY", "Directory not empty"),
             (lambda: fs.write("/no/such/file", "x"), "ENOENT", "No such file or directory")]
    for action, code, text in cases:
        with pytest.raises(FSError) as err:
            action()
        assert err.value.code == code and str(err.value) == text


def test_symlink_loops_are_bounded():
    fs = FileSystem()
    fs.symlink("/b", "/a")
    fs.symlink("/a", "/b")
    with pytest.raises(FSError) as err:
        fs.read("/a")
    assert str(err.value) == "Too many levels of symbolic links"


def test_relative_symlink_and_realpath():
    fs = FileSystem([base_layer()])
    fs.symlink("../etc", "/data/link")
    assert fs.realpath("/data/link/hostname") == "/etc/hostname"
    assert fs.read("/data/link/hostname") == b"base\n"


def test_mounts_volume_readonly_and_listing():
    fs = FileSystem([base_layer()])
    volume = FileSystem()
    fs.mkdir("/app")
    fs.mount("/app", volume, kind="volume", source={"kind": "volume", "name": "v"})
    fs.write("/app/note", "hi")
    assert volume.read("/note") == b"hi"
    assert fs.listdir("/app") == ["note"]
    assert "/note" not in fs.upper.entries and "/app/note" not in fs.upper.entries
    fs.mount("/ro", volume, readonly=True)
    assert "ro" in fs.listdir("/")
    assert fs.read("/ro/note") == b"hi"
    with pytest.raises(FSError) as err:
        fs.write("/ro/x", "1")
    assert str(err.value) == "Read-only file system"


def test_bind_mount_of_a_subpath():
    host = FileSystem()
    host.mkdir("/opt/data", parents=True)
    host.write("/opt/data/f.txt", "from host")
    fs = FileSystem()
    fs.mkdir("/data")
    fs.mount("/data", host, subpath="/opt/data")
    assert fs.read("/data/f.txt") == b"from host"
    fs.write("/data/g", "x")
    assert host.read("/opt/data/g") == b"x"


def test_limits():
    fs = FileSystem()
    with pytest.raises(FSError) as err:
        fs.write("/big", b"x" * (MAX_FILE + 1))
    assert str(err.value) == "File too large"
    for i in range(4):
        fs.write(f"/f{i}", b"x" * MAX_FILE)
    with pytest.raises(FSError) as err:
        fs.write("/f5", b"x")
    assert str(err.value) == "No space left on device"


def test_round_trip_with_layers_and_mounts():
    layer = base_layer()
    volume = FileSystem()
    fs = FileSystem([layer], clock=Clock(frozen=100.0))
    fs.write("/bin.dat", bytes(range(256)))
    fs.remove("/etc/hostname")
    fs.mkdir("/v")
    fs.mount("/v", volume, kind="volume", source={"kind": "volume", "name": "data"})
    fs.mkdir("/t")
    fs.mount("/t", FileSystem(), kind="tmpfs")
    fs.write("/t/x", "tmp")
    data = fs.to_dict()
    assert data["lowers"] == [layer.id]
    back = FileSystem.from_dict(data, layers={layer.id: layer}.get,
                                mounts=lambda key: volume if key == {"kind": "volume", "name": "data"} else None)
    assert back.read("/bin.dat") == bytes(range(256))
    assert not back.exists("/etc/hostname")
    assert back.mounts["/v"].fs is volume
    assert back.read("/t/x") == b"tmp"
    assert back.stat("/bin.dat").mtime == 100.0
    pending = FileSystem.from_dict(data, layers={layer.id: layer}.get)
    assert [m["source"] for m in pending.pending_mounts] == [{"kind": "volume", "name": "data"}]


def test_commit_snapshots_upper_and_stacks():
    fs = FileSystem([base_layer()])
    fs.write("/new", "n")
    layer = fs.commit()
    fs.write("/later", "l")
    child = FileSystem([base_layer(), layer])
    assert child.read("/new") == b"n" and not child.exists("/later")


def test_rename_copy_chmod_walk():
    fs = FileSystem([base_layer()])
    fs.rename("/data", "/moved")
    assert fs.read("/moved/a") == b"a" and not fs.exists("/data")
    fs.copy("/bin/busybox", "/usr-busybox")
    assert fs.stat("/usr-busybox").program == "busybox"
    fs.chmod("/moved/a", 0o600)
    assert fs.stat("/moved/a").mode == 0o600
    assert [d for d, _, _ in fs.walk("/")] == ["/", "/bin", "/etc", "/moved"]
