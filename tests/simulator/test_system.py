"""docker system df / prune / events and builder prune through the Session."""
import pytest

from session_harness import Lab
from simulator.fs import File, Layer

EMPTY_DF = ("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
            "Images          0         0         0B        0B\n"
            "Containers      0         0         0B        0B\n"
            "Local Volumes   0         0         0B        0B\n"
            "Build Cache     0         0         0B        0B\n")
CREATED = "2025-11-28T08:00:00Z"


@pytest.fixture
def lab():
    return Lab()


@pytest.fixture
def notes_lab(lab):
    """The notes' example: a 700MB base, a 50MB layer and a 200KB layer, in two images."""
    base = Layer({"/base.bin": File(size=700_000_000)})
    curl = Layer({"/usr/bin/curl": File(size=50_000_000)})
    app = Layer({"/app.py": File(size=200_000)})
    v1 = lab.engine.images.create({"Cmd": ["sh"]}, [base, curl], [], CREATED, tags=["myapp:v1"])
    v2 = lab.engine.images.create({"Cmd": ["sh"]}, [base, curl, app], [], CREATED, tags=["myapp:v2"])
    lab.ids = (v1.id[7:19], v2.id[7:19])
    return lab


def test_system_df_of_a_fresh_engine(lab):
    assert lab("docker system df") == EMPTY_DF


def test_system_df_rejects_unknown_flags(lab):
    assert lab("docker system df --v") == ("unknown flag: --v\n\nUsage:  docker system df [OPTIONS]\n\n"
                                           "Run 'docker system df --help' for more information\n")
    assert lab.code == 125


def test_the_notes_disk_usage_example_counts_shared_layers_once(notes_lab):
    lab = notes_lab
    assert lab("docker images --format '{{.Tag}} {{.Size}}'") == "v1 750MB\nv2 750MB\n"
    assert lab("docker system df") == (
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
        "Images          2         0         750.2MB   750.2MB (100%)\n"
        "Containers      0         0         0B        0B\n"
        "Local Volumes   0         0         0B        0B\n"
        "Build Cache     0         0         0B        0B\n")
    v1, v2 = lab.ids
    assert lab("docker system df -v") == (
        "Images space usage:\n\n"
        "REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE      SHARED SIZE   UNIQUE SIZE   "
        "CONTAINERS\n"
        f"myapp        v1        {v1}   Less than a second ago   750MB     750MB         0B            0\n"
        f"myapp        v2        {v2}   Less than a second ago   750MB     750MB         200kB         0\n"
        "\nContainers space usage:\n\n"
        "CONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES   SIZE      CREATED   STATUS    NAMES\n"
        "\nLocal Volumes space usage:\n\n"
        "VOLUME NAME   LINKS     SIZE\n"
        "\nBuild cache usage: 0B\n\n"
        "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n")


def test_an_image_in_use_is_not_reclaimable_but_its_shared_layers_are_counted_once(notes_lab):
    lab = notes_lab
    lab.ok("docker create --name app myapp:v2")
    assert lab("docker system df --format '{{.Type}}: {{.Active}} {{.Size}} {{.Reclaimable}}'") == (
        "Images: 1 750.2MB 750MB (99%)\nContainers: 0 0B 0B\nLocal Volumes: 0 0B 0B\nBuild Cache: 0 0B 0B\n")


