"""Container verbs through the real Session, with exact output and exit codes."""
import re

import pytest

from session_harness import Lab

HELP = "\n\nRun 'docker run --help' for more information\n"
RUNC = ("docker: Error response from daemon: failed to create task for container: failed to create shim "
        "task: OCI runtime create failed: runc create failed: unable to start container process: error "
        "during container init: ")


@pytest.fixture
def lab():
    lab = Lab()
    for image in ("alpine", "nginx", "hello-world"):
        lab.ok(f"docker pull -q {image}")
    return lab


def test_run_hello_world_prints_its_message(lab):
    out = lab.ok("docker run hello-world")
    assert out.startswith("\nHello from Docker!\nThis message shows that your installation appears to be "
                          "working correctly.\n")


def test_run_pulls_a_missing_image_on_stderr_first():
    lab = Lab()
    out = lab("docker run --rm alpine echo hi")
    assert lab.code == 0
    assert out.splitlines()[:3] == ["Unable to find image 'alpine:latest' locally",
                                    "latest: Pulling from library/alpine", "1e422a237d23: Pull complete"]
    assert out.endswith("Status: Downloaded newer image for alpine:latest\nhi\n")


def test_run_rm_removes_the_container(lab):
    assert lab("docker run --rm alpine echo hi") == "hi\n"
    assert lab("docker ps -aq") == ""


def test_run_detached_prints_the_full_id_and_ps_shows_it(lab):
    out = lab.ok("docker run -d --name web -p 8080:80 nginx")
    assert re.fullmatch(r"[0-9a-f]{64}\n", out)
    assert lab("docker ps") == (
        "CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  "
        "PORTS                                     NAMES\n"
        f"{out[:12]}   nginx     \"/docker-entrypoint.…\"   Less than a second ago   Up Less than a second   "
        "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web\n")


def test_exit_code_of_the_container_is_the_run_status(lab):
    assert lab("docker run alpine sh -c 'echo out; echo err >&2; exit 3'") == "out\nerr\n"
    assert lab.code == 3


def test_command_not_found_is_127_with_runcs_words(lab):
    out = lab("docker run alpine nosuch")
    assert out == RUNC + 'exec: "nosuch": executable file not found in $PATH: unknown' + HELP
    assert lab.code == 127
    assert lab("docker ps -a --format '{{.Status}}'") == "Created\n"


def test_missing_path_is_127_and_not_executable_is_126(lab):
    lab("docker run alpine /nope")
    assert lab.output == RUNC + 'exec: "/nope": stat /nope: no such file or directory: unknown' + HELP
    assert lab.code == 127
    lab("docker run alpine /etc/passwd")
    assert lab.output == RUNC + 'exec: "/etc/passwd": permission denied: unknown' + HELP
    assert lab.code == 126


def test_entrypoint_empty_means_no_command(lab):
    assert lab('docker run --entrypoint "" alpine') == (
        "docker: Error response from daemon: no command specified" + HELP)
    assert lab.code == 125


def test_entrypoint_resets_the_image_cmd(lab):
    lab.ok("docker create --name ep --entrypoint echo alpine")
    c = lab.container("ep")
    assert (c.path, c.args, c.config["Cmd"]) == ("echo", [], None)
    assert lab("docker start -a ep") == "\n"


def test_name_conflict_and_invalid_name(lab):
    cid = lab.ok("docker create --name web alpine").strip()
    assert lab("docker create --name web alpine") == (
        f'docker: Error response from daemon: Conflict. The container name "/web" is already in use by '
        f'container "{cid}". You have to remove (or rename) that container to be able to reuse that name.'
        "\n\nRun 'docker create --help' for more information\n")
    assert lab.code == 125
    assert lab("docker run --name 'a b' alpine") == (
        "docker: Error response from daemon: Invalid container name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are "
        "allowed" + HELP)


def test_unknown_image_is_pull_access_denied(lab):
    assert lab("docker run nosuch-image-xyz") == (
        "Unable to find image 'nosuch-image-xyz:latest' locally\n"
        "docker: Error response from daemon: pull access denied for nosuch-image-xyz, repository does not "
        "exist or may require 'docker login': denied: requested access to the resource is denied" + HELP)
    assert lab.code == 125


