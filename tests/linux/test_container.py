"""The low-level runtime on real namespaces and cgroups: isolation, limits, exec, volumes,
failures and clean-up."""
import os
import signal
import time

import pytest

from simulator import Session
from simulator.runtime.linux import container, rootfs, syscalls
from simulator.runtime.linux.container import HOST_ID_BASE, Mount, Spec, StartError
from simulator.runtime.linux.reaper import reap, scratch

PATH = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


@pytest.fixture(scope="module")
def busybox():
    session = Session(seed=0)
    session.run("docker pull busybox")
    return session.engine.images.fs_layers(session.engine.images.find("busybox"))


@pytest.fixture
def run(runtime_root, busybox):
    """run(argv, **spec) -> (status, stdout, stderr) of a container run to its end and removed."""
    counter = iter(range(1000))
    scratch(runtime_root, "256m")

    def start(argv, **options):
        lowers = [rootfs.layer_dir(runtime_root, layer) for layer in busybox]
        spec = Spec(id=f"c{next(counter):03d}" + "0" * 60, lowers=lowers, argv=argv,
                    env={**PATH, **options.pop("env", {})}, **options)
        return container.start(runtime_root, spec)

    def run(argv, **options):
        handle = start(argv, **options)
        status = handle.wait(20)
        logs = handle.logs()
        handle.remove()
        return (status, "".join(t for _, s, t in logs if s == "stdout"),
                "".join(t for _, s, t in logs if s == "stderr"))

    run.start = start
    return run


def sh(script):
    return ["sh", "-c", script]


# --- isolation --------------------------------------------------------------------------------
def test_the_command_is_pid_1_and_sees_only_its_own_processes(run):
    status, out, _ = run(sh("echo $$; ps -o pid,comm > /tmp/ps; cat /tmp/ps"))
    lines = out.splitlines()
    assert (status["exit_code"], lines[:3], len(lines)) == (0, ["1", "PID   COMMAND", "    1 sh"], 4)
    assert lines[3].endswith(" ps")


def test_hostname_is_its_own(run):
    _, out, _ = run(["hostname"], hostname="d41d8cd98f00")
    assert out == "d41d8cd98f00\n"


def test_host_files_are_invisible(run, tmp_path):
    marker = "/tmp/slipway-host-marker"
    with open(marker, "w") as f:
        f.write("host")
    try:
        _, out, _ = run(sh(f"ls /; test -e {marker} || echo no marker; test -e /work || echo no /work"))
    finally:
        os.remove(marker)
    assert out == "bin\ndev\netc\nhome\nlib\nproc\nroot\nsys\ntmp\nusr\nvar\nno marker\nno /work\n"


def test_container_root_is_an_unprivileged_host_user(run, tmp_path):
    volume = tmp_path / "volume"
    volume.mkdir()
    os.chown(volume, HOST_ID_BASE, HOST_ID_BASE)
    status, out, _ = run(sh("id; touch /data/made-inside; cat /proc/self/uid_map"),
                         mounts=[Mount("/data", str(volume))])
    assert out == f"uid=0(root) gid=0(root) groups=0(root)\n         0     {HOST_ID_BASE}      65536\n"
    made = os.stat(volume / "made-inside")
    assert (made.st_uid, made.st_gid) == (HOST_ID_BASE, HOST_ID_BASE)


def test_root_keeps_only_dockers_default_capabilities_and_no_new_privileges(run):
    _, out, _ = run(sh("grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status"))
    seccomp = "2" if syscalls.libseccomp else "0"
    assert out == (f"CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\nNoNewPrivs:\t1\n"
                   f"Seccomp:\t{seccomp}\n")


def test_another_user_has_no_capabilities_and_the_same_bounding_set(run):
    _, out, _ = run(sh("grep -E '^(CapEff|CapBnd):' /proc/self/status"), uid=65534, gid=65534)
    assert out == "CapEff:\t0000000000000000\nCapBnd:\t00000000a80425fb\n"


