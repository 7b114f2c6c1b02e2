"""`docker compose` commands against the simulated engine: exact output, state afterwards."""
import json

import pytest
from hypothesis import given, settings, strategies as st

from simulator.programs.base import Blocked

from compose_harness import ACCEPTANCE, Host

WEB_DB = ACCEPTANCE.replace("image: mysql:latest\n",
                            "image: busybox:latest\n    command: sleep 3600\n")

HEALTHY = """\
services:
  web:
    image: nginx
    depends_on:
      db:
        condition: service_healthy
  db:
    image: busybox
    command: sleep 3600
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
  init:
    image: busybox
    command: echo initialised
  worker:
    image: busybox
    command: sleep 1000
    depends_on:
      init:
        condition: service_completed_successfully
"""


def up(host, line="docker compose up -d"):
    out, err, code = host.run(line)
    assert code == 0, err
    return err


def test_up_detached_plain_progress_and_state():
    host = Host({"compose.yaml": WEB_DB})
    assert up(host) == (
        " db Pulling \n db Pulled \n web Pulling \n web Pulled \n"
        " Network app_default  Creating\n Network app_default  Created\n"
        " Volume my-vol  Creating\n Volume my-vol  Created\n"
        " Container app-db-1  Creating\n Container app-db-1  Created\n"
        " Container app-web-1  Creating\n Container app-web-1  Created\n"
        " Container app-db-1  Starting\n Container app-db-1  Started\n"
        " Container app-web-1  Starting\n Container app-web-1  Started\n")
    assert host.names() == ["app-db-1", "app-web-1"]
    web = host.engine.containers.get("app-web-1")
    labels = web.config["Labels"]
    assert labels["com.docker.compose.project"] == "app"
    assert labels["com.docker.compose.service"] == "web"
    assert labels["com.docker.compose.container-number"] == "1"
    assert labels["com.docker.compose.oneoff"] == "False"
    assert labels["com.docker.compose.project.config_files"] == "/root/app/compose.yaml"
    assert len(labels["com.docker.compose.config-hash"]) == 64
    assert web.host_config["PortBindings"] == {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}
    db = host.engine.containers.get("app-db-1")
    assert db.host_config["RestartPolicy"] == {"Name": "always", "MaximumRetryCount": 0}
    assert "MYSQL_ROOT_PASSWORD=somepass" in db.config["Env"]
    assert host.engine.volumes.get("my-vol").labels["com.docker.compose.volume"] == "my_vol"
    network = host.engine.networks.get("app_default")
    assert network.labels["com.docker.compose.network"] == "default"


def test_up_again_changes_nothing_then_recreates_only_what_changed():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    ids = {c.name: c.id for c in host.engine.containers.all()}
    assert up(host) == " Container app-db-1  Running\n Container app-web-1  Running\n"
    host.write("compose.yaml", WEB_DB.replace("somepass", "otherpass"))
    assert up(host, "docker compose up -d --no-recreate") == (
        " Container app-db-1  Running\n Container app-web-1  Running\n")
    assert up(host) == (" Container app-db-1  Recreate\n Container app-db-1  Recreated\n"
                        " Container app-db-1  Starting\n Container app-db-1  Started\n"
                        " Container app-web-1  Running\n")
    after = {c.name: c.id for c in host.engine.containers.all()}
    assert after["app-web-1"] == ids["app-web-1"]
    assert after["app-db-1"] != ids["app-db-1"]


def test_force_recreate_no_deps_and_scale():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    assert up(host, "docker compose up -d --force-recreate --no-deps web") == (
        " Container app-web-1  Recreate\n Container app-web-1  Recreated\n"
        " Container app-web-1  Starting\n Container app-web-1  Started\n")
    host.write("compose.yaml", WEB_DB.replace('      - "8080:80"\n', '      - "80"\n'))
    up(host, "docker compose up -d --scale web=3")
    assert host.names() == ["app-db-1", "app-web-1", "app-web-2", "app-web-3"]
    err = up(host, "docker compose up -d --scale web=1")
    assert " Container app-web-3  Removed\n" in err
    assert host.names() == ["app-db-1", "app-web-1"]


