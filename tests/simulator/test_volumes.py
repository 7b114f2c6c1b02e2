"""Volumes, bind mounts and tmpfs through the real Session: exact output and exit codes."""
import json

import pytest

from session_harness import Lab
from simulator import Session

HELP = "\n\nRun 'docker run --help' for more information\n"


@pytest.fixture
def lab():
    lab = Lab()
    for image in ("busybox", "nginx"):
        lab.ok(f"docker pull -q {image}")
    return lab


def test_volume_create_prints_the_name_and_inspect_shows_docker_fields(lab):
    assert lab("docker volume create my-data") == "my-data\n"
    assert json.loads(lab.ok("docker volume inspect my-data")) == [{
        "CreatedAt": "2025-11-28T08:00:00Z", "Driver": "local", "Labels": {},
        "Mountpoint": "/var/lib/docker/volumes/my-data/_data", "Name": "my-data", "Options": {},
        "Scope": "local"}]
    assert lab("docker volume inspect -f '{{.Mountpoint}}' my-data") == "/var/lib/docker/volumes/my-data/_data\n"


def test_volume_create_without_a_name_makes_a_64_hex_name(lab):
    name = lab.ok("docker volume create").strip()
    assert len(name) == 64 and all(ch in "0123456789abcdef" for ch in name)


def test_volume_create_of_an_existing_name_returns_it(lab):
    lab.ok("docker volume create --label a=b data")
    assert lab("docker volume create data") == "data\n"
    assert lab("docker volume ls -q") == "data\n"


def test_volume_create_rejects_bad_names_and_drivers(lab):
    assert lab("docker volume create 'a b'") == (
        'Error response from daemon: create a b: "a b" includes invalid characters for a local volume name, '
        'only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute '
        "path\n")
    assert lab.code == 1
    assert lab("docker volume create -d nfs x1") == (
        'Error response from daemon: create x1: error looking up volume plugin nfs: plugin "nfs" not found\n')


def test_volume_ls_is_sorted_naturally_with_filters_and_formats(lab):
    for name in ("vol10", "vol2", "other"):
        lab.ok(f"docker volume create --label tier={name[:3]} {name}")
    lab.ok("docker run -d --name holder -v vol2:/data busybox sleep 1000")
    assert lab("docker volume ls") == ("DRIVER    VOLUME NAME\nlocal     other\nlocal     vol2\nlocal     vol10\n")
    assert lab("docker volume ls -q --filter dangling=true") == "other\nvol10\n"
    assert lab("docker volume ls -q --filter dangling=false") == "vol2\n"
    assert lab("docker volume ls -q -f name=vol") == "vol2\nvol10\n"
    assert lab("docker volume ls -q -f label=tier=oth") == "other\n"
    fmt = "'{{.Name}} {{.Driver}} {{.Labels}}'"
    assert lab(f"docker volume ls --format {fmt} -f name=other") == "other local tier=oth\n"
    assert lab("docker volume ls -f colour=red") == "Error response from daemon: invalid filter 'colour'\n"
    assert lab.code == 1


def test_volume_rm_refuses_a_volume_in_use_even_by_a_stopped_container(lab):
    cid = lab.ok("docker create --name holder -v data:/data busybox").strip()
    assert lab("docker volume rm data") == f"Error response from daemon: remove data: volume is in use - [{cid}]\n"
    assert lab.code == 1
    lab.ok("docker rm holder")
    assert lab("docker volume rm data") == "data\n"


def test_volume_rm_of_a_missing_volume(lab):
    assert lab("docker volume rm nosuch") == "Error response from daemon: get nosuch: no such volume\n"
    assert lab.code == 1
    assert lab("docker volume rm -f nosuch") == "nosuch\n"
    assert lab.code == 0


def test_volume_inspect_of_a_missing_volume_prints_an_empty_list(lab):
    assert lab("docker volume inspect nosuch") == "[]\nError response from daemon: get nosuch: no such volume\n"
    assert lab.code == 1


def test_docker_inspect_finds_a_volume(lab):
    lab.ok("docker volume create data")
    assert lab("docker inspect -f '{{.Name}} {{.Driver}}' data") == "data local\n"