@pytest.mark.skipif(syscalls.libseccomp is None, reason="libseccomp is not installed")
def test_seccomp_refuses_new_user_namespaces_and_mounts(run):
    status, _, err = run(sh("unshare -U true; mount -t tmpfs none /mnt"))
    assert err == ("unshare: unshare(0x10000000): Operation not permitted\n"
                   "mount: permission denied (are you root?)\n")
    assert status["exit_code"] != 0


def test_no_network_but_loopback(run):
    status, out, err = run(sh("ls /sys/class/net; ip -o -4 addr; nc -w 1 10.0.0.1 80"))
    assert out == "lo\n1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
    assert err == "nc: can't connect to remote host (10.0.0.1): Network is unreachable\n"
    assert status["exit_code"] == 1


def test_environment_working_directory_and_user(run):
    _, out, _ = run(sh("pwd; id; echo $GREETING"), cwd="/srv/app", uid=65534, gid=65534,
                    env={"GREETING": "hello"})
    assert out == "/srv/app\nuid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\nhello\n"


def test_stdin_and_stderr_are_separate_streams(run):
    status, out, err = run(sh("cat; echo oops >&2; exit 3"), stdin=b"typed\n")
    assert (status["exit_code"], out, err) == (3, "typed\n", "oops\n")


def test_writes_stay_in_the_container_layer(run, runtime_root, busybox):
    lower = rootfs.layer_dir(runtime_root, busybox[0])
    run(sh("echo changed > /etc/motd; rm /bin/ls"))
    assert not os.path.exists(os.path.join(lower, "etc/motd"))
    assert os.path.exists(os.path.join(lower, "bin/ls"))


# --- limits -----------------------------------------------------------------------------------
def test_memory_limit_kills_with_137_and_oom_killed(run):
    status, _, _ = run(["tail", "/dev/zero"], memory=16 * 1024 * 1024)
    assert (status["exit_code"], status["oom_killed"]) == (137, True)


def test_pids_limit_stops_forks(run):
    status, out, err = run(sh("for i in 1 2 3 4 5 6; do sleep 2 & done; echo started"), pids=4)
    assert "can't fork" in err
    assert status["exit_code"] == 2


def test_wall_clock_limit(run):
    status, _, _ = run(["sleep", "30"], timeout=0.3)
    assert (status["exit_code"], status["timed_out"]) == (137, True)


# --- signals and exec -------------------------------------------------------------------------
def test_pid_1_without_a_handler_ignores_sigterm_but_not_sigkill(run):
    handle = run.start(["sleep", "30"])
    handle.signal(signal.SIGTERM)
    assert handle.wait(0.3) is None
    handle.signal(signal.SIGKILL)
    assert handle.wait(5)["exit_code"] == 137
    handle.remove()


def test_a_trapped_sigterm_ends_the_process_its_way(run):
    handle = run.start(sh("trap 'echo bye; exit 7' TERM; while true; do sleep 0.05; done"))
    handle.exec(["true"], PATH)          # returns once the trap is surely installed
    handle.signal(signal.SIGTERM)
    assert handle.wait(5)["exit_code"] == 7
    assert [t for _, _, t in handle.logs()] == ["bye\n"]
    handle.remove()


def test_exec_joins_the_running_container(run):
    handle = run.start(["sleep", "30"], hostname="c0ffee000000")
    code, output = handle.exec(sh("hostname; ps -o pid,comm | grep sleep; id -u"), PATH)
    assert (code, output) == (0, [("stdout", "c0ffee000000\n    1 sleep\n0\n")])
    code, output = handle.exec(sh("exit 4"), PATH, uid=65534)
    assert code == 4
    with pytest.raises(StartError) as failure:
        handle.exec(["nosuch"], PATH)
    assert (failure.value.exit_code, failure.value.detail) == (
        127, 'exec: "nosuch": executable file not found in $PATH')
    handle.remove()


