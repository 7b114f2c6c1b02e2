"""A container's /dev: Docker's tmpfs with runc's device nodes, outside the container layer."""
import pytest

from simulator import Session

from session_harness import outcome as run, pulled

DEV = "core\nfd\nfull\nmqueue\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n"


@pytest.fixture
def session():
    return pulled("alpine")


def test_a_container_has_the_device_nodes_and_links(session):
    assert run(session, "docker run --rm alpine ls /dev") == (DEV, 0)
    assert run(session, "docker run --rm alpine ls -l /dev/stdout") == (
        "lrwxrwxrwx    1 root     root            15 Nov 28 08:00 /dev/stdout -> /proc/self/fd/1\n", 0)


def test_a_terminal_adds_the_console(session):
    assert run(session, "docker run --rm -t alpine ls /dev/console") == ("/dev/console\n", 0)
    assert run(session, "docker run --rm alpine ls /dev/console") == (
        "ls: /dev/console: No such file or directory\n", 1)


def test_what_goes_to_dev_null_is_gone_and_the_layer_stays_clean(session):
    line = ("docker run --name quiet alpine sh -c 'echo x > /dev/null; cp /etc/hostname /dev/null; "
            "cat /dev/null; wc -c < /dev/null'")
    assert run(session, line) == ("0\n", 0)
    assert run(session, "docker diff quiet") == ("", 0)


def test_dev_full_refuses_writes(session):
    assert run(session, "docker run --rm alpine cp /etc/hostname /dev/full") == (
        "cp: can't create '/dev/full': No space left on device\n", 1)


def test_dev_tty_needs_a_terminal(session):
    assert run(session, "docker run --rm alpine sh -c 'echo hi > /dev/tty'") == (
        "sh: /dev/tty: No such device or address\n", 1)
    assert run(session, "docker run --rm -t alpine sh -c 'echo hi > /dev/tty 2>/dev/null'")[0] == "hi\n"


def test_dev_is_fresh_after_a_reload(session):
    session.run("docker run -d --name keeper alpine sleep 1000")
    session.run("docker exec keeper sh -c 'echo data > /dev/null; touch /dev/shm/lock'")
    restored = Session.from_json(session.to_json())
    assert run(restored, "docker exec keeper ls /dev") == (DEV, 0)
    assert run(restored, "docker exec keeper cat /dev/null") == ("", 0)


def test_df_keeps_its_rows(session):
    output, status = run(session, "docker run --rm alpine df /dev /dev/null /dev/shm")
    assert (output.splitlines()[1:], status) == ([
        "tmpfs                    65536         0     65536   0% /dev",
        "tmpfs                    65536         0     65536   0% /dev",
        "shm                      65536         0     65536   0% /dev/shm"], 0)


def test_a_prefix_of_an_endless_device_is_read(session):
    line = ("docker run --rm alpine sh -c 'head -c 5 /dev/zero | wc -c; head -c 3 /dev/urandom | wc -c; "
            "tr -dc a-z < /dev/urandom | head -c 12 > /tmp/key; wc -c < /tmp/key; tr -d a-z < /tmp/key | wc -c'")
    assert run(session, line) == ("5\n3\n12\n0\n", 0)


def test_reading_an_endless_device_whole_still_exhausts_memory(session):
    assert run(session, "docker run --rm alpine tail /dev/urandom") == ("", 137)


def test_a_write_to_dev_full_fails_the_command(session):
    assert run(session, "docker run --rm alpine sh -c 'echo hi > /dev/full; echo $?'") == (
        "sh: /dev/full: No space left on device\n1\n", 0)


def test_device_nodes_are_character_devices(session):
    session.run("docker pull -q ubuntu")
    assert run(session, "docker run --rm alpine sh -c 'cp /etc/hostname /dev/null; ls -l /dev/null'") == (
        "crw-rw-rw-    1 root     root        1,   3 Nov 28 08:00 /dev/null\n", 0)
    assert run(session, "docker run --rm ubuntu ls -l /dev/zero /dev/tty") == (
        "crw-rw-rw- 1 root root 5, 0 Nov 28 08:00 /dev/tty\ncrw-rw-rw- 1 root root 1, 5 Nov 28 08:00 /dev/zero\n", 0)
    assert run(session, "docker run --rm alpine stat /dev/urandom")[0].splitlines()[1:3] == [
        "  Size: 0               Blocks: 0          IO Block: 4096   character special file",
        "Access: (0666/crw-rw-rw-)  Uid: (    0/    root)   Gid: (    0/    root)"]