def test_named_volume_data_outlives_its_containers(lab):
    lab.ok("docker run --rm -v my-data:/app/data busybox sh -c 'echo persisted > /app/data/note.txt'")
    assert lab("docker run --rm -v my-data:/app/data busybox cat /app/data/note.txt") == "persisted\n"
    assert lab("docker volume ls -q") == "my-data\n"


def test_volume_data_survives_saving_the_session(lab):
    lab.ok("docker run --rm -v keep:/d busybox sh -c 'echo saved > /d/f'")
    restored = Session.from_json(lab.session.to_json())
    assert restored.run("docker run --rm -v keep:/d busybox cat /d/f").output == "saved\n"


def test_read_only_mounts_refuse_writes(lab):
    out = lab("docker run --rm -v data:/d:ro busybox sh -c 'echo x > /d/f'")
    assert out == "sh: /d/f: Read-only file system\n"
    assert lab.code == 1
    lab("docker run --rm --mount type=volume,source=data,target=/d,readonly busybox touch /d/f")
    assert lab.output == "touch: /d/f: Read-only file system\n"


def test_an_empty_named_volume_is_filled_from_the_image(lab):
    lab.ok("docker run -d --name web -v html:/usr/share/nginx/html nginx")
    assert lab("docker run --rm -v html:/h busybox ls /h") == "50x.html\nindex.html\n"


def test_inspect_shows_the_mounts_as_docker_does(lab):
    lab.ok("mkdir -p /srv/site")
    lab.ok("docker run -d --name web -v html:/usr/share/nginx/html -v /srv/site:/site:ro --mount type=tmpfs,destination=/cache nginx")
    mounts = json.loads(lab.ok("docker inspect -f '{{json .Mounts}}' web"))
    assert mounts == [
        {"Type": "volume", "Name": "html", "Source": "/var/lib/docker/volumes/html/_data",
         "Destination": "/usr/share/nginx/html", "Driver": "local", "Mode": "z", "RW": True, "Propagation": ""},
        {"Type": "bind", "Source": "/srv/site", "Destination": "/site", "Mode": "ro", "RW": False,
         "Propagation": "rprivate"},
        {"Type": "tmpfs", "Source": "", "Destination": "/cache", "Mode": "", "RW": True, "Propagation": ""}]
    assert lab("docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}\n{{end}}' web") == (
        "volume /usr/share/nginx/html true\nbind /site false\ntmpfs /cache true\n\n")


def test_bind_mounts_work_in_both_directions(lab):
    lab.ok("mkdir -p /opt/data && echo from-host > /opt/data/in.txt")
    out = lab("docker run --rm -v /opt/data:/data busybox "
              "sh -c 'cat /data/in.txt; echo from-container > /data/out.txt'")
    assert out == "from-host\n"
    assert lab("cat /opt/data/out.txt") == "from-container\n"
    assert lab("docker run --rm busybox ls /data") == "ls: /data: No such file or directory\n"


def test_v_creates_a_missing_host_path_but_mount_refuses_it(lab):
    lab.ok("docker run --rm -v /new/dir:/data busybox true")
    assert lab("ls -d /new/dir") == "/new/dir\n"
    assert lab("docker run --rm --mount type=bind,source=/nowhere,target=/data busybox true") == (
        'docker: Error response from daemon: invalid mount config for type "bind": bind source path does not '
        "exist: /nowhere" + HELP)
    assert lab.code == 125


def test_a_bind_mounted_site_is_served_by_nginx(lab):
    lab.ok("mkdir site && echo '<h1>My page</h1>' > site/index.html")
    lab.ok("docker run -d -p 8080:80 -v $(pwd)/site:/usr/share/nginx/html nginx")
    assert lab("curl -s http://localhost:8080") == "<h1>My page</h1>\n"


def test_invalid_volume_specifications(lab):
    assert lab("docker run --rm -v data:relative busybox true") == (
        "docker: Error response from daemon: invalid volume specification: 'data:relative': invalid mount config "
        "for type \"volume\": invalid mount path: 'relative' mount path must be absolute" + HELP)
    assert lab("docker run --rm -v data:/d:xyz busybox true") == (
        "docker: Error response from daemon: invalid mode: xyz" + HELP)
    assert lab("docker run --rm -v a:b:c:d busybox true") == (
        "docker: Error response from daemon: invalid volume specification: 'a:b:c:d'" + HELP)


