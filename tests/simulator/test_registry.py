"""Registries: login, push to Docker Hub and to a registry:2 container, pull back, search,
save and load."""
import pytest

from build_harness import Lab

CREDENTIALS = ("\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n"
               "Configure a credential helper to remove this warning. See\n"
               "https://docs.docker.com/go/credential-store/\n\nLogin Succeeded\n")


@pytest.fixture
def lab():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN echo hi > /hi\n")
    lab.out("docker build -q -t my-app:v1 .")
    return lab


def layer_ids(lab, name):
    images = lab.engine.images
    return [(images.layers[d].digest or d)[7:19] for d in reversed(lab.image(name).layers)]


def test_push_to_hub_needs_a_login_to_your_namespace(lab):
    top, base = layer_ids(lab, "my-app:v1")
    assert lab.out("docker push my-app:v1") == (
        f"The push refers to repository [docker.io/library/my-app]\n{top}: Preparing\n{base}: Preparing\n"
        "denied: requested access to the resource is denied\n", 1)
    assert lab.out("docker login -u alice -p secret") == (
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n" + CREDENTIALS, 0)
    lab.run("docker tag my-app:v1 alice/my-app:v1")
    out, code = lab.out("docker push alice/my-app:v1")
    digest = lab.image("alice/my-app:v1").repo_digests[0].split("@")[1]
    assert (out, code) == (
        f"The push refers to repository [docker.io/alice/my-app]\n{top}: Pushed\n"
        f"{base}: Mounted from library/alpine\nv1: digest: {digest} size: 733\n", 0)
    assert lab.out("docker push alice/my-app:v1")[0].count("Layer already exists") == 2
    lab.run("docker tag my-app:v1 bob/my-app:v1")
    assert lab.out("docker push bob/my-app:v1")[0].endswith("denied: requested access to the resource is denied\n")


def test_login_logout(lab):
    assert lab.out("echo pw | docker login -u alice --password-stdin") == (CREDENTIALS, 0)
    assert '"auth": "YWxpY2U6cHc="' in lab.fs.read_text("/root/.docker/config.json")
    assert lab.out("docker logout") == ("Removing login credentials for https://index.docker.io/v1/\n", 0)
    assert lab.out("docker logout") == ("Not logged in to https://index.docker.io/v1/\n", 0)
    assert lab.out("docker login -p x --password-stdin") == (
        "--password and --password-stdin are mutually exclusive\n", 1)


def test_login_prompts_on_a_terminal():
    lab = Lab(tty=True)
    assert lab.out("docker login -u alice") == ("Password: ", 0)
    assert lab.out("secret") == (CREDENTIALS, 0)


def test_private_registry_round_trip(lab):
    lab.run("docker tag my-app:v1 localhost:5000/my-app")
    assert lab.out("docker push localhost:5000/my-app") == (
        "Using default tag: latest\nThe push refers to repository [localhost:5000/my-app]\n"
        'Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused\n', 1)
    lab.run("docker run -d -p 5000:5000 --name registry registry:2")
    out, code = lab.out("docker push localhost:5000/my-app")
    top, base = layer_ids(lab, "localhost:5000/my-app")
    assert code == 0 and f"{top}: Pushed\n{base}: Pushed\nlatest: digest: sha256:" in out
    assert lab.out("curl -s localhost:5000/v2/_catalog") == ('{"repositories": ["my-app"]}\n', 0)
    assert lab.out("curl -s localhost:5000/v2/my-app/tags/list") == ('{"name": "my-app", "tags": ["latest"]}\n', 0)
    lab.run("docker rmi localhost:5000/my-app my-app:v1")
    assert lab.image("localhost:5000/my-app") is None
    out, code = lab.out("docker pull localhost:5000/my-app")
    assert (out.splitlines()[1], code) == ("latest: Pulling from my-app", 0)
    assert lab.out("docker run --rm localhost:5000/my-app cat /hi") == ("hi\n", 0)
    assert lab.image("localhost:5000/my-app").repo_digests[0].startswith("localhost:5000/my-app@sha256:")
    assert lab.out("docker pull localhost:5000/nope:v9") == (
        "Error response from daemon: manifest for localhost:5000/nope:v9 not found: manifest unknown: "
        "manifest unknown\n", 1)


def test_registry_logs(lab):
    lab.run("docker run -d --name registry registry:2")
    logs = lab.out("docker logs registry")[0].splitlines()
    assert logs[-1].startswith('time="') and 'level=info msg="listening on [::]:5000"' in logs[-1]


def test_search(lab):
    out, code = lab.out("docker search nginx")
    assert out.splitlines()[:2] == ["NAME      DESCRIPTION                STARS     OFFICIAL",
                                    "nginx     Official build of Nginx.   21041     [OK]"]
    assert lab.out("docker search --limit 0 nginx") == (
        "Error response from daemon: limit 0 is outside the range of [1, 100]\n", 1)


def test_save_and_load(lab):
    assert lab.out("docker save -o app.tar my-app:v1") == ("", 0)
    assert lab.fs.stat("/root/app/app.tar").size > 8_000_000
    assert "manifest.json\n" in lab.out("tar tf app.tar")[0]
    image_id = lab.image("my-app:v1").id
    lab.run("docker rmi my-app:v1")
    assert lab.out("docker load -i app.tar") == ("Loaded image: my-app:v1\n", 0)
    assert lab.image("my-app:v1").id == image_id
    assert lab.out("docker run --rm my-app:v1 cat /hi") == ("hi\n", 0)
    assert lab.out("docker save nosuch") == ("Error response from daemon: No such image: nosuch:latest\n", 1)
    assert lab.out("docker load -i nope.tar") == ("open nope.tar: no such file or directory\n", 1)


def test_push_all_tags(lab):
    lab.run("docker run -d -p 5000:5000 registry:2")
    lab.run("docker tag my-app:v1 localhost:5000/app:one")
    lab.run("docker tag my-app:v1 localhost:5000/app:two")
    out, code = lab.out("docker push -a localhost:5000/app")
    assert code == 0 and out.count("Layer already exists") == 2
    assert [line.split(":")[0] for line in out.splitlines() if "digest:" in line] == ["one", "two"]
    assert lab.out("curl -s localhost:5000/v2/app/tags/list") == ('{"name": "app", "tags": ["one", "two"]}\n', 0)


def test_load_refuses_crafted_archives(lab):
    lab.run("mkdir -p evil/blobs && echo '[{\"Config\": \"c.json\", \"Layers\": [\"l.json\"]}]' > evil/manifest.json")
    lab.run("echo '{\"config\": {}, \"history\": [], \"created\": \"x\"}' > evil/c.json")
    lab.run("echo '{\"data\": {\"../../etc/x\": {\"k\": \"f\", \"m\": 420, \"u\": 0, \"g\": 0, \"t\": 0}}}' > evil/l.json")
    lab.run("cd evil && tar cf ../evil.tar manifest.json c.json l.json && cd ..")
    assert lab.out("docker load -i evil.tar") == ("Error response from daemon: unexpected EOF\n", 1)
    lab.run("echo '{\"catalog\": \"sha256:nope\"}' > evil/l.json && cd evil && tar cf ../evil.tar manifest.json c.json l.json && cd ..")
    assert lab.out("docker load -i evil.tar") == ("Error response from daemon: unexpected EOF\n", 1)
    lab.fs.write("/root/app/junk.tar", "not a tar")
    assert lab.out("docker load -i junk.tar") == ("Error response from daemon: unexpected EOF\n", 1)


def test_hub_login_without_a_username_is_web_based():
    lab = Lab(tty=True)
    out, code = lab.out("docker login")
    lines = out.splitlines()
    assert lines[:3] == ["", "USING WEB-BASED LOGIN", ""] and code == 1
    assert lines[6].startswith("Your one-time device confirmation code is: ")
    assert lines[-1] == "Error: this lab has no web browser to sign in with: use 'docker login -u <username>'"