def test_system_df_counts_containers_and_volumes(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker run -d --name keeper -v data:/d busybox sh -c 'echo hello > /d/f; sleep 1000'")
    lab.ok("docker run --name done busybox sh -c 'echo hi > /x'")
    lab.ok("docker volume create spare")
    assert lab("docker system df --format '{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}'") == (
        "Images 1 1 4.278MB 0B (0%)\nContainers 2 1 3B 3B (100%)\nLocal Volumes 2 1 6B 0B (0%)\n"
        "Build Cache 0 0 0B 0B\n")
    out = lab("docker system df -v")
    assert "VOLUME NAME   LINKS     SIZE\ndata          1         6B\nspare         0         0B\n" in out
    assert ('   "sh -c \'echo hi > /x\'"   0               3B        Less than a second ago   '
            "Exited (0) Less than a second ago   done\n") in out


def test_system_df_format_with_the_acceptance_fields(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker run -d busybox sleep 1000")
    lab.ok("docker run -d busybox sleep 1000")
    lab.ok("docker stop $(docker ps -q)")
    assert lab("docker system df --format '{{.Type}} {{.TotalCount}} {{.Active}}'") == (
        "Images 1 1\nContainers 2 0\nLocal Volumes 0 0\nBuild Cache 0 0\n")


# --- prune ---------------------------------------------------------------------------------
SYSTEM_WARNING = ("WARNING! This will remove:\n  - all stopped containers\n"
                  "  - all networks not used by at least one container\n  - all dangling images\n"
                  "  - unused build cache\n\nAre you sure you want to continue? [y/N] ")


def test_system_prune_asks_first_and_no_cancels_silently(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker run --name done busybox true")
    assert lab("docker system prune") == SYSTEM_WARNING
    assert lab("n") == ""
    assert lab.code == 0
    assert lab("docker ps -aq | wc -l") == "1\n"


def test_system_prune_warning_with_all_and_volumes(lab):
    assert lab("docker system prune -a --volumes") == (
        "WARNING! This will remove:\n  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all anonymous volumes not used by at least one container\n"
        "  - all images without at least one container associated to them\n  - all build cache\n\n"
        "Are you sure you want to continue? [y/N] ")


def test_system_prune_removes_stopped_containers_and_unused_networks(lab):
    lab.ok("docker pull -q busybox")
    stopped = lab.ok("docker run -d busybox true").strip()
    lab.ok("docker run -d --name up busybox sleep 1000")
    lab.ok("docker network create unused")
    lab.ok("docker volume create kept")
    lab("docker system prune")
    assert lab("y") == (f"Deleted Containers:\n{stopped}\n\nDeleted Networks:\nunused\n\n"
                        "Total reclaimed space: 0B\n")
    assert lab("docker volume ls -q") == "kept\n"
    assert lab("docker system prune -f") == "Total reclaimed space: 0B\n"


def test_system_prune_all_with_volumes_removes_unused_images_and_anonymous_volumes(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker pull -q alpine")
    lab.ok("docker run -d --name up busybox sleep 1000")
    lab.ok("docker create -v /data --name holder alpine")
    lab.ok("docker rm holder")
    anonymous = lab.ok("docker volume ls -q").strip()
    out = lab("docker system prune -a -f --volumes")
    assert out.startswith(f"Deleted Volumes:\n{anonymous}\n\nDeleted Images:\nuntagged: alpine:latest\n"
                          "untagged: alpine@sha256:")
    assert out.endswith("\n\nTotal reclaimed space: 8.312MB\n")
    assert lab("docker images --format '{{.Repository}}'") == "busybox\n"


def test_system_prune_filters(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker run --label keep=yes busybox true")
    gone = lab.ok("docker run -d busybox true").strip()
    assert lab("docker system prune -f --filter label!=keep=yes") == (
        f"Deleted Containers:\n{gone}\n\nTotal reclaimed space: 0B\n")
    assert lab("docker system prune -f --filter colour=red") == "Error response from daemon: invalid filter 'colour'\n"
    assert lab.code == 1


def test_builder_prune(lab):
    assert lab("docker builder prune") == (
        "WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ")
    assert lab("y") == "Total reclaimed space: 0B\n"
    assert lab("docker builder prune -a -f") == "Total reclaimed space: 0B\n"


# --- events --------------------------------------------------------------------------------
def test_events_between_since_and_until_in_simulated_time(lab):
    lab.ok("docker pull -q busybox")
    lab.advance(60)
    cid = lab.ok("docker create --name box busybox").strip()
    lab.advance(60)
    net = lab.ok("docker network create app").strip()
    out = lab("docker events --since 30s --until 0s")
    assert out == f"2025-11-28T08:02:00.000000000Z network create {net} (name=app, type=bridge)\n"
    out = lab("docker events --since 2025-11-28T08:00:30Z --until 0s --filter type=container")
    assert out == f"2025-11-28T08:01:00.000000000Z container create {cid} (image=busybox, name=box)\n"


def test_events_filters_and_formats(lab):
    lab.ok("docker pull -q busybox")
    lab.ok("docker run --name box busybox true")
    assert lab("docker events --until 0s --filter container=box --filter event=die "
               "--format '{{.Type}} {{.Action}} {{.Actor.Attributes.exitCode}}'") == "container die 0\n"
    assert lab("docker events --until 0s --filter colour=red") == (
        "Error response from daemon: invalid filter 'colour'\n")


def test_events_without_until_waits_until_interrupted(lab):
    assert lab("docker events") == "^C\n"
    assert lab.code == 130
