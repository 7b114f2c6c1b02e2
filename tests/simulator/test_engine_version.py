"""`docker version` and `docker info` with live counts and --format."""
from session_harness import Lab


def test_version_blocks():
    lab = Lab()
    out = lab.ok("docker version")
    assert out.startswith("Client: Docker Engine - Community\n Version:           28.5.2\n"
                          " API version:       1.51\n Go version:        go1.24.9\n")
    assert "\nServer: Docker Engine - Community\n Engine:\n  Version:          28.5.2\n" \
           "  API version:      1.51 (minimum version 1.24)\n" in out
    assert lab("docker version --format '{{.Server.Version}} {{.Client.APIVersion}}'") == "28.5.2 1.51\n"
    assert lab("docker version --format json").startswith('{"Client":{"Platform":{"Name":"Docker Engine - Community"}')


def test_info_counts_live_objects():
    lab = Lab()
    lab.ok("docker run -d alpine sleep 100")
    lab.ok("docker create alpine")
    out = lab.ok("docker info")
    assert "\nServer:\n Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 1\n" \
           " Server Version: 28.5.2\n Storage Driver: overlay2\n" in out
    assert " Docker Root Dir: /var/lib/docker\n" in out
    assert lab("docker info --format '{{.ServerVersion}} {{.Driver}} {{.DockerRootDir}} {{.Containers}}'") == (
        "28.5.2 overlay2 /var/lib/docker 2\n")


def test_pull_all_tags():
    lab = Lab()
    out = lab.ok("docker pull -a busybox")
    assert out.endswith("Status: Downloaded newer image for busybox\ndocker.io/library/busybox\n")
    assert "1.36-glibc: Pulling from library/busybox\nbec2851ec7ae: Already exists\n" in out
    assert lab("docker pull -a busybox:1.36") == "tag can't be used with --all-tags/-a\n"
