"""The Session facade: prompt, frames, interruption, bounds, completion, snapshot and JSON state."""
import json

from simulator import Session
from simulator.limits import MAX_OUTPUT
from simulator.programs.base import REGISTRY, program

from session_harness import Lab


def test_prompt_follows_the_working_directory():
    lab = Lab()
    assert lab.session.prompt == "root@slipway:~# "
    lab.ok("mkdir -p /opt/data && cd /opt/data")
    assert lab.session.prompt == "root@slipway:/opt/data# "
    lab.ok("cd /root/")
    assert lab.session.prompt == "root@slipway:~# "


def test_unknown_command_and_empty_line():
    lab = Lab()
    assert lab("frobnicate") == "bash: frobnicate: command not found\n" and lab.code == 127
    assert lab("   ") == ""


def test_history_is_recorded():
    lab = Lab()
    lab("echo one")
    lab("echo two")
    assert lab.session.history == ["echo one", "echo two"]


def test_blocked_command_ends_with_ctrl_c():
    lab = Lab()
    lab.ok("docker run -d --name sl alpine sleep infinity")
    assert lab("docker logs -f sl") == "^C\n" and lab.code == 130
    assert lab("echo still here") == "still here\n"


def test_an_interrupted_command_leaves_status_130():
    lab = Lab()
    assert lab("sleep infinity") == "^C\n" and lab.code == 130
    assert lab("echo $?") == "130\n"
    lab.ok("true")
    assert lab.session.interrupt() == "^C\n"
    assert lab("echo $?") == "130\n"


def test_dev_null_reads_empty_in_a_container_too():
    lab = Lab()
    lab.ok("docker pull -q alpine")
    assert lab("docker run --rm alpine sh -c 'cat < /dev/null; echo $?'") == "0\n"


def test_an_interrupted_command_in_a_container_shell_leaves_status_130():
    lab = Lab()
    lab.ok("docker run -it --name box alpine sh")
    assert lab("sleep infinity") == "^C\n" and lab.code == 130
    assert lab("echo $?") == "130\n"
    lab.ok("true")
    assert lab.session.interrupt() == "^C\n"
    assert lab("echo $?") == "130\n"


def test_internal_errors_become_one_line(monkeypatch):
    lab = Lab()

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(lab.session.engine, "refresh", broken)
    assert lab("docker ps") == "bash: docker: internal error (the lab has logged it)\n"
    assert lab.code == 1


def test_output_is_capped():
    @program("flood")
    def flood(proc):
        for _ in range(100):
            proc.out("x" * 10_000)
        return 0

    lab = Lab()
    from simulator.fs import File
    lab.session.host.fs.put("/usr/local/bin/flood", File(mode=0o755, program="flood"))
    try:
        out = lab("flood")
    finally:
        del REGISTRY["flood"]
    assert out.startswith("x" * 1000)
    assert out.endswith(f"\n[output truncated: more than {MAX_OUTPUT} characters]\n")
    assert len(out) < MAX_OUTPUT + 100


def test_completion():
    lab = Lab()
    lab.ok("docker run -d --name web nginx")
    assert lab.session.complete("docker ru") == ["run"]
    assert lab.session.complete("docker container st") == ["start", "stats", "stop"]
    assert lab.session.complete("docker compose u") == ["unpause", "up"]
    assert lab.session.complete("docker-compose do") == ["down"]
    assert lab.session.complete("docker stop w") == ["web"]
    assert "docker" in lab.session.complete("dock")
    lab.ok("mkdir projects")
    assert lab.session.complete("cd pro") == ["projects/"]


def test_snapshot_pictures_the_engine():
    lab = Lab()
    lab.ok("docker run -d --name web -p 8080:80 nginx")
    snap = lab.session.snapshot()
    assert snap["containers"] == [{"id": lab.container("web").id[:12], "name": "web", "image": "nginx",
                                   "status": "running",
                                   "ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"},
                                                        {"HostIp": "::", "HostPort": "8080"}]},
                                   "networks": ["bridge"], "ip": "172.17.0.2", "mounts": []}]
    assert [n["name"] for n in snap["networks"]] == ["bridge", "host", "none"]
    assert snap["images"][0]["tags"] == ["nginx:latest"]
    json.dumps(snap)


def restored(lab):
    return Session.from_json(lab.session.to_json())


def test_round_trip_continues_exactly():
    lab = Lab()
    lab.ok("export GREETING=hello && cd /tmp && echo saved > note.txt")
    lab.ok("docker run -d --name web -p 8080:80 nginx")
    lab.ok("docker run -d --name sl alpine sleep 30")
    lab.ok("docker run --name done alpine sh -c 'echo out'")
    lab.ok("docker exec sl sh -c 'echo inside > /data.txt'")
    before = lab("docker ps -a")
    again = restored(lab)
    assert again.run("docker ps -a").output == before
    assert again.run("echo $GREETING $(pwd) $(cat note.txt)").output == "hello /tmp saved\n"
    assert again.run("docker exec sl cat /data.txt").output == "inside\n"
    assert again.run("docker logs done").output == "out\n"
    assert again.run("curl -s localhost:8080 | grep '<title>'").output == "<title>Welcome to nginx!</title>\n"
    again.clock.advance(31)
    assert again.run("docker ps --format '{{.Names}}'").output == "web\n"
    assert again.history[-1] == "docker ps --format '{{.Names}}'"
    assert again.run("docker run -d alpine true").exit_code == 0
    assert len({c.id for c in again.engine.containers.all()}) == 4


def test_round_trip_inside_a_container_shell_and_a_question():
    lab = Lab()
    lab.ok("docker run -it --name box alpine sh")
    lab("cd /etc")
    again = restored(lab)
    assert again.prompt == "/etc # "
    assert again.run("cat alpine-release").exit_code == 0
    again.run("exit")
    assert again.prompt == "root@slipway:~# "
    again.run("docker container prune")
    later = Session.from_json(again.to_json())
    assert later.prompt == ""
    assert later.run("y").output.startswith("Deleted Containers:\n")


def test_round_trip_keeps_committed_images_and_restart_state():
    lab = Lab()
    lab.ok("docker run --name base alpine sh -c 'echo v1 > /version'")
    lab.ok("docker commit base mine:v1")
    lab.ok("docker run -d --name rs --restart always alpine sh -c 'exit 1'")
    lab.advance(3)
    lab("docker ps")
    again = restored(lab)
    assert again.run("docker run --rm mine:v1 cat /version").output == "v1\n"
    assert again.engine.containers.get("rs").restart_count == lab.container("rs").restart_count


def test_state_of_twenty_containers_is_small():
    lab = Lab()
    for n in range(20):
        lab.ok(f"docker run -d --name c{n:02d} alpine sleep 1000")
    assert len(lab.session.to_json()) < 100_000
