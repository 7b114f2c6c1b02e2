"""Session.fork(): the copy a JSON round trip makes, sharing the unchangeable image layers."""
from simulator import Session

from session_harness import Lab


def busy_lab():
    """Built and committed images, a running container with changes, a volume, a build cache."""
    lab = Lab()
    lab.ok("mkdir -p /root/app && cd /root/app && echo hi > greeting")
    lab.ok("printf 'FROM alpine\\nCOPY greeting /\\nRUN apk add --no-cache curl\\n' > Dockerfile")
    lab.ok("docker build -q -t app .")
    lab.ok("docker run -d --name web -v data:/data app sleep 1000")
    lab.ok("docker exec web sh -c 'echo v1 > /data/v && echo changed > /greeting'")
    lab.ok("docker commit web app:v2")
    return lab


def test_a_fork_saves_as_a_json_round_trip_does():
    lab = busy_lab()
    original = lab.session
    assert original.fork().to_json() == Session.from_json(original.to_json()).to_json()


def test_a_fork_shares_the_layers_of_its_original():
    original = busy_lab().session
    fork = original.fork()
    images = original.engine.images
    assert images.layers and all(fork.engine.images.layer(d) is images.layer(d) for d in images.layers)


def test_a_fork_and_its_original_change_apart():
    original = busy_lab().session
    fork = original.fork()
    assert fork.run("docker exec web sh -c 'echo fork > /greeting; cat /data/v'").output == "v1\n"
    fork.run("docker rm -f web && docker rmi app:v2 && echo host > /root/app/greeting")
    assert original.run("docker exec web cat /greeting").output == "changed\n"
    assert original.run("docker run --rm app:v2 cat /greeting").output == "changed\n"
    assert original.run("cat /root/app/greeting").output == "hi\n"
    original.run("docker rmi -f app")
    assert fork.run("docker run --rm app cat /greeting").output == "hi\n"
    assert fork.run("cat /root/app/greeting").output == "host\n"
    assert "docker rmi -f app" not in fork.history and not any("rm -f web" in line for line in original.history)
