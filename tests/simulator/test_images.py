"""Image verbs through the real Session: pull, images, rmi (every FIDELITY 2.2 image row), tag,
history, inspect, prune."""
import json
import re

import pytest

from session_harness import Lab

ALPINE_318 = "407ffef186bd"


@pytest.fixture
def lab():
    return Lab()


def test_pull_prints_the_settled_stream(lab):
    assert lab("docker pull alpine:3.18") == (
        "3.18: Pulling from library/alpine\n"
        "123c1ee7987f: Pull complete\n"
        "Digest: sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n"
        "Status: Downloaded newer image for alpine:3.18\n"
        "docker.io/library/alpine:3.18\n")


def test_pull_without_tag_and_again(lab):
    first = lab.ok("docker pull alpine")
    assert first.startswith("Using default tag: latest\nlatest: Pulling from library/alpine\n")
    assert lab("docker pull alpine") == (
        "Using default tag: latest\nlatest: Pulling from library/alpine\n"
        "Digest: sha256:d55d9f35d8f9f45c170fe85f55125e76ba9a85a7e7a0afa53baa9399dc551974\n"
        "Status: Image is up to date for alpine:latest\ndocker.io/library/alpine:latest\n")
    assert lab("docker pull -q alpine") == "docker.io/library/alpine:latest\n"


def test_shared_layers_already_exist(lab):
    lab.ok("docker pull alpine:3.18")
    out = lab.ok("docker pull node:16-alpine")
    assert out.splitlines()[:3] == ["16-alpine: Pulling from library/node", "123c1ee7987f: Already exists",
                                    "dd85449fba29: Pull complete"]


def test_pull_errors(lab):
    assert lab("docker pull nginx:nosuch") == (
        "Error response from daemon: manifest for nginx:nosuch not found: manifest unknown: manifest unknown\n")
    assert lab.code == 1
    assert lab("docker pull Nginx") == "invalid reference format: repository name (library/Nginx) must be lowercase\n"
    assert lab("docker pull nginx:") == "invalid reference format\n"
    assert lab("docker pull nosuch-xyz") == (
        "Using default tag: latest\nError response from daemon: pull access denied for nosuch-xyz, repository "
        "does not exist or may require 'docker login': denied: requested access to the resource is denied\n")


def test_on_a_tty_the_pull_animates_through_on_output():
    lab = Lab(tty=True)
    chunks = []
    lab.session.run("docker pull alpine:3.18", on_output=chunks.append)
    text = "".join(chunks)
    assert "123c1ee7987f: Downloading  733.7kB/2.935MB" in text and "\x1b[" in text   # 80 columns: no bar
    assert text.endswith("Status: Downloaded newer image for alpine:3.18\ndocker.io/library/alpine:3.18\n")


def test_images_table_and_flags(lab):
    lab.ok("docker pull -q alpine:3.18")
    lab.ok("docker pull -q node:16-alpine")
    assert lab("docker images") == (
        "REPOSITORY   TAG         IMAGE ID       CREATED        SIZE\n"
        f"alpine       3.18        {ALPINE_318}   9 months ago   7.34MB\n"
        "node         16-alpine   3b094bb85af7   2 years ago    115MB\n")
    assert lab("docker images -q") == f"{ALPINE_318}\n3b094bb85af7\n"
    assert lab("docker images node") == (
        "REPOSITORY   TAG         IMAGE ID       CREATED       SIZE\n"
        "node         16-alpine   3b094bb85af7   2 years ago   115MB\n")
    assert lab("docker images --filter reference='al*' --format '{{.Repository}}:{{.Tag}}'") == "alpine:3.18\n"
    assert lab("docker images --no-trunc -q alpine") == (
        "sha256:407ffef186bd1ab1df59a531ddbfb1b1d9c1923ff8c61d68a239c2ee5d9e68c5\n")
    assert lab("docker images --digests --format '{{.Digest}}' alpine") == (
        "sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n")
    assert lab("docker images --filter dangling=true -q") == ""


def test_images_of_a_subcommand_word_hints(lab):
    assert lab("docker images ls") == (
        'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n\nNo images found matching "ls": did you mean '
        '"docker image ls"?\n')


