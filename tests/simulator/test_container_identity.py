"""What a container's process sees of itself in the simulated runtime, as in real Docker: the
command it runs is PID 1, and root has the groups the image's /etc/group gives it."""
import pytest

from simulator import Session


@pytest.fixture(scope="module")
def lab():
    session = Session(seed=0)
    for image in ("busybox", "alpine", "ubuntu"):
        session.run(f"docker pull -q {image}")
    return lambda line: (lambda r: (r.output, r.exit_code))(session.run(line))


def test_the_containers_command_is_pid_1(lab):
    assert lab("docker run --rm busybox ps") == ("PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n", 0)


def test_a_shell_started_by_hand_is_pid_1_and_ps_its_child(lab):
    assert lab("docker exec -i $(docker run -d busybox sleep 60) ps") == (
        "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 60\n    7 root      0:00 ps\n", 0)


@pytest.mark.parametrize("image, groups", [
    ("busybox", "0(root),10(wheel)"),
    ("alpine", "0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)"),
    ("ubuntu", "0(root)"),
])
def test_root_has_the_groups_its_image_gives_it(lab, image, groups):
    assert lab(f"docker run --rm {image} id") == (f"uid=0(root) gid=0(root) groups={groups}\n", 0)


def test_another_user_has_only_its_own_group(lab):
    assert lab("docker run --rm -u nobody busybox id") == ("uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n", 0)


def test_the_host_is_unchanged(lab):
    assert lab("id") == ("uid=0(root) gid=0(root) groups=0(root)\n", 0)