def test_uppercase_image_name_is_rejected_before_the_daemon(lab):
    assert lab("docker run Nginx") == (
        "docker: invalid reference format: repository name (library/Nginx) must be lowercase" + HELP)
    assert lab.code == 125


def test_stop_waits_the_timeout_then_kills_sleep(lab):
    lab.ok("docker run -d --name sl alpine sleep infinity")
    before = lab.session.clock.now()
    assert lab("docker stop sl") == "sl\n"
    assert lab.session.clock.now() - before == 10
    assert lab("docker ps -a --format '{{.Names}} {{.Status}}'") == "sl Exited (137) Less than a second ago\n"
    lab.ok("docker start sl")
    lab.ok("docker stop -t 2 sl")
    assert lab.session.clock.now() - before == 12


def test_stop_of_nginx_is_graceful(lab):
    lab.ok("docker run -d --name web nginx")
    lab.ok("docker stop web")
    assert lab.container("web").state.exit_code == 0


def test_kill_and_kill_of_a_stopped_container(lab):
    cid = lab.ok("docker run -d --name sl alpine sleep 100").strip()
    assert lab("docker kill sl") == "sl\n"
    assert lab.container("sl").state.exit_code == 137
    assert lab("docker kill sl") == (
        f"Error response from daemon: cannot kill container: sl: container {cid} is not running\n")
    assert lab.code == 1


def test_kill_with_an_ignored_signal_keeps_it_running(lab):
    lab.ok("docker run -d --name sl alpine sleep 100")
    assert lab("docker kill -s SIGTERM sl") == "sl\n"
    assert lab.container("sl").state.status == "running"


def test_rm_rules(lab):
    lab.ok("docker run -d --name web nginx")
    assert lab("docker rm web") == (
        'Error response from daemon: cannot remove container "web": container is running: stop the '
        "container before removing or force remove\n")
    assert lab.code == 1
    assert lab("docker rm -f web") == "web\n"
    assert lab("docker rm -f web") == "Error response from daemon: No such container: web\n"
    assert lab.code == 0
    assert lab("docker rm web") == "Error response from daemon: No such container: web\n"
    assert lab.code == 1


def test_rm_of_a_paused_container(lab):
    lab.ok("docker run -d --name web nginx")
    lab.ok("docker pause web")
    assert lab("docker rm web") == (
        'Error response from daemon: cannot remove container "web": container is paused and must be '
        "unpaused first\n")
    assert lab("docker ps --format '{{.Status}}'") == "Up Less than a second (Paused)\n"
    assert lab("docker exec web ls") == (
        "Error response from daemon: Container web is paused, unpause the container before exec\n")
    assert lab("docker start web") == (
        "Error response from daemon: cannot start a paused container, try unpause instead\n"
        "Error: failed to start containers: web\n")
    assert lab("docker unpause web") == "web\n"


def test_start_of_unknown_container(lab):
    assert lab("docker start nope") == (
        "Error response from daemon: No such container: nope\nError: failed to start containers: nope\n")
    assert lab.code == 1


def test_sleep_container_exits_when_its_time_has_come(lab):
    lab.ok("docker run -d --name sl alpine sleep 30")
    lab.advance(29)
    assert lab("docker ps --format '{{.Status}}'") == "Up 29 seconds\n"
    lab.advance(2)
    assert lab("docker ps -a --format '{{.Status}}'") == "Exited (0) 1 second ago\n"


def test_restart_always_restarts_a_failing_process(lab):
    lab.ok("docker run -d --name rs --restart always alpine sh -c 'exit 1'")
    assert lab("docker ps --format '{{.Status}}'") == "Restarting (1) Less than a second ago\n"
    lab.advance(5)
    lab("docker ps")
    c = lab.container("rs")
    assert c.restart_count == 5
    assert lab("docker inspect -f '{{.RestartCount}} {{.State.Status}}' rs") == "5 restarting\n"