def test_dependency_conditions_wait_and_report():
    host = Host({"compose.yaml": HEALTHY})
    err = up(host)
    assert err.endswith(
        " Container app-db-1  Starting\n Container app-db-1  Started\n"
        " Container app-init-1  Starting\n Container app-init-1  Started\n"
        " Container app-db-1  Waiting\n Container app-db-1  Healthy\n"
        " Container app-web-1  Starting\n Container app-web-1  Started\n"
        " Container app-init-1  Waiting\n Container app-init-1  Exited\n"
        " Container app-worker-1  Starting\n Container app-worker-1  Started\n")
    out, _, _ = host.run("docker compose ps --format '{{.Name}} {{.State}} {{.Health}}'")
    assert out == "app-db-1 running healthy\napp-web-1 running \napp-worker-1 running \n"


def test_ps_shows_the_health_in_status_as_docker_ps_does():
    host = Host({"compose.yaml": HEALTHY})
    up(host)
    line = "docker compose ps db --format '{{.Status}}|{{.Health}}'"
    assert host.run(line) == ("Up 5 seconds (healthy)|healthy\n", "", 0)
    assert host.run("docker ps --filter name=db --format '{{.Status}}'") == ("Up 5 seconds (healthy)\n", "", 0)
    host.run("docker compose restart db")
    assert host.run(line) == ("Up Less than a second (health: starting)|starting\n", "", 0)


def test_unhealthy_dependency_stops_up():
    host = Host({"compose.yaml": HEALTHY.replace('["CMD", "true"]', '["CMD", "false"]')})
    out, err, code = host.run("docker compose up -d web")
    assert code == 1
    assert err.endswith(" Container app-db-1  Waiting\n Container app-db-1  Error\n"
                        "dependency failed to start: container app-db-1 is unhealthy\n")
    assert "app-web-1" in host.names() and not host.engine.containers.get("app-web-1").running


def test_failed_one_shot_dependency():
    host = Host({"compose.yaml": HEALTHY.replace("echo initialised", "sh -c 'exit 3'")})
    _, err, code = host.run("docker compose up -d worker")
    assert code == 1
    assert err.endswith(" Container app-init-1  Waiting\n Container app-init-1  Exited\n"
                        "service \"init\" didn't complete successfully: exit 3\n")


def test_ps_table_and_options():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    host.engine.clock.advance(65)
    out, _, _ = host.run("docker compose ps")
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS",
                                "PORTS"]
    assert lines[2].startswith("app-web-1   nginx            \"/docker-entrypoint.…\"   web       "
                               "About a minute ago   Up About a minute   0.0.0.0:8080->80/tcp, "
                               "[::]:8080->80/tcp")
    assert host.run("docker compose ps --services")[0] == "db\nweb\n"
    assert host.run("docker compose ps -q web")[0] == \
        host.engine.containers.get("app-web-1").id[:12] + "\n"
    host.run("docker compose stop web")
    assert host.run("docker compose ps --services")[0] == "db\n"
    out, _, _ = host.run("docker compose ps -a --format '{{.Service}}:{{.Status}}'")
    assert out == "db:Up About a minute\nweb:Exited (0) Less than a second ago\n"
    assert host.run("docker compose ps --status exited --format '{{.Name}}'")[0] == "app-web-1\n"


def test_stop_start_restart_report_in_order():
    host = Host({"compose.yaml": HEALTHY})
    up(host)
    _, err, _ = host.run("docker compose stop")
    assert err == (" Container app-worker-1  Stopping\n Container app-worker-1  Stopped\n"
                   " Container app-web-1  Stopping\n Container app-web-1  Stopped\n"
                   " Container app-init-1  Stopping\n Container app-init-1  Stopped\n"
                   " Container app-db-1  Stopping\n Container app-db-1  Stopped\n")
    _, err, _ = host.run("docker compose start db")
    assert err == " Container app-db-1  Starting\n Container app-db-1  Started\n"
    _, err, _ = host.run("docker compose restart db")
    assert err == " Container app-db-1  Restarting\n Container app-db-1  Started\n"