def test_tag_and_rmi_of_a_tag(lab):
    lab.ok("docker pull -q alpine:3.18")
    assert lab("docker tag alpine:3.18 localhost:5000/mine:v1") == ""
    assert lab("docker images --format '{{.Repository}}:{{.Tag}}'") == "alpine:3.18\nlocalhost:5000/mine:v1\n"
    assert lab("docker rmi localhost:5000/mine:v1") == "Untagged: localhost:5000/mine:v1\n"
    assert lab("docker tag nosuch x") == "Error response from daemon: No such image: nosuch:latest\n"
    assert lab("docker tag alpine:3.18 Bad") == (
        'Error parsing reference: "Bad" is not a valid repository/tag: invalid reference format: repository '
        "name (library/Bad) must be lowercase\n")


def test_rmi_removes_tags_digests_image_and_layers(lab):
    lab.ok("docker pull -q alpine:3.18")
    assert lab("docker rmi alpine:3.18") == (
        "Untagged: alpine:3.18\n"
        "Untagged: alpine@sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n"
        "Deleted: sha256:407ffef186bd1ab1df59a531ddbfb1b1d9c1923ff8c61d68a239c2ee5d9e68c5\n"
        "Deleted: sha256:123c1ee7987f85774f35002d223fca324d898882c01321f363879eaad317bcbf\n")
    assert lab("docker rmi nosuch") == "Error response from daemon: No such image: nosuch:latest\n"
    assert lab.code == 1


def test_rmi_conflicts(lab):
    lab.ok("docker pull -q alpine:3.18")
    cid = lab.ok("docker run -d alpine:3.18 sleep 1000").strip()
    assert lab("docker rmi alpine:3.18") == (
        'Error response from daemon: conflict: unable to remove repository reference "alpine:3.18" (must force) '
        f"- container {cid[:12]} is using its referenced image {ALPINE_318}\n")
    assert lab("docker rmi -f " + ALPINE_318) == (
        f"Error response from daemon: conflict: unable to delete {ALPINE_318} (cannot be forced) - image is "
        f"being used by running container {cid[:12]}\n")
    lab.ok(f"docker stop {cid[:12]}")
    assert lab("docker rmi " + ALPINE_318) == (
        f"Error response from daemon: conflict: unable to delete {ALPINE_318} (must be forced) - image is being "
        f"used by stopped container {cid[:12]}\n")
    lab.ok("docker tag alpine:3.18 other:v1")
    assert lab("docker rmi " + ALPINE_318) == (
        f"Error response from daemon: conflict: unable to delete {ALPINE_318} (must be forced) - image is "
        "referenced in multiple repositories\n")


def test_rmi_force_of_a_used_tag_only_untags(lab):
    lab.ok("docker pull -q alpine:3.18")
    lab.ok("docker run -d alpine:3.18 sleep 1000")
    assert lab("docker rmi -f alpine:3.18") == (
        "Untagged: alpine:3.18\n"
        "Untagged: alpine@sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n")
    assert lab("docker images") == (
        "REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\n"
        f"<none>       <none>    {ALPINE_318}   9 months ago   7.34MB\n")
    assert lab("docker ps --format '{{.Image}}'") == ALPINE_318 + "\n"


def test_history(lab):
    lab.ok("docker pull -q alpine:3.18")
    assert lab("docker history alpine:3.18") == (
        "IMAGE          CREATED        CREATED BY                                      SIZE      COMMENT\n"
        f"{ALPINE_318}   9 months ago   CMD [\"/bin/sh\"]                                 0B        "
        "buildkit.dockerfile.v0\n"
        "<missing>      9 months ago   ADD alpine-minirootfs-3.18.12-x86_64.tar.gz …   7.34MB    "
        "buildkit.dockerfile.v0\n")
    out = lab("docker history --no-trunc -H=false --format '{{.CreatedAt}}|{{.CreatedBy}}|{{.Size}}' alpine:3.18")
    assert out.splitlines()[1] == "2025-02-14T03:28:36Z|ADD alpine-minirootfs-3.18.12-x86_64.tar.gz / # buildkit|7337472"
    assert lab("docker history -q alpine:3.18") == f"{ALPINE_318}\n<missing>\n"