def test_restart_on_failure_gives_up_after_its_count(lab):
    lab.ok("docker run -d --name rs --restart on-failure:2 alpine sh -c 'exit 4'")
    lab.advance(60)
    assert lab("docker ps -a --format '{{.Status}}'") == "Exited (4) 59 seconds ago\n"
    assert lab.container("rs").restart_count == 2


def test_stopped_container_with_restart_policy_stays_stopped(lab):
    lab.ok("docker run -d --name rs --restart always alpine sleep 5")
    lab.ok("docker stop rs")
    lab.advance(100)
    assert lab("docker ps -aq --filter status=exited") == lab.container("rs").id[:12] + "\n"


def test_restart_policy_conflicts_with_rm(lab):
    assert lab("docker run --rm --restart always alpine") == (
        "docker: Error response from daemon: can't create 'AutoRemove' container with restart policy" + HELP)
    assert lab("docker run --restart sometimes alpine") == (
        "docker: Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of "
        "'no', 'always', 'on-failure', or 'unless-stopped'" + HELP)


def test_logs_with_tail_timestamps_and_since(lab):
    lab.ok("docker run --name lg alpine sh -c 'echo one; echo two; echo three'")
    assert lab("docker logs lg") == "one\ntwo\nthree\n"
    assert lab("docker logs --tail 2 lg") == "two\nthree\n"
    assert lab("docker logs -n 0 lg") == ""
    assert lab("docker logs -t --tail 1 lg") == "2025-11-28T08:00:00.000000000Z three\n"
    lab.advance(120)
    assert lab("docker logs --since 1m lg") == ""
    assert lab("docker logs --since 3m lg") == "one\ntwo\nthree\n"
    assert lab("docker logs nope") == "Error response from daemon: No such container: nope\n"


def test_foreground_sleep_in_a_container_runs_on_its_own_time(lab):
    lab.ok("docker run -d --name sl alpine sh -c 'echo a; sleep 5; echo b'")
    assert lab.session.clock.now() == lab.container("sl").created
    assert lab("docker logs sl") == "a\n"
    lab.advance(6)
    assert lab("docker logs sl") == "a\nb\n"
    assert lab("docker ps -a --format '{{.Status}}'") == "Exited (0) 1 second ago\n"
    assert lab("docker run --rm alpine sh -c 'sleep 2; echo done'") == "done\n"


def test_logs_follow_blocks_on_a_running_container(lab):
    lab.ok("docker run -d --name sl alpine sh -c 'echo started; sleep 1000'")
    assert lab("docker logs -f sl") == "started\n^C\n"
    assert lab.code == 130


def test_attached_run_of_a_server_blocks_and_ctrl_c_stops_it(lab):
    out = lab("docker run --name web nginx")
    assert out.endswith("Configuration complete; ready for start up\n" + out.split("ready for start up\n", 1)[1])
    assert out.endswith("^C\n") and lab.code == 130
    assert lab.container("web").state.status == "exited"


def test_exec_runs_in_the_container(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    assert lab("docker exec sl cat /etc/hostname") == lab.container("sl").id[:12] + "\n"
    assert lab("docker exec -e GREETING=hi sl sh -c 'echo $GREETING'") == "hi\n"
    assert lab("docker exec -w /etc sl sh -c pwd") == "/etc\n"
    assert lab("docker exec -u nobody sl whoami") == "nobody\n"
    assert lab("docker exec sl sh -c 'exit 5'") == "" and lab.code == 5
    assert lab("docker exec sl nosuch") == (
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable '
        "file not found in $PATH: unknown\n")
    assert lab.code == 127


def test_exec_into_a_stopped_container(lab):
    cid = lab.ok("docker create --name cc alpine").strip()
    assert lab("docker exec cc ls") == f"Error response from daemon: container {cid} is not running\n"
    assert lab.code == 1


def test_environment_of_the_main_process(lab):
    out = lab("docker run --rm -e FOO=bar -h box alpine env")
    assert out == ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=box\nFOO=bar\n"
                   "HOME=/root\n")