def test_down_removes_containers_and_network_keeps_volume():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    _, err, code = host.run("docker compose down")
    assert code == 0
    assert err == (" Container app-web-1  Stopping\n Container app-web-1  Stopped\n"
                   " Container app-db-1  Stopping\n Container app-db-1  Stopped\n"
                   " Container app-web-1  Removing\n Container app-web-1  Removed\n"
                   " Container app-db-1  Removing\n Container app-db-1  Removed\n"
                   " Network app_default  Removing\n Network app_default  Removed\n")
    assert host.names() == []
    assert host.engine.networks.get("app_default") is None
    assert host.engine.volumes.get("my-vol") is not None


def test_down_v_and_rmi_remove_everything_created():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    _, err, _ = host.run("docker compose down -v --rmi all")
    assert " Volume my-vol  Removing\n Volume my-vol  Removed\n" in err
    assert " Image nginx  Removing\n Image nginx  Removed\n" in err
    assert host.engine.volumes.get("my-vol") is None
    assert host.engine.images.get("nginx") is None
    assert host.engine.images.get("busybox:latest") is None


def test_orphans_warned_then_removed():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    host.write("compose.yaml", "services:\n  web:\n    image: nginx\n")
    _, err, _ = host.run("docker compose up -d")
    assert err.startswith("WARN[0000] Found orphan containers ([app-db-1]) for this project. If "
                          "you removed or renamed this service in your compose file, you can run "
                          "this command with the --remove-orphans flag to clean it up.\n")
    host.run("docker compose up -d --remove-orphans")
    assert host.names() == ["app-web-1"]


def test_logs_prefixed_per_service_and_no_prefix():
    host = Host({"compose.yaml": HEALTHY})
    up(host)
    assert host.run("docker compose logs init")[0] == "init-1  | initialised\n"
    assert host.run("docker compose logs --no-log-prefix init")[0] == "initialised\n"
    out, _, _ = host.run("docker compose logs init", tty=True)
    assert out == "\x1b[36minit-1  | \x1b[0minitialised\n"


def test_logs_follow_blocks_while_something_runs():
    host = Host({"compose.yaml": HEALTHY})
    up(host)
    with pytest.raises(Blocked):
        host.run("docker compose logs -f db")


def test_attached_up_prints_logs_and_exit_codes_of_one_shot_services():
    host = Host({"compose.yaml": "services:\n  hello:\n    image: busybox\n"
                                 "    command: echo hello from compose\n"})
    out, err, code = host.run("docker compose up")
    assert code == 0
    assert err.endswith(" Container app-hello-1  Creating\n Container app-hello-1  Created\n")
    assert out == "Attaching to hello-1\nhello-1  | hello from compose\nhello-1 exited with code 0\n"


def test_attached_up_of_a_server_stops_it_on_interrupt():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n  hello:\n"
                                 "    image: busybox\n    command: echo hi\n"})
    out, err = [], []
    with pytest.raises(Blocked):
        host.run("docker compose up", out=out, err=err)
    assert "".join(out).startswith("Attaching to hello-1, web-1\nhello-1  | hi\nweb-1    | ")
    assert "".join(out).endswith("hello-1 exited with code 0\n"
                                 "Gracefully stopping... (press Ctrl+C again to force)\n")
    assert "".join(err).endswith(" Container app-web-1  Stopping\n Container app-web-1  Stopped\n"
                                 " Container app-hello-1  Stopping\n"
                                 " Container app-hello-1  Stopped\n")
    assert not host.engine.containers.get("app-web-1").running


def test_exec_and_run():
    host = Host({"compose.yaml": HEALTHY})
    up(host)
    assert host.run("docker compose exec db echo hi") == ("hi\n", "", 0)
    assert host.run("docker compose exec -T db sh -c 'exit 4'")[2] == 4
    out, _, code = host.run("docker compose run --rm init echo one-off")
    assert (out, code) == ("one-off\n", 0)
    assert not [c for c in host.engine.containers.all() if "-run-" in c.name]
    _, err, code = host.run("docker compose exec web")
    assert (err, code) == ("requires at least 2 arg(s), only received 1\n", 1)
    _, err, code = host.run("docker compose exec nope ls")
    assert (err, code) == ("no such service: nope\n", 1)


