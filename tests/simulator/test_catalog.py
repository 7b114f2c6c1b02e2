"""The catalog: lookups, sizes as `docker images` shows them, shared layers and image files."""
import pytest

from simulator.catalog import lookup, search, tags
from simulator.catalog.loader import catalog
from simulator.catalog.content import file_sets, entries


def human_size(size):
    """go-units HumanSizeWithPrecision(size, 3): what the SIZE column prints."""
    units = ["B", "kB", "MB", "GB", "TB"]
    i = 0
    while size >= 1000 and i < len(units) - 1:
        size /= 1000
        i += 1
    return f"{size:.3g}{units[i]}"


def all_images():
    return {(name, image.tag): image for name, repo in catalog().repos.items()
            for image in repo["tags"].values()}.values()


def read(image, path):
    for layer in reversed(image.layers):
        node = layer.build().entries.get(path)
        if node is not None:
            return node.data.decode()
    raise KeyError(path)


@pytest.mark.parametrize("ref, size", [
    ("hello-world", "10.1kB"), ("alpine", "8.31MB"), ("alpine:3.20", "7.8MB"),
    ("busybox", "4.28MB"), ("ubuntu:22.04", "77.9MB"), ("ubuntu", "78.1MB"),
    ("debian", "117MB"), ("debian:bookworm-slim", "74.8MB"), ("nginx", "192MB"),
    ("nginx:alpine", "52.5MB"), ("mysql:5.6", "303MB"), ("mysql:5.7", "501MB"),
    ("mysql", "797MB"), ("node:16-alpine", "115MB"), ("node:16", "909MB"), ("node:20", "1.1GB"),
    ("python:3.12-slim", "124MB"), ("python:3.12", "1.02GB"), ("postgres", "438MB"),
    ("redis", "137MB"), ("httpd", "148MB"), ("registry:2", "25.4MB"),
])
def test_sizes_match_docker_images(ref, size):
    repo, _, tag = ref.partition(":")
    assert human_size(lookup(repo, tag or None).size) == size


def test_lookup_by_full_name_tag_and_digest():
    latest = lookup("docker.io/library/alpine")
    assert (latest.repository, latest.tag, latest.os, latest.architecture) == \
        ("docker.io/library/alpine", "latest", "linux", "amd64")
    assert lookup("docker.io/library/alpine", "3.22").digest == latest.digest
    assert lookup("docker.io/library/alpine", "3.22").id == latest.id
    assert lookup("docker.io/library/alpine", "3.21").digest != latest.digest
    by_digest = lookup("docker.io/library/alpine", digest=latest.digest)
    assert (by_digest.tag, by_digest.id) == (None, latest.id)
    assert latest.digest.startswith("sha256:") and len(latest.digest) == 71


def test_unknown_images_are_none():
    assert lookup("docker.io/library/nosuch-image-xyz") is None
    assert lookup("docker.io/library/nginx", "nosuch") is None
    assert lookup("docker.io/library/nginx", digest="sha256:" + "0" * 64) is None


def test_lookup_hands_out_copies_of_config():
    lookup("nginx").config["Cmd"].append("changed")
    assert lookup("nginx").config["Cmd"] == ["nginx", "-g", "daemon off;"]


def test_tags_and_search():
    assert tags("docker.io/library/ubuntu") == ["20.04", "22.04", "24.04", "focal", "jammy",
                                                "latest", "noble"]
    assert tags("docker.io/library/nosuch") == []
    name, description, stars, official = search("nginx")[0]
    assert (name, description, official) == ("nginx", "Official build of Nginx.", True)
    assert stars > 10000
    assert search("zzzz-nothing") == []


def test_nginx_config_and_history():
    nginx = lookup("nginx")
    assert nginx.config["Entrypoint"] == ["/docker-entrypoint.sh"]
    assert nginx.config["ExposedPorts"] == {"80/tcp": {}}
    assert nginx.config["StopSignal"] == "SIGQUIT"
    assert nginx.history[0]["created_by"].startswith("# debian.sh --arch 'amd64' out/ 'bookworm'")
    assert nginx.history[-1] == {"created": "2025-11-18T02:19:46Z",
                                 "created_by": 'CMD ["nginx" "-g" "daemon off;"]',
                                 "empty_layer": True, "comment": "buildkit.dockerfile.v0"}
    assert sum(not step["empty_layer"] for step in nginx.history) == len(nginx.layers)