def test_pause_freezes_every_process_until_unpaused(run):
    handle = run.start(sh("while true; do echo tick; sleep 0.05; done"))
    handle.exec(["true"], PATH)
    handle.pause()
    time.sleep(0.1)                     # a tick already under way lands
    ticks = len(handle.logs())
    time.sleep(0.3)
    assert len(handle.logs()) == ticks
    handle.pause(False)
    time.sleep(0.3)
    assert len(handle.logs()) > ticks
    handle.pause()
    handle.signal(signal.SIGKILL)       # thaws first: a frozen process would not die
    assert handle.wait(5)["exit_code"] == 137
    handle.remove()


# --- start failures ---------------------------------------------------------------------------
@pytest.mark.parametrize("argv, code, detail", [
    (["nosuch"], 127, 'exec: "nosuch": executable file not found in $PATH'),
    (["/nosuch"], 127, 'exec: "/nosuch": stat /nosuch: no such file or directory'),
    (["/etc/passwd"], 126, 'exec: "/etc/passwd": permission denied'),
])
def test_start_failures_in_runcs_words(run, argv, code, detail):
    with pytest.raises(StartError) as failure:
        run(argv)
    assert (failure.value.exit_code, failure.value.detail) == (code, detail)


# --- volumes ----------------------------------------------------------------------------------
def test_volumes_readonly_binds_and_tmpfs(run, tmp_path):
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    config.mkdir()
    (config / "app.conf").write_text("mode=ro\n")
    os.chown(data, HOST_ID_BASE, HOST_ID_BASE)
    _, out, err = run(sh("echo kept > /data/file; cat /config/app.conf; echo x > /config/new; "
                         "echo scratch > /scratch/f && cat /scratch/f"),
                      mounts=[Mount("/data", str(data)), Mount("/config", str(config), readonly=True),
                              Mount("/scratch")])
    assert (data / "file").read_text() == "kept\n"
    assert out == "mode=ro\nscratch\n"
    assert err == "sh: can't create /config/new: Read-only file system\n"


def test_read_only_root(run):
    _, _, err = run(sh("touch /etc/x"), readonly_rootfs=True)
    assert err == "touch: /etc/x: Read-only file system\n"


# --- clean-up ---------------------------------------------------------------------------------
def test_remove_leaves_nothing(run, runtime_root):
    handle = run.start(["sleep", "30"])
    handle.remove()
    assert os.listdir(os.path.join(runtime_root, "containers")) == []
    assert handle.status()["exit_code"] == 137
    assert container.Handle(runtime_root, handle.id).status() is None       # nothing on disk


def test_reaper_cleans_up_after_a_crashed_shim(run, runtime_root):
    handle = run.start(["sleep", "30"])
    os.kill(container.read_pid(handle.paths.shim_pid), signal.SIGKILL)
    assert handle.wait(5)["exit_code"] == 137      # the init dies with its shim
    assert reap(runtime_root) == [handle.id]


def test_the_container_sees_its_own_cgroup_as_the_root(run):
    _, out, _ = run(["cat", "/proc/self/cgroup"])
    assert all(line.endswith(":/") for line in out.splitlines())


def test_image_symlinks_cannot_reach_the_host(run, runtime_root, busybox, tmp_path):
    """A mount point, working directory or layer entry behind a symlink stays inside the root."""
    from simulator.fs.nodes import File, Layer, Symlink, WHITEOUT
    outside = tmp_path / "outside"
    trap = Layer({"/escape": Symlink(str(outside)), "/escape/planted": File(b"x"),
                  "/escape/gone": WHITEOUT, "/vol": Symlink(str(outside / "vol"))})
    lowers = [rootfs.layer_dir(runtime_root, layer) for layer in busybox + [trap]]
    spec = Spec(id="e" * 64, lowers=lowers, argv=["sh", "-c", "pwd; ls /escape /vol"], env=PATH,
                cwd="/escape/work", mounts=[Mount("/vol/data")])
    handle = container.start(runtime_root, spec)
    status = handle.wait(20)
    logs = [text for _, _, text in handle.logs()]
    handle.remove()
    assert not os.path.exists(outside)
    assert status["exit_code"] == 0
    assert "".join(logs) == f"{outside}/work\n/escape:\nvol\nwork\n\n/vol:\ndata\n"