def test_exec_needs_a_running_service():
    host = Host({"compose.yaml": HEALTHY})
    _, err, code = host.run("docker compose exec db ls")
    assert (err, code) == ('service "db" is not running\n', 1)


def test_config_services_volumes_and_warning():
    host = Host({"compose.yaml": "version: '3.8'\n" + WEB_DB})
    out, err, code = host.run("docker compose config --services")
    assert (out, code) == ("db\nweb\n", 0)
    assert err == ("WARN[0000] /root/app/compose.yaml: the attribute `version` is obsolete, it will "
                   "be ignored, please remove it to avoid potential confusion\n")
    assert host.run("docker compose config --volumes")[0] == "my_vol\n"
    assert host.run("docker compose config -q") == ("", err, 0)


def test_errors_are_compose_words_with_status_1():
    host = Host({}, cwd="/root/empty")
    assert host.run("docker compose up -d") == ("", "no configuration file provided: not found\n", 1)
    host = Host({"compose.yaml": "services:\n  db:\n    image: mysql\n    enviroment: {}\n"})
    assert host.run("docker compose ps")[1:] == (
        "validating /root/app/compose.yaml: services.db additional properties 'enviroment' not "
        "allowed\n", 1)
    _, err, code = host.run("docker compose frobnicate")
    assert (err, code) == ('unknown docker command: "compose frobnicate"\n', 1)
    _, err, code = host.run("docker compose up --bogus")
    assert code == 125 and err.startswith("unknown flag: --bogus\n\nUsage:  docker compose up ")


def test_docker_compose_program_is_the_same_code():
    host = Host({"docker-compose.yml": WEB_DB})
    out, _, code = host.run("docker-compose up -d")
    assert code == 0
    assert host.run("docker-compose version")[0] == "Docker Compose version v2.40.3\n"
    assert host.run("docker compose ps --services")[0] == "db\nweb\n"


def test_tty_progress_display():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n"})
    host.run("docker pull nginx")
    _, err, _ = host.run("docker compose up -d", tty=True)
    ok = "\x1b[32m✔\x1b[0m"
    assert err == ("\x1b[34m[+] Running 2/2\x1b[0m\n"
                   f" {ok} Network app_default  Created" + " " * 44 + "0.1s \n"
                   f" {ok} Container app-web-1  Started" + " " * 44 + "0.2s \n")


def test_port_images_ls_top():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    assert host.run("docker compose port web 80") == ("0.0.0.0:8080\n", "", 0)
    out = host.run("docker compose images")[0].splitlines()
    assert out[0].split() == ["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE", "ID",
                              "SIZE"]
    assert [line.split()[:3] for line in out[1:]] == [["app-db-1", "busybox", "latest"],
                                                        ["app-web-1", "nginx", "latest"]]
    assert host.run("docker compose ls")[0] == (
        "NAME      STATUS       CONFIG FILES\napp       running(2)   /root/app/compose.yaml\n")
    top = host.run("docker compose top web")[0].splitlines()
    assert top[0] == "app-web-1"
    assert top[1].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert top[1].index("PID") == len("root   ")
    assert top[2].startswith("root   ") and top[2].endswith(
        "   ?     00:00:00   nginx: master process nginx -g daemon off;")


def test_rm_removes_stopped_containers_only():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    assert host.run("docker compose rm -f") == ("", "No stopped containers\n", 0)
    host.run("docker compose stop web")
    _, err, _ = host.run("docker compose rm -f")
    assert err == " Container app-web-1  Removing\n Container app-web-1  Removed\n"
    assert host.names() == ["app-db-1"]