def test_image_inspect(lab):
    lab.ok("docker pull -q nginx")
    data = json.loads(lab("docker image inspect nginx"))[0]
    assert list(data) == ["Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion",
                          "Author", "Config", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata"]
    assert data["RepoTags"] == ["nginx:latest"]
    assert data["Config"]["Entrypoint"] == ["/docker-entrypoint.sh"]
    assert data["Config"]["StopSignal"] == "SIGQUIT"
    lab.ok("docker pull -q alpine")
    assert lab("docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Entrypoint}}' alpine") == (
        '["/bin/sh"] null\n')
    assert lab("docker image inspect nosuch") == "[]\nError response from daemon: No such image: nosuch:latest\n"


def test_image_prune(lab):
    lab.ok("docker pull -q alpine:3.18")
    assert lab("docker image prune -f") == "Total reclaimed space: 0B\n"
    assert lab("docker image prune -a") == (
        "WARNING! This will remove all images without at least one container associated to them.\n"
        "Are you sure you want to continue? [y/N] ")
    assert lab("y") == (
        "Deleted Images:\n"
        "untagged: alpine:3.18\n"
        "untagged: alpine@sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n"
        "deleted: sha256:407ffef186bd1ab1df59a531ddbfb1b1d9c1923ff8c61d68a239c2ee5d9e68c5\n"
        "deleted: sha256:123c1ee7987f85774f35002d223fca324d898882c01321f363879eaad317bcbf\n"
        "\nTotal reclaimed space: 7.337MB\n")


def test_run_by_image_id_shows_the_id(lab):
    lab.ok("docker pull -q alpine:3.18")
    lab.ok(f"docker run -d {ALPINE_318} sleep 100")
    assert re.fullmatch(r"[0-9a-f]{12}\n", lab("docker ps --format '{{.Image}}'"))


def test_import_and_export_round_trip(lab):
    lab.ok("docker pull -q alpine:3.18")
    lab.ok("docker create --name box alpine:3.18")
    lab.ok("docker export -o box.tar box")
    image_id = lab.ok("docker import box.tar imported:v1").strip()
    assert image_id.startswith("sha256:")
    assert lab("docker run --rm imported:v1 cat /etc/alpine-release") == lab(
        "docker run --rm alpine:3.18 cat /etc/alpine-release")


def test_json_format_rows_have_sorted_keys(lab):
    lab.ok("docker pull -q alpine:3.18")
    row = json.loads(lab("docker images --format json"))
    assert list(row) == sorted(row) and row["Repository"] == "alpine" and row["Tag"] == "3.18"
    lab.ok("docker run -d --name sl alpine:3.18 sleep 100")
    row = json.loads(lab("docker ps --format json"))
    assert list(row) == sorted(row) and row["Names"] == "sl" and row["Command"] == '"sleep 100"'


def test_rmi_by_id_untags_then_deletes(lab):
    lab.ok("docker pull -q alpine:3.18")
    assert lab("docker rmi " + ALPINE_318[:6]) == (
        "Untagged: alpine:3.18\n"
        "Untagged: alpine@sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n"
        "Deleted: sha256:407ffef186bd1ab1df59a531ddbfb1b1d9c1923ff8c61d68a239c2ee5d9e68c5\n"
        "Deleted: sha256:123c1ee7987f85774f35002d223fca324d898882c01321f363879eaad317bcbf\n")


def test_rmi_of_one_of_several_tags_only_untags(lab):
    lab.ok("docker pull -q alpine:3.18")
    lab.ok("docker run -d alpine:3.18 sleep 1000")
    lab.ok("docker tag alpine:3.18 mine:v1")
    assert lab("docker rmi alpine:3.18") == (
        "Untagged: alpine:3.18\n"
        "Untagged: alpine@sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7\n")
    assert lab("docker images --format '{{.Repository}}:{{.Tag}}'") == "mine:v1\n"


def test_pull_by_digest(lab):
    digest = "sha256:317a1250fee220d2eb5635de912b42c373e0b862d897301a0b3b20f5e32df4a7"
    assert lab(f"docker pull alpine@{digest}") == (
        f"docker.io/library/alpine@{digest}: Pulling from library/alpine\n"
        "123c1ee7987f: Pull complete\n"
        f"Digest: {digest}\n"
        f"Status: Downloaded newer image for alpine@{digest}\n"
        f"docker.io/library/alpine@{digest}\n")
    assert lab("docker images --format '{{.Repository}} {{.Tag}} {{.Digest}}'") == f"alpine <none> {digest}\n"
