"""What the study notes teach, checked against what Docker 28.5 prints: regressions found by the audit."""
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from simulator.cli import spec

from session_harness import Lab


@pytest.fixture
def lab():
    lab = Lab()
    lab.ok("docker pull -q busybox")
    return lab


def macs(lab, *names):
    fmt = "'{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}'"
    return lab.ok(f"docker inspect -f {fmt} {' '.join(names)}").split()


def test_bridge_mac_addresses_are_random_not_derived_from_the_ip(lab):
    lab.ok("docker network create appnet")
    lab.ok("docker run -d --name one busybox sleep 100")
    lab.ok("docker run -d --name two --network appnet busybox sleep 100")
    one, two = macs(lab, "one", "two")
    for mac in (one, two):
        assert re.fullmatch("02:42(:[0-9a-f]{2}){4}", mac)
    assert one != "02:42:ac:11:00:02" and two != "02:42:ac:12:00:02"
    assert lab.ok("docker inspect -f '{{.NetworkSettings.MacAddress}}' one").strip() == one


def test_a_restart_gives_the_endpoint_a_new_mac(lab):
    lab.ok("docker run -d --name web busybox sleep 100")
    before = macs(lab, "web")
    lab.ok("docker restart web")
    assert macs(lab, "web") != before


def test_host_and_none_networks_have_no_mac(lab):
    lab.ok("docker run -d --name onhost --network host busybox sleep 100")
    lab.ok("docker run -d --name isolated --network none busybox sleep 100")
    assert lab.ok("docker inspect -f '[{{.NetworkSettings.MacAddress}}]' onhost isolated") == "[]\n[]\n"


def top_rows(lab, name):
    return [line.split(None, 7) for line in lab.ok(f"docker top {name}").splitlines()[1:]]


def test_top_shows_nginx_master_and_workers(lab):
    lab.ok("docker pull -q nginx")
    lab.ok("docker run -d --name web nginx")
    pid = lab.container("web").state.pid
    assert top_rows(lab, "web") == [
        ["root", str(pid), str(pid - 21), "0", "08:00", "?", "00:00:00", "nginx: master process nginx -g daemon off;"],
        ["101", str(pid + 28), str(pid), "0", "08:00", "?", "00:00:00", "nginx: worker process"],
        ["101", str(pid + 29), str(pid), "0", "08:00", "?", "00:00:00", "nginx: worker process"]]


def test_top_names_users_from_the_host_passwd(lab):
    lab.ok("docker run -d --name as-user -u 1000 busybox sleep 100")
    lab.ok("docker run -d --name as-daemon -u 1 busybox sleep 100")
    assert [row[0] for row in top_rows(lab, "as-user") + top_rows(lab, "as-daemon")] == ["1000", "daemon"]


def stats(lab):
    rows = lab.ok("docker stats --no-stream --format '{{.Name}} {{.PIDs}} {{.MemUsage}}'").splitlines()
    return {name: (pids, usage) for name, pids, usage in (row.split(" ", 2) for row in rows)}


def test_stats_counts_a_servers_tasks_and_memory_at_rest(lab):
    lab.ok("docker pull -q nginx")
    lab.ok("docker pull -q mysql")
    lab.ok("docker run -d --name web nginx")
    lab.ok("docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw mysql")
    lab.ok("docker run -d --name idle busybox sleep 100")
    seen = stats(lab)
    assert {name: pids for name, (pids, _) in seen.items()} == {"web": "3", "db": "37", "idle": "1"}
    assert re.fullmatch(r"3\.[4-9]\d*MiB / 3\.821GiB", seen["web"][1])
    assert re.fullmatch(r"3[67]\d(\.\d+)?MiB / 3\.821GiB", seen["db"][1])
    assert re.fullmatch(r"5\d\d(\.\d+)?KiB / 3\.821GiB", seen["idle"][1])