def test_ps_json_lines():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    out, _, _ = host.run("docker compose ps --format json web")
    assert out.count("\n") == 1
    row = json.loads(out)
    web = host.engine.containers.get("app-web-1")
    assert list(row) == sorted(row)
    assert (row["ID"], row["Name"], row["Service"], row["State"]) == (web.id[:12], "app-web-1",
                                                                      "web", "running")
    assert row["Command"] == '"/docker-entrypoint.…"'
    assert row["Publishers"] == [
        {"URL": "0.0.0.0", "TargetPort": 80, "PublishedPort": 8080, "Protocol": "tcp"},
        {"URL": "::", "TargetPort": 80, "PublishedPort": 8080, "Protocol": "tcp"}]
    assert "\\u003cdocker-maint@nginx.com\\u003e" in out
    row = json.loads(host.run("docker compose ps --format json --no-trunc web")[0])
    assert (row["ID"], row["Command"]) == (
        web.id, "\"/docker-entrypoint.sh nginx -g 'daemon off;'\"")


def test_several_networks_with_aliases():
    host = Host({"compose.yaml": """\
services:
  web:
    image: nginx
    networks: [front]
  api:
    image: nginx
    networks:
      front:
      back:
        aliases: [backend]
  db:
    image: busybox
    command: sleep 1000
    networks: [back]
networks:
  front:
  back:
    name: shared-back
"""})
    err = up(host)
    assert " Network app_front  Created\n" in err and " Network shared-back  Created\n" in err
    api = host.engine.containers.get("app-api-1")
    assert sorted(api.networks) == ["app_front", "shared-back"]
    assert api.networks["shared-back"].aliases == ["app-api-1", "api", "backend"]
    assert list(host.engine.containers.get("app-db-1").networks) == ["shared-back"]
    host.run("docker compose down")
    assert host.engine.networks.get("app_front") is None
    assert host.engine.networks.get("shared-back") is None


def test_down_leaves_a_network_another_container_uses():
    host = Host({"compose.yaml": WEB_DB})
    up(host)
    host.run("docker run -d --name visitor --network app_default busybox sleep 1000")
    _, err, code = host.run("docker compose down")
    assert code == 0
    assert err.endswith(" Network app_default  Removing\n"
                        " Network app_default  Resource is still in use\n")
    assert host.engine.networks.get("app_default") is not None


def test_stop_signal_and_grace_period_reach_the_container():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n    stop_signal: SIGQUIT\n"
                                 "    stop_grace_period: 20s\n"})
    up(host)
    config = host.engine.containers.get("app-web-1").config
    assert (config["StopSignal"], config["StopTimeout"]) == ("SIGQUIT", 20)


def test_profile_flag_enables_a_service():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n  tools:\n"
                                 "    image: busybox\n    command: sleep 100\n"
                                 "    profiles: [debug]\n"})
    up(host)
    assert host.names() == ["app-web-1"]
    up(host, "docker compose --profile debug up -d")
    assert host.names() == ["app-tools-1", "app-web-1"]


def test_up_wait_reports_health():
    host = Host({"compose.yaml": HEALTHY})
    err = up(host, "docker compose up -d --wait db web")
    assert err.endswith(" Container app-db-1  Waiting\n Container app-db-1  Healthy\n"
                        " Container app-web-1  Waiting\n Container app-web-1  Healthy\n")


def test_abort_on_container_exit_stops_the_rest():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n  job:\n"
                                 "    image: busybox\n    command: sh -c 'echo done; exit 2'\n"})
    out, err, code = host.run("docker compose up --abort-on-container-exit")
    assert code == 2
    assert out.startswith("Attaching to job-1, web-1\njob-1  | done\n")
    assert out.endswith("job-1 exited with code 2\nAborting on container exit...\n")
    assert err.endswith(" Container app-web-1  Stopping\n Container app-web-1  Stopped\n"
                        " Container app-job-1  Stopping\n Container app-job-1  Stopped\n")
    assert not host.engine.containers.get("app-web-1").running