def test_every_image_is_complete():
    for image in all_images():
        assert image.config.get("Cmd") or image.config.get("Entrypoint"), image.repository
        assert image.layers, image.repository
        assert sum(not step["empty_layer"] for step in image.history) == len(image.layers)
        for layer in image.layers:
            assert layer.size > 0
            assert layer.build().size <= layer.size, (image.repository, layer.digest)


def test_shared_layers_are_the_same_objects():
    slim = lookup("debian", "bookworm-slim").layers[0]
    assert lookup("nginx").layers[0] is slim
    assert lookup("nginx", "1.27").layers[0] is slim
    assert lookup("nginx", "alpine").layers[0] is lookup("alpine", "3.22").layers[0]
    assert lookup("nginx").layers[0].build() is slim.build()


def test_bases_are_shared_across_repositories():
    bookworm = lookup("debian", "bookworm").layers[0]
    for ref in ["node:20", "python:3.12", "golang", "buildpack-deps"]:
        repo, _, tag = ref.partition(":")
        assert lookup(repo, tag or None).layers[0] is bookworm, ref
    slim = lookup("debian", "bookworm-slim").layers[0]
    for ref in ["nginx", "httpd", "redis", "postgres", "python:3.12-slim"]:
        repo, _, tag = ref.partition(":")
        assert lookup(repo, tag or None).layers[0] is slim, ref
    assert lookup("node", "16-alpine").layers[0] is lookup("alpine", "3.18").layers[0]
    assert lookup("node", "20").layers[:4] == lookup("python", "3.12").layers[:4]


def test_every_file_set_builds():
    for name in file_sets():
        if name != "lists":
            assert entries(name), name


@pytest.mark.parametrize("ref, path, text", [
    ("ubuntu:22.04", "/etc/os-release", 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\n'),
    ("ubuntu:24.04", "/etc/lsb-release", 'DISTRIB_DESCRIPTION="Ubuntu 24.04.3 LTS"\n'),
    ("ubuntu:20.04", "/etc/os-release", 'VERSION="20.04.6 LTS (Focal Fossa)"\n'),
    ("alpine", "/etc/alpine-release", "3.22.2\n"),
    ("alpine:3.21", "/etc/os-release", 'PRETTY_NAME="Alpine Linux v3.21"\n'),
    ("debian", "/etc/debian_version", "12.12\n"),
    ("debian", "/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
    ("nginx", "/etc/passwd", "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n"),
    ("nginx", "/usr/share/nginx/html/index.html", "<title>Welcome to nginx!</title>\n"),
])
def test_image_files(ref, path, text):
    repo, _, tag = ref.partition(":")
    assert text in read(lookup(repo, tag or None), path)


def test_nginx_default_page_is_615_bytes():
    assert len(read(lookup("nginx"), "/usr/share/nginx/html/index.html")) == 615


def test_executables_are_tagged_with_their_program():
    alpine = lookup("alpine").layers[0].build().entries
    assert alpine["/bin/busybox"].program == "busybox"
    assert alpine["/bin/sh"].target == "/bin/busybox"
    assert alpine["/usr/bin/wget"].target == "/bin/busybox"
    assert alpine["/sbin/apk"].program == "apk"
    debian = lookup("debian").layers[0].build().entries
    assert debian["/bin"].target == "usr/bin"
    assert debian["/usr/bin/sh"].target == "dash"
    assert (debian["/usr/bin/dash"].program, debian["/usr/bin/bash"].program) == ("sh", "bash")
    assert debian["/usr/bin/ls"].program == "ls"
    assert lookup("hello-world").layers[0].build().entries["/hello"].program == "hello"
    nginx = lookup("nginx")
    assert nginx.layers[1].build().entries["/usr/sbin/nginx"].program == "nginx"
    assert nginx.layers[2].build().entries["/docker-entrypoint.sh"].program == "nginx-entrypoint"