class Crashes(logging.Handler):
    """Collects what Session and the shell log when a command fails inside (a hidden traceback)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


ROUTES = sorted(spec.routes())
ARGS = ["web", "done", "busybox", "vol1", "net1", "-a", "-q", "-f", "--format", "{{.ID}}", "{{json .}}", "{{.Nope}}",
        "-d", "-it", "-p", "8080:80", "80", "-v", "vol1:/data", "/data", "--name", "x1", "--rm", "-e", "A=1", "--",
        "-", "''", "sh", "-c", "exit 3", "--help", "--no-trunc", "--filter", "status=exited", "label=a", "--tail",
        "-1", "--since", "1h", "-t", "0", "--force", "-s", "--mount", "type=volume,src=v,dst=/d", "--link",
        "web:w", "--entrypoint", "--network", "host", "none", "--restart", "on-failure:3", "-m", "x", "--cpus",
        "sha256:", "Nginx", "a@b", "::", "-P", "--expose", "1-3", "65536", "5000-5001:80-81", "\u00e9", "\\",
        "--type", "volume", "--signal", "KILL", "nosuch", "--subnet", "10.0.0.0/33", "--ip", "172.17.0.9",
        "--volumes", "--until", "24h", "--tree", "--digests", "-H=false", "--timestamps", "-u", "root:root"]


@pytest.fixture(scope="module")
def busy():
    session = Lab().session
    for line in ("docker pull -q busybox", "docker run -d --name web busybox sleep 100000",
                 "docker volume create vol1", "docker network create net1", "docker run --name done busybox true"):
        session.run(line)
    return session


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(ROUTES), st.lists(st.sampled_from(ARGS), max_size=6))
def test_odd_arguments_to_every_verb_never_crash_inside(busy, route, args):
    crashes = Crashes()
    logging.getLogger("simulator").addHandler(crashes)
    try:
        result = busy.run(" ".join(["docker", route, *args]))
        while busy.terminal.frames:
            busy.interrupt()
    finally:
        logging.getLogger("simulator").removeHandler(crashes)
    assert crashes.records == [] and "internal error" not in result.output


NOSUCH = "Error response from daemon: No such container: nosuch\n"


@pytest.mark.parametrize("verb", ["stop", "kill", "restart", "pause", "rm -f", "rm"])
def test_errors_come_after_the_names_that_succeeded(lab, verb):
    lab.ok("docker run -d --name one busybox sleep 100")
    lab.ok("docker run -d --name two busybox sleep 100")
    if verb == "rm":
        lab.ok("docker stop one two")
    if verb == "rm -f":
        assert lab(f"docker {verb} nosuch one two") == NOSUCH + "one\ntwo\n" and lab.code == 0
    else:
        assert lab(f"docker {verb} nosuch one two") == "one\ntwo\n" + NOSUCH and lab.code == 1


def test_start_reports_each_failure_as_it_happens(lab):
    lab.ok("docker create --name one busybox sleep 100")
    assert lab("docker start nosuch one") == NOSUCH + "one\nError: failed to start containers: nosuch\n"
    assert lab.code == 1


def test_rmi_errors_last_and_force_forgives_missing_images(lab):
    lab.ok("docker tag busybox spare:v1")
    assert lab("docker rmi nosuch spare:v1") == (
        "Untagged: spare:v1\nError response from daemon: No such image: nosuch:latest\n")
    assert lab.code == 1
    assert lab("docker rmi -f nosuch") == "Error response from daemon: No such image: nosuch:latest\n"
    assert lab.code == 0


def test_volume_rm_errors_last(lab):
    lab.ok("docker volume create keep")
    assert lab("docker volume rm nosuch keep") == "keep\nError response from daemon: get nosuch: no such volume\n"
    assert lab.code == 1


def test_any_network_rm_failure_ends_with_exit_status(lab):
    lab.ok("docker network create spare")
    assert lab("docker network rm nosuch spare") == (
        "Error response from daemon: network nosuch not found\nspare\nexit status 1\n")
    assert lab.code == 1
    assert lab("docker network rm bridge") == (
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n")
    assert lab("docker network rm -f nosuch") == "" and lab.code == 0


def test_stop_still_takes_the_deprecated_time_flag(lab):
    lab.ok("docker run -d --name old busybox sleep 100")
    assert lab("docker stop --time 0 old") == "Flag --time has been deprecated, use --timeout instead\nold\n"
    assert lab.code == 0
    assert lab.ok("docker inspect -f '{{.State.ExitCode}}' old") == "137\n"
    assert "--time " not in lab.ok("docker stop --help")


@pytest.mark.parametrize("line, summary", [
    ("docker cp box:/etc/hostname .", "Successfully copied 2.05kB to /root/.\n"),    # 13 bytes: 512 + 512 + 1024
    ("docker cp box:/etc/hostname ./", "Successfully copied 2.05kB to /root/\n"),
    ("docker cp box:/etc/hostname copy", "Successfully copied 2.05kB to /root/copy\n"),
    ("docker cp empty box:/empty", "Successfully copied 1.54kB to box:/empty\n"),     # docker/cli#5777
])
def test_cp_counts_the_tar_stream_and_names_the_absolute_destination(line, summary):
    lab = Lab(tty=True)
    lab.ok("docker pull -q busybox")
    lab.ok("docker run -d --name box busybox sleep 100")
    lab.ok("touch empty")
    assert lab(line) == summary and lab.code == 0


def test_leaving_a_container_shell_sets_the_host_status(lab):
    lab.ok("docker run -it busybox")
    assert lab("exit 3") == "" and lab.code == 3
    assert lab("echo $?") == "3\n"
    lab.ok("docker run -d --name box busybox sleep 100")
    lab.ok("docker exec -it box sh")
    lab("false")
    lab("exit")
    assert lab("echo $?") == "1\n"


def test_images_q_lists_an_id_per_tag_and_rmi_f_shrugs_off_the_repeat(lab):
    lab.ok("docker tag busybox mine:v1")
    image_id = lab.ok("docker images -q").split()
    assert len(image_id) == 2 and image_id[0] == image_id[1]
    out = lab(f"docker rmi -f {image_id[0]} {image_id[1]}")
    assert out.endswith(f"Error response from daemon: No such image: {image_id[0]}:latest\n") and lab.code == 0
    assert lab.ok("docker images -q") == ""


def test_df_in_a_busybox_container_lists_its_mounts():
    lab = Lab()
    lab.ok("docker pull -q busybox")
    lab.ok("docker run -d --name scratch --mount type=tmpfs,destination=/app/temp_data -v notes:/data "
           "busybox sleep 100")
    assert lab.ok("docker exec scratch df -h /app/temp_data") == (
        "Filesystem                Size      Used Available Use% Mounted on\n"
        "tmpfs                     1.9G         0      1.9G   0% /app/temp_data\n")
    listed = lab.ok("docker exec scratch df").splitlines()
    assert listed[:5] == [
        "Filesystem           1K-blocks      Used Available Use% Mounted on",
        "overlay               61255492   9842108  48288320  17% /",
        "tmpfs                    65536         0     65536   0% /dev",
        "shm                      65536         0     65536   0% /dev/shm",
        "/dev/sda1             61255492   9842108  48288320  17% /data"]
    assert [line.split()[-1] for line in listed[5:]] == [
        "/app/temp_data", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
        "/proc/acpi", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"]


def test_gnu_df_shows_the_host_disk_once():
    lab = Lab()
    lab.ok("docker pull -q nginx")
    lab.ok("docker run -d --name web --tmpfs /cache nginx")
    assert lab.ok("docker exec web df -h") == (
        "Filesystem      Size  Used Avail Use% Mounted on\n"
        "overlay          59G  9.4G   47G  17% /\n"
        "tmpfs            64M     0   64M   0% /dev\n"
        "shm              64M     0   64M   0% /dev/shm\n"
        "tmpfs           2.0G     0  2.0G   0% /cache\n"
        "/dev/sda1        59G  9.4G   47G  17% /etc/hosts\n"
        "tmpfs           2.0G     0  2.0G   0% /proc/acpi\n"
        "tmpfs           2.0G     0  2.0G   0% /proc/scsi\n"
        "tmpfs           2.0G     0  2.0G   0% /sys/firmware\n"
        "tmpfs           2.0G     0  2.0G   0% /sys/devices/virtual/powercap\n")


def test_exec_as_an_unknown_user_exits_126(lab):
    lab.ok("docker run -d --name box busybox sleep 100")
    assert lab("docker exec -u nosuch box id") == "unable to find user nosuch: no matching entries in passwd file\n"
    assert lab.code == 126


def test_tmpfs_size_and_mode_reach_inspect_and_df(lab):
    lab.ok("docker run -d --name sized --mount type=tmpfs,destination=/t,tmpfs-size=1m,tmpfs-mode=1770 "
           "--tmpfs /u:size=64m busybox sleep 100")
    assert lab.ok("docker inspect -f '{{json .HostConfig.Mounts}}' sized") == (
        '[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":1016}}]\n')
    assert lab.ok("docker exec sized df /t /u").splitlines()[1:] == [
        "tmpfs                     1024         0      1024   0% /t",
        "tmpfs                    65536         0     65536   0% /u"]
    lab("docker run --rm --mount type=tmpfs,dst=/t,tmpfs-size=lots busybox true")
    assert lab.output.startswith('invalid argument "type=tmpfs,dst=/t,tmpfs-size=lots" for "--mount" flag: '
                                 "invalid value for tmpfs-size: lots\n") and lab.code == 125


def test_tmpfs_flag_mounts_show_in_hostconfig_not_in_mounts(lab):
    lab.ok("docker run -d --name flag --tmpfs /app/temp_data busybox sleep 100")
    lab.ok("docker run -d --name spec --mount type=tmpfs,destination=/app/temp_data busybox sleep 100")
    fmt = "'{{json .Mounts}} {{json .HostConfig.Tmpfs}}'"
    assert lab.ok(f"docker inspect -f {fmt} flag") == '[] {"/app/temp_data":""}\n'
    assert lab.ok(f"docker inspect -f {fmt} spec") == (
        '[{"Type":"tmpfs","Source":"","Destination":"/app/temp_data","Mode":"","RW":true,"Propagation":""}] null\n')
    assert lab.ok("docker exec flag df /app/temp_data").split()[-1] == "/app/temp_data"


def test_compose_warnings_on_a_terminal_are_logrus_coloured():
    lab = Lab(tty=True)
    lab.ok("docker pull -q busybox")
    lab.ok("mkdir app && cd app && printf 'version: \"3.8\"\\nservices:\\n  box:\\n    image: busybox\\n' > compose.yaml")
    first = lab.ok("docker compose config --services").splitlines()[0]
    assert first == ("\x1b[33mWARN\x1b[0m[0000] /root/app/compose.yaml: the attribute `version` is obsolete, "
                     "it will be ignored, please remove it to avoid potential confusion ")


def test_tagging_stamps_last_tag_time_pulling_does_not(lab):
    fmt = "'{{.Metadata.LastTagTime}}'"
    assert lab.ok(f"docker image inspect -f {fmt} busybox") == "0001-01-01T00:00:00Z\n"
    lab.ok("docker tag busybox mine:v1")
    assert lab.ok(f"docker image inspect -f {fmt} mine:v1") == "2025-11-28T08:00:00Z\n"


def test_inspect_templates_see_go_types():
    lab = Lab()
    lab.ok("docker pull -q nginx")
    lab.ok("docker run -d --name web -p 8080:80 --restart on-failure:3 nginx")
    lab.ok("docker run -d --name quiet nginx")
    fmt = "'{{.NetworkSettings.Ports}} {{.HostConfig.RestartPolicy}} {{.HostConfig.Binds}} {{.Config.Volumes}}'"
    assert lab.ok(f"docker inspect -f {fmt} web quiet") == (
        "map[80/tcp:[{0.0.0.0 8080} {:: 8080}]] {on-failure 3} [] map[]\n"
        "map[80/tcp:[]] {no 0} [] map[]\n")
    assert lab.ok("docker inspect -f '{{json .NetworkSettings.Ports}}' quiet") == '{"80/tcp":null}\n'
    assert lab.ok("docker inspect -f '{{.HostConfig.LogConfig}} {{.State.Health}} {{.Config.Shell}}' web") == (
        "{json-file map[]} <nil> []\n")
    assert lab.ok("docker image inspect -f '{{.Config.Entrypoint}} {{.Config.Cmd}} {{.RootFS.Type}}' nginx") == (
        "[/docker-entrypoint.sh] [nginx -g daemon off;] layers\n")


def test_a_field_the_struct_lacks_is_an_error_for_each_object():
    lab = Lab()
    lab.ok("docker pull -q busybox")
    lab.ok("docker run -d --name box busybox sleep 100")
    out = lab("docker inspect -f '{{.NetworkSettings.IpAddress}}' box nosuch")
    assert out == ("\nError: No such object: nosuch\n"
                   'template parsing error: template: :1:2: executing "" at <.NetworkSettings.IpAddress>: '
                   'map has no entry for key "IpAddress"\n')
    assert lab.code == 1
    assert lab("docker inspect -f '{{.Config.Labels.nope}}' box") == "<no value>\n" and lab.code == 0


def test_volume_and_network_templates_see_go_types(lab):
    lab.ok("docker volume create notes")
    lab.ok("docker network create appnet")
    assert lab.ok("docker volume inspect -f '{{.Labels}} {{.Status}} {{.UsageData}}' notes") == "map[] map[] <nil>\n"
    assert lab.ok("docker network inspect -f '{{.ConfigFrom}} {{.Peers}} {{.Options}}' appnet") == "{} [] map[]\n"
    assert lab("docker inspect -f '{{.Nope}}' notes") == (
        '\ntemplate parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n')
    assert lab.code == 1
