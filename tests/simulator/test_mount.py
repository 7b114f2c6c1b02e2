"""`mount` lists the mount table: a container's overlay root, runc's /proc, /dev and /sys, its
volumes and masked paths; the host's disks and each running container's overlay."""
import pytest

from simulator import Session
from simulator.programs.mounts import overlay_dir, short_link

EXT4 = "type ext4 (rw,relatime,discard,errors=remount-ro)"


@pytest.fixture
def lab():
    session = Session(seed=0)
    session.run("docker pull -q busybox")
    run = lambda line: (lambda r: (r.output, r.exit_code))(session.run(line))    # noqa: E731
    run.session = session
    return run


def test_a_container_sees_its_overlay_root_first(lab):
    out, status = lab("docker run --name box busybox mount")
    c = lab.session.engine.containers.get("box")
    assert status == 0
    assert out.splitlines()[0] == (
        f"overlay on / type overlay (rw,relatime,lowerdir=/var/lib/docker/overlay2/l/{short_link(c.id + '-init')}:"
        "/var/lib/docker/overlay2/l/BZ2RHY3R7GAS2KWCKRPWEZZQ76,"
        f"upperdir={overlay_dir(c.id)}/diff,workdir={overlay_dir(c.id)}/work,nouserxattr)")
    assert len(out.splitlines()) == 25


def test_a_container_sees_proc_dev_sys_and_its_volumes_in_runc_order(lab):
    out, _ = lab("docker run --rm -v data:/data:ro --tmpfs /scratch busybox mount | sed -n 2,14p")
    assert out == (
        "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n"
        "tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)\n"
        "devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)\n"
        "sysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)\n"
        "cgroup on /sys/fs/cgroup type cgroup2 (ro,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot)\n"
        "mqueue on /dev/mqueue type mqueue (rw,nosuid,nodev,noexec,relatime)\n"
        "shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k,inode64)\n"
        f"/dev/sda1 on /etc/resolv.conf {EXT4}\n"
        f"/dev/sda1 on /etc/hostname {EXT4}\n"
        f"/dev/sda1 on /etc/hosts {EXT4}\n"
        "/dev/sda1 on /data type ext4 (ro,relatime,discard,errors=remount-ro)\n"
        "tmpfs on /scratch type tmpfs (rw,nosuid,nodev,noexec,relatime,inode64)\n"
        "proc on /proc/bus type proc (ro,nosuid,nodev,noexec,relatime)\n")


def test_t_filters_by_type(lab):
    assert lab("docker run --rm busybox mount -t proc") == (
        "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n" + "".join(
            f"proc on /proc/{p} type proc (ro,nosuid,nodev,noexec,relatime)\n"
            for p in ("bus", "fs", "irq", "sys", "sysrq-trigger")), 0)


def test_the_host_sees_each_running_containers_overlay(lab):
    assert lab("mount -t overlay") == ("", 0)
    lab("docker run -d --name web busybox sleep 100")
    web = lab.session.engine.containers.get("web")
    out, status = lab("mount -t overlay")
    assert (out.split(" type ")[0], status) == (f"overlay on {overlay_dir(web.id)}/merged", 0)
    assert lab("mount | head -1") == ("sysfs on /sys type sysfs (rw,nosuid,nodev,noexec,relatime)\n", 0)


def test_mounting_needs_a_privilege_a_container_lacks(lab):
    assert lab("docker run --rm busybox mount -t tmpfs none /mnt") == (
        "mount: mounting none on /mnt failed: Operation not permitted\n", 255)
    assert lab("mount /dev/sdb /mnt") == ("mount: /mnt: mounting filesystems is not simulated on this host.\n", 32)