def test_pause_unpause_scale_wait():
    host = Host({"compose.yaml": HEALTHY})
    up(host, "docker compose up -d db")
    _, err, _ = host.run("docker compose pause")
    assert err == " Container app-db-1  Pausing\n Container app-db-1  Paused\n"
    assert "(Paused)" in host.run("docker compose ps --format '{{.Status}}'")[0]
    _, err, _ = host.run("docker compose unpause db")
    assert err == " Container app-db-1  Unpausing\n Container app-db-1  Unpaused\n"
    host.run("docker compose scale db=2")
    assert host.names() == ["app-db-1", "app-db-2"]
    up(host, "docker compose up -d init")
    assert host.run("docker compose wait init") == ("0\n", "", 0)
    with pytest.raises(Blocked):
        host.run("docker compose wait db")


def test_container_name_cannot_scale():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n    container_name: w\n"})
    _, err, code = host.run("docker compose up -d --scale web=2")
    assert (err, code) == ("services.deploy.replicas: can't set container_name and web as "
                           "container name must be unique: invalid compose project\n", 1)


def test_cp_and_stats_through_docker():
    host = Host({"compose.yaml": HEALTHY})
    up(host, "docker compose up -d db")
    assert host.run("docker compose cp db:/etc/hostname /root/app/copied")[2] == 0
    db = host.engine.containers.get("app-db-1")
    assert host.fs.read_text("/root/app/copied") == db.id[:12] + "\n"
    out, _, code = host.run("docker compose stats --no-stream --format '{{.Name}}'")
    assert (out, code) == ("app-db-1\n", 0)


def test_env_file_and_project_directory_are_relative_to_the_working_directory():
    host = Host({"/root/app/conf/prod.env": "TAG=1.27\n",
                 "/root/app/deploy/compose.yaml": "services:\n  web:\n    image: nginx:${TAG}\n"})
    out, _, code = host.run("docker compose -f deploy/compose.yaml --env-file conf/prod.env "
                            "--project-directory deploy config --images")
    assert (out, code) == ("nginx:1.27\n", 0)


def test_ps_lists_one_off_containers():
    host = Host({"compose.yaml": HEALTHY})
    host.run("docker compose run -d db sleep 50")
    out, _, _ = host.run("docker compose ps --format '{{.Name}} {{.Service}}'")
    name, service = out.split()
    assert service == "db" and name.startswith("app-db-run-") and len(name) == len("app-db-run-") + 12


def test_pull_failure():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nosuchimage\n"})
    _, err, code = host.run("docker compose up -d")
    assert code == 1
    assert err == (" web Pulling \n web Error \n"
                   "Error response from daemon: pull access denied for nosuchimage, repository "
                   "does not exist or may require 'docker login': denied: requested access to the "
                   "resource is denied\n")


def test_scale_is_bounded():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n"})
    assert host.run("docker compose up -d --scale web=100000")[1:] == (
        "this lab allows at most 500 containers\n", 1)
    assert host.names() == []


def test_help():
    host = Host()
    out, _, code = host.run("docker compose")
    assert code == 0
    assert out.startswith("\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run "
                          "multi-container applications with Docker\n\nOptions:\n")
    assert "  up       Create and start containers\n" in out
    assert out.endswith("\nRun 'docker compose COMMAND --help' for more information on a "
                        "command.\n")
    out, _, _ = host.run("docker compose ps --help")
    assert out.startswith("\nUsage:  docker compose ps [OPTIONS] [SERVICE...]\n\nList containers\n")
    assert "  -a, --all " in out
    assert "  compose*    Docker Compose\n" in host.run("docker --help")[0]


def test_pull_policies_and_create():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n"})
    assert host.run("docker compose up -d --pull never")[1:] == (
        "Error response from daemon: No such image: nginx\n", 1)
    _, err, code = host.run("docker compose create --pull always")
    assert code == 0 and err.startswith(" web Pulling \n web Pulled \n")
    assert err.endswith(" Container app-web-1  Creating\n Container app-web-1  Created\n")
    assert not host.engine.containers.get("app-web-1").running
    _, err, _ = host.run("docker compose up -d --pull always --quiet-pull")
    assert err == " Container app-web-1  Starting\n Container app-web-1  Started\n"