def test_env_file_workdir_and_user(lab):
    lab.ok("printf 'A=1\\n# comment\\nB=two\\n' > app.env")
    assert lab("docker run --rm --env-file app.env alpine sh -c 'echo $A $B'") == "1 two\n"
    assert lab("docker run --rm -w /tmp alpine sh -c pwd") == "/tmp\n"
    assert lab("docker run --rm -u 65534 alpine id -u") == "65534\n"
    assert lab("docker run --rm --env-file nope.env alpine") == (
        "docker: open nope.env: no such file or directory" + HELP)


def test_a_relative_working_directory_is_refused_by_the_daemon():
    lab = Lab()
    assert lab("docker run -w rel alpine") == (
        "docker: Error response from daemon: the working directory 'rel' is invalid, it needs to be an "
        "absolute path" + HELP)
    assert lab.code == 125 and lab("docker images -q") == ""


def test_a_missing_working_directory_is_created_with_the_container(lab):
    lab.ok("docker run -d --name notes -w /notes/today alpine sleep infinity")
    lab.ok("docker exec notes sh -c 'echo hi > todo.txt'")
    assert lab("docker exec notes cat /notes/today/todo.txt") == "hi\n"
    assert lab("docker diff notes") == "A /notes\nA /notes/today\nA /notes/today/todo.txt\n"
    assert lab("docker run -w /etc/hostname alpine pwd") == (
        "docker: Error response from daemon: Cannot mkdir: /etc/hostname is not a directory" + HELP)
    assert lab.code == 125 and lab("docker ps -aq | wc -l") == "1\n"