def test_tmpfs_is_emptied_on_restart_and_kept_while_running(lab):
    lab.ok("docker run -d --name scratchpad --tmpfs /app/temp_data busybox sleep 1000")
    assert lab("docker exec scratchpad sh -c 'echo gone > /app/temp_data/t && cat /app/temp_data/t'") == "gone\n"
    restored = Session.from_json(lab.session.to_json())
    assert restored.run("docker exec scratchpad ls /app/temp_data").output == "t\n"
    assert restored.run("docker restart scratchpad").output == "scratchpad\n"
    assert restored.run("docker exec scratchpad ls /app/temp_data").output == ""


def test_anonymous_volumes_are_kept_by_rm_and_removed_by_rm_v(lab):
    lab.ok("docker create -v /app/data --name one busybox")
    name = lab.ok("docker volume ls -q").strip()
    assert json.loads(lab.ok(f"docker volume inspect {name}"))[0]["Labels"] == {"com.docker.volume.anonymous": ""}
    lab.ok("docker rm one")
    assert lab("docker volume ls -q") == name + "\n"
    lab.ok("docker create -v /app/data --name two busybox")
    lab.ok("docker rm -v two")
    assert lab("docker volume ls -q") == name + "\n"


def test_run_rm_removes_anonymous_volumes_but_not_named_ones(lab):
    lab.ok("docker pull -q mysql:8.0")
    lab.ok("docker run --rm -v named:/named -e MYSQL_ROOT_PASSWORD=x mysql:8.0 true")
    assert lab("docker volume ls -q") == "named\n"
    lab.ok("docker create -e MYSQL_ROOT_PASSWORD=x --name db mysql:8.0")
    assert json.loads(lab.ok("docker inspect -f '{{json .Mounts}}' db"))[0]["Destination"] == "/var/lib/mysql"


def test_volumes_from_shares_mounts_and_can_make_them_read_only(lab):
    lab.ok("docker create -v /app/data --name store busybox")
    lab.ok("docker run --rm --volumes-from store busybox sh -c 'echo kept > /app/data/x'")
    assert lab("docker run --rm --volumes-from store busybox cat /app/data/x") == "kept\n"
    assert lab("docker run --rm --volumes-from store:ro busybox sh -c 'echo no > /app/data/x'") == (
        "sh: /app/data/x: Read-only file system\n")
    assert lab("docker run --rm --volumes-from nosuch busybox true") == (
        "docker: Error response from daemon: No such container: nosuch" + HELP)


def test_docker_cp_reaches_into_a_mounted_volume(lab):
    lab.ok("docker run -d --name holder -v data:/data busybox sleep 1000")
    lab.ok("echo hello > /root/f.txt")
    lab.ok("docker cp /root/f.txt holder:/data/f.txt")
    assert lab("docker run --rm -v data:/d busybox cat /d/f.txt") == "hello\n"
    lab.ok("docker cp holder:/data/f.txt /root/back.txt")
    assert lab("cat /root/back.txt") == "hello\n"


def test_volume_prune_asks_then_removes_unused_anonymous_volumes(lab):
    lab.ok("docker volume create named")
    lab.ok("docker create -v /data --name one busybox")
    lab.ok("docker rm one")
    anonymous = [n for n in lab.ok("docker volume ls -q").split() if n != "named"][0]
    assert lab("docker volume prune") == ("WARNING! This will remove anonymous local volumes not used by at least "
                                          "one container.\nAre you sure you want to continue? [y/N] ")
    assert lab("n") == ""
    assert lab("docker volume ls -q | wc -l") == "2\n"
    lab("docker volume prune")
    assert lab("y") == f"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: 0B\n"
    assert lab("docker volume ls -q") == "named\n"


def test_volume_prune_all_removes_named_volumes_and_counts_their_size(lab):
    lab.ok("docker run --rm -v named:/d busybox sh -c 'echo 12345 > /d/f'")
    lab.ok("docker volume create used")
    lab.ok("docker create -v used:/u --name user busybox")
    assert lab("docker volume prune -a -f") == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 6B\n"
    assert lab("docker volume prune -f") == "Total reclaimed space: 0B\n"
    assert lab("docker volume prune -a") == (
        "WARNING! This will remove all local volumes not used by at least one container.\n"
        "Are you sure you want to continue? [y/N] ")