def test_start_needs_created_containers():
    host = Host({"compose.yaml": WEB_DB})
    assert host.run("docker compose start")[1:] == ('service "db" has no container to start\n', 1)


def test_down_with_nothing_to_remove():
    host = Host({"compose.yaml": WEB_DB})
    assert host.run("docker compose down") == (
        "", 'Warning: No resource found to remove for project "app".\n', 0)


def test_global_option_values():
    host = Host({"compose.yaml": "services:\n  web:\n    image: nginx\n"})
    assert host.run("docker compose --progress fancy ps")[1:] == (
        'unsupported --progress value "fancy"\n', 1)
    assert host.run("docker compose --dry-run up -d")[1:] == (
        "dry-run mode is not available in this lab\n", 1)
    host.run("docker pull nginx")
    _, err, _ = host.run("docker compose --ansi never up -d", tty=True)
    assert err.startswith("[+] Running 2/2\n ✔ Network app_default  Created ")
    _, err, _ = host.run("docker compose --progress plain down", tty=True)
    assert err.startswith(" Container app-web-1  Stopping\n")


def test_kill_sends_the_signal():
    host = Host({"compose.yaml": HEALTHY})
    up(host, "docker compose up -d db")
    _, err, code = host.run("docker compose kill")
    assert (err, code) == (" Container app-db-1  Killing\n Container app-db-1  Killed\n", 0)
    db = host.engine.containers.get("app-db-1")
    assert (db.state.status, db.state.exit_code) == ("exited", 137)


FUZZ_VALUES = st.one_of(
    st.sampled_from(["", "a", "80", "8080:80", "127.0.0.1:81:80/udp", "/data", "./x:/x:ro",
                     "v:/v", "sleep 100", "CMD-SHELL", "true", "1s", "x y", "-1", "0"]),
    st.integers(-1, 70000), st.booleans(), st.none())
FUZZ_SERVICE = st.fixed_dictionaries({"image": st.just("busybox")}, optional={
    "command": st.one_of(FUZZ_VALUES, st.lists(FUZZ_VALUES, max_size=3)),
    "ports": st.lists(FUZZ_VALUES, max_size=2),
    "volumes": st.lists(FUZZ_VALUES, max_size=2),
    "environment": st.dictionaries(st.sampled_from(["A", "B"]), FUZZ_VALUES, max_size=2),
    "healthcheck": st.fixed_dictionaries({"test": st.lists(FUZZ_VALUES, max_size=3)}),
    "working_dir": FUZZ_VALUES, "user": FUZZ_VALUES, "hostname": FUZZ_VALUES,
    "restart": FUZZ_VALUES, "expose": st.lists(FUZZ_VALUES, max_size=2),
    "depends_on": st.lists(st.sampled_from(["one", "two"]), max_size=2, unique=True),
})


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["one", "two"]), FUZZ_SERVICE, min_size=1))
def test_any_project_goes_up_and_down_or_fails_in_compose_words(services):
    import yaml
    host = Host({"compose.yaml": yaml.safe_dump({"services": services, "volumes": {"v": None}})})
    for line in ("docker compose up -d", "docker compose ps -a", "docker compose down -v"):
        _, err, code = host.run(line)
        assert code == 0 or err


def test_logs_since_and_until():
    host = Host({"compose.yaml": "services:\n  a:\n    image: busybox\n    command: echo first\n"})
    up(host)
    host.engine.clock.advance(600)
    host.write("compose.yaml", "services:\n  a:\n    image: busybox\n    command: echo second\n")
    up(host)
    assert host.run("docker compose logs --no-log-prefix")[0] == "second\n"
    host.engine.clock.advance(600)
    assert host.run("docker compose logs --since 5m")[0] == ""
    assert host.run("docker compose logs --since 15m --no-log-prefix")[0] == "second\n"
    assert host.run("docker compose logs --until 2023-11-14T22:00:00Z")[0] == ""
    assert host.run("docker compose logs --since soon")[1:] == (
        'invalid value for "since": failed to parse value as time or duration: "soon"\n', 1)