def test_etc_files_of_a_container(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    short = lab.container("sl").id[:12]
    assert lab("docker exec sl hostname") == short + "\n"
    assert lab("docker exec sl cat /etc/hosts") == (
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
        f"ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n172.17.0.2\t{short}\n")
    assert lab("docker diff sl") == ""


def test_ps_filters_and_flags(lab):
    lab.ok("docker run -d --name web -l tier=front nginx")
    lab.ok("docker run --name done alpine true")
    lab.ok("docker create --name fresh alpine")
    assert lab("docker ps --format '{{.Names}}'") == "web\n"
    assert lab("docker ps -a --format '{{.Names}}'") == "fresh\ndone\nweb\n"
    assert lab("docker ps -a --filter status=exited --format '{{.Names}}'") == "done\n"
    assert lab("docker ps -a --filter exited=0 --format '{{.Names}}'") == "done\n"
    assert lab("docker ps -a --filter name=we --format '{{.Names}}'") == "web\n"
    assert lab("docker ps -a --filter label=tier=front --format '{{.Names}}'") == "web\n"
    assert lab("docker ps -a --filter ancestor=alpine --format '{{.Names}}'") == "fresh\ndone\n"
    assert lab("docker ps -n 1 --format '{{.Names}}'") == "fresh\n"
    assert lab("docker ps -l --format '{{.Names}} {{.State}}'") == "fresh created\n"
    assert lab("docker ps --filter status=nope") == "Error response from daemon: invalid filter 'status=nope'\n"
    assert lab("docker ps --filter bogus=1") == "Error response from daemon: invalid filter 'bogus'\n"


def test_ps_no_trunc_and_size(lab):
    cid = lab.ok("docker run -d --name web nginx").strip()
    assert lab("docker ps --no-trunc --format '{{.ID}} {{.Command}}'") == (
        f"{cid} \"/docker-entrypoint.sh nginx -g 'daemon off;'\"\n")
    lab.ok("docker rm -f web")
    lab.ok("docker run -d alpine sleep 100")
    assert lab("docker ps -s --format '{{.Size}}'") == "0B (virtual 8.31MB)\n"


def test_inspect_container_structure(lab):
    lab.ok("docker run -d --name web -e A=1 nginx")
    import json
    data = json.loads(lab("docker container inspect web"))[0]
    assert list(data) == ["Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath", "HostnamePath",
                          "HostsPath", "LogPath", "Name", "RestartCount", "Driver", "Platform", "MountLabel",
                          "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig", "GraphDriver", "Mounts",
                          "Config", "NetworkSettings"]
    assert data["Name"] == "/web"
    assert data["Config"]["Env"][:2] == ["A=1", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    assert data["NetworkSettings"]["IPAddress"] == "172.17.0.2"
    assert data["NetworkSettings"]["Networks"]["bridge"]["MacAddress"] == data["NetworkSettings"]["MacAddress"]
    assert lab("docker inspect -f '{{.State.Status}} {{.Config.Image}}' web") == "running nginx\n"


def test_inspect_of_unknown_objects(lab):
    assert lab("docker inspect nope") == "[]\nError: No such object: nope\n"
    assert lab.code == 1
    assert lab("docker container inspect nope") == "[]\nError response from daemon: No such container: nope\n"


def test_top_and_stats(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    pid = lab.container("sl").state.pid
    assert lab("docker top sl") == (
        "UID                 PID                 PPID                C                   STIME               "
        "TTY                 TIME                CMD\n"
        f"root                {pid:<20}{pid - 21:<20}0                   08:00               ?                   "
        "00:00:00            sleep 1000\n")
    out = lab("docker stats --no-stream")
    assert out.splitlines()[0].split() == ["CONTAINER", "ID", "NAME", "CPU", "%", "MEM", "USAGE", "/", "LIMIT",
                                           "MEM", "%", "NET", "I/O", "BLOCK", "I/O", "PIDS"]
    assert "sl" in out.splitlines()[1].split()


def test_cp_both_ways_and_diff(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    lab.ok("echo hello > note.txt")
    assert lab("docker cp note.txt sl:/tmp/") == ""
    assert lab("docker exec sl cat /tmp/note.txt") == "hello\n"
    lab.ok("docker cp sl:/etc/alpine-release ./release")
    assert lab("cat release") == lab("docker exec sl cat /etc/alpine-release")
    assert lab("docker diff sl") == "C /tmp\nA /tmp/note.txt\n"
    assert lab("docker cp sl:/nope .") == "Error response from daemon: Could not find the file /nope in container sl\n"


def test_cp_streams_a_tar_archive_through_stdio(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    assert lab("docker cp sl:/etc/alpine-release - | tar -t") == "alpine-release\n"
    assert lab("docker cp sl:/etc/alpine-release - | tar -x -C /tmp && cat /tmp/alpine-release") == (
        lab("docker exec sl cat /etc/alpine-release"))
    lab.ok("echo hello > note.txt && tar -c note.txt | docker cp - sl:/tmp")
    assert lab("docker exec sl cat /tmp/note.txt") == "hello\n"


def test_commit_makes_an_image_with_the_change(lab):
    lab.ok("docker run --name cc alpine sh -c 'echo data > /hello.txt'")
    image_id = lab.ok("docker commit cc snap:v1").strip()
    assert image_id.startswith("sha256:")
    assert lab("docker run --rm snap:v1 cat /hello.txt") == "data\n"
    assert lab("docker images --format '{{.Repository}}:{{.Tag}}' snap") == "snap:v1\n"


def test_rename_wait_port_and_update(lab):
    lab.ok("docker run -d --name web -p 8080:80 -p 443 nginx")
    assert lab("docker port web") == (
        "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n443/tcp -> 0.0.0.0:32768\n443/tcp -> [::]:32768\n")
    assert lab("docker port web 80") == "0.0.0.0:8080\n[::]:8080\n"
    assert lab("docker port web 81") == "Error: No public port '81/tcp' published for web\n"
    assert lab("docker rename web site") == ""
    assert lab("docker ps --format '{{.Names}}'") == "site\n"
    assert lab("docker update --restart always site") == "site\n"
    assert lab.container("site").host_config["RestartPolicy"] == {"Name": "always", "MaximumRetryCount": 0}
    lab.ok("docker run -d --name short alpine sleep 3")
    assert lab("docker wait short") == "0\n"


def test_container_prune_asks_first(lab):
    cid = lab.container(lab.ok("docker create --name cc alpine").strip()[:12]).id
    assert lab("docker container prune") == (
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ")
    assert lab.session.prompt == ""
    assert lab("n") == "" and lab.code == 0
    assert lab.container("cc") is not None
    lab("docker container prune")
    assert lab("y") == f"Deleted Containers:\n{cid}\n\nTotal reclaimed space: 0B\n"
    assert lab.session.prompt == "root@slipway:~# "


def test_interactive_shell_in_a_new_container(lab):
    assert lab("docker run -it --name box alpine sh") == ""
    assert lab.session.prompt == "/ # "
    assert lab("echo hi") == "hi\n"
    lab("cd /tmp")
    assert lab.session.prompt == "/tmp # "
    assert lab("exit 2") == ""
    assert lab.session.prompt == "root@slipway:~# "
    assert lab("docker ps -a --format '{{.Status}}'") == "Exited (2) Less than a second ago\n"


def test_exec_it_shell_leaves_the_container_running(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    lab.ok("docker exec -it sl sh")
    assert lab.session.prompt == "/ # "
    assert lab("hostname") == lab.container("sl").id[:12] + "\n"
    lab("exit")
    assert lab.container("sl").state.status == "running"


def test_ubuntu_bash_prompt():
    lab = Lab()
    lab("docker run -it ubuntu bash")
    short = lab.container(lab.engine.containers.all()[0].id).id[:12]
    assert lab.session.prompt == f"root@{short}:/# "


def test_interrupting_a_question_cancels_it(lab):
    lab("docker container prune")
    assert lab.session.interrupt() == "\n"
    assert lab.session.prompt == "root@slipway:~# "


def test_read_only_root_filesystem(lab):
    assert lab("docker run --rm --read-only alpine touch /x") == "touch: /x: Read-only file system\n"
    assert lab.code == 1
    assert lab("docker run --rm --read-only --tmpfs /scratch alpine touch /scratch/x") == ""


def test_ps_inside_a_container_lists_its_main_process(lab):
    lab.ok("docker run -d --name sl alpine sleep 1000")
    assert lab("docker exec sl ps") == "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 1000\n    7 root      0:00 ps\n"


def test_cidfile_and_unknown_user(lab):
    cid = lab.ok("docker create --cidfile /tmp/cid alpine").strip()
    assert lab("cat /tmp/cid") == cid
    assert lab("docker create --cidfile /tmp/cid alpine") == (
        "docker: container ID file found, make sure the other container isn't running or delete /tmp/cid"
        "\n\nRun 'docker create --help' for more information\n")
    assert lab("docker run -u nosuch alpine") == (
        "docker: Error response from daemon: unable to find user nosuch: no matching entries in passwd file" + HELP)
    assert lab.code == 125


def test_published_ports_are_dropped_on_the_host_network(lab):
    out = lab("docker run -d --network host -p 80:80 nginx")
    assert out.startswith("WARNING: Published ports are discarded when using host network mode\n")


@pytest.mark.parametrize("verb", ["stop", "kill", "restart", "pause", "unpause", "wait", "top", "port", "diff"])
def test_verbs_on_an_unknown_container(lab, verb):
    assert lab(f"docker {verb} nope") == "Error response from daemon: No such container: nope\n"
    assert lab.code == 1


def test_exec_in_an_unknown_container(lab):
    assert lab("docker exec nope ls") == "Error response from daemon: No such container: nope\n"


@pytest.mark.parametrize("flags, message", [
    ("-p abc:80", "invalid hostPort: abc"),
    ("-p 99999:80", "invalid hostPort: 99999"),
    ("-p 8080:80/xyz", "invalid proto: xyz"),
    ("--expose 1:2", "invalid port format for --expose: 1:2"),
    ("-m 1k", "Error response from daemon: Minimum memory limit allowed is 6MB"),
    ("--cpus 8", "Error response from daemon: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs "
                 "available"),
    ("--network-alias web", "Error response from daemon: network-scoped alias is supported only for "
                            "containers in user defined networks"),
    ("--restart on-failure:x", "invalid restart policy format: maximum retry count must be an integer"),
])
def test_run_flag_values_the_cli_or_daemon_refuses(lab, flags, message):
    assert lab(f"docker run -d {flags} alpine") == f"docker: {message}" + HELP
    assert lab.code == 125


def test_bad_memory_size_is_a_flag_error(lab):
    assert lab("docker run -m lots alpine") == (
        'invalid argument "lots" for "-m, --memory" flag: invalid size: \'lots\'\n\n'
        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n")
    assert lab.code == 125


def test_port_already_allocated_leaves_the_container_created(lab):
    lab.ok("docker run -d -p 8080:80 --name web nginx")
    out = lab("docker run -d -p 8080:80 --name web2 nginx")
    cid = lab.container("web2").id
    expected = (re.escape(f"{cid}\ndocker: Error response from daemon: driver failed programming external "
                          "connectivity on endpoint web2 (") + "[0-9a-f]{64}"
                + re.escape("): Bind for 0.0.0.0:8080 failed: port is already allocated" + HELP))
    assert re.fullmatch(expected, out)
    assert lab.code == 125
    assert lab("docker ps -a --filter name=web2 --format '{{.Status}}'") == "Created\n"


def test_leaving_bash_says_exit():
    lab = Lab()
    lab("docker run -it --name u1 ubuntu")
    assert lab("exit 1") == "exit\n"
    assert lab.container("u1").state.exit_code == 1


def test_name_filter_regexes_cannot_hang(lab):
    lab.ok("docker create --name " + "a" * 60 + " alpine")
    assert lab("docker ps -aq --filter 'name=(a+)+$'") == ""
    assert lab("docker ps -a --filter 'name=^/a{60}$' --format '{{.Names}}'") == "a" * 60 + "\n"
    assert lab("docker ps --filter 'name=('") == "Error response from daemon: invalid filter 'name=('\n"


def test_healthcheck_flags_and_status(lab):
    lab.ok("docker run -d --name hc --health-cmd 'test -f /tmp/ready' --health-interval 5s alpine "
           "sh -c 'touch /tmp/ready; sleep 1000'")
    assert lab.container("hc").config["Healthcheck"] == {"Test": ["CMD-SHELL", "test -f /tmp/ready"],
                                                         "Interval": 5_000_000_000}
    assert lab("docker ps --format '{{.Status}}'") == "Up Less than a second (health: starting)\n"
    lab.advance(6)
    assert lab("docker ps --format '{{.Status}}'") == "Up 6 seconds (healthy)\n"
    assert lab("docker inspect -f '{{.State.Health.Status}}' hc") == "healthy\n"
    assert lab("docker ps -q --filter health=healthy") == lab.container("hc").id[:12] + "\n"
    assert lab("docker run --health-interval 5x alpine") == (
        'invalid argument "5x" for "--health-interval" flag: time: invalid duration "5x"\n\n'
        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n")


def test_start_ai_and_attach_give_the_terminal_to_the_shell(lab):
    lab.ok("docker create -it --name box alpine")
    assert lab("docker start -ai box") == ""
    assert lab.session.prompt == "/ # "
    lab("exit")
    assert lab.container("box").state.status == "exited"
    lab.ok("docker run -dit --name bg alpine")
    assert lab.container("bg").state.status == "running"
    lab.ok("docker attach bg")
    assert lab.session.prompt == "/ # "
    lab("exit 4")
    assert lab("docker ps -a --filter name=bg --format '{{.Status}}'") == "Exited (4) Less than a second ago\n"
    assert lab("docker attach bg") == "You cannot attach to a stopped container, start it first\n"
    assert lab("docker start -a hello") == "Error response from daemon: No such container: hello\n"


def test_restart_delay_resets_after_a_long_run(lab):
    lab.ok("docker run -d --name rs --restart always alpine sleep 15")
    lab.advance(15 * 4 + 1)
    lab("docker ps")
    assert lab.container("rs").restart_count == 4
    assert lab.container("rs").state.backoff == 0.1
