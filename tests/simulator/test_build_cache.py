"""The build cache outlives images, survives a session round trip, and is pruned on request."""
from build_harness import Lab
from simulator import Session


def test_cache_survives_rmi_and_prune_removes_it():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN apk add --no-cache curl\n")
    lab.build("-t c")
    assert lab.out("docker builder prune -f") == ("Total reclaimed space: 0B\n", 0)
    lab.run("docker rmi c")
    assert ("[2/2] RUN apk add --no-cache curl", "CACHED") in lab.steps(lab.build("-t c")[0])
    lab.run("docker rmi c")
    record = next(iter(lab.engine.builder.cache.records.values()))
    assert lab.out("docker builder prune -f") == (
        f"Deleted build cache objects:\n{record.id}\n\nTotal reclaimed space: 5.514MB\n", 0)
    assert ("[2/2] RUN apk add --no-cache curl", "DONE") in lab.steps(lab.build("-t c")[0])


def test_prune_asks_first():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN echo x > /x\n")
    lab.build()
    assert lab.out("docker builder prune -a") == (
        "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ", 0)
    assert lab.out("n") == ("", 0)
    assert len(lab.engine.builder.cache.records) == 1
    lab.run("docker builder prune -a")
    assert lab.out("y")[0].startswith("Deleted build cache objects:\n")
    assert lab.engine.builder.cache.records == {}


def test_disk_usage_for_system_df():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN apk add --no-cache curl\nRUN echo x\n")
    lab.build()
    records = lab.engine.builder.cache.disk_usage()
    assert [(r.description, r.size, r.kind) for r in records] == [
        ("[2/3] RUN apk add --no-cache curl", 5_513_809, "regular"), ("[3/3] RUN echo x", 0, "regular")]
    assert lab.engine.builder.cache.size() == 5_513_809


def test_cache_survives_a_session_round_trip():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN echo x > /x\n")
    lab.build()
    restored = Session.from_json(lab.session.to_json())
    out = restored.run("docker build --progress=plain -t img .").output
    assert "#5 [2/2] RUN echo x > /x\n#5 CACHED\n" in out


def test_cache_mounts_persist_across_builds_and_sessions():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN --mount=type=cache,target=/cache sh -c 'echo x >> /cache/runs; wc -l < /cache/runs'\n")
    lab.build()
    restored = Session.from_json(lab.session.to_json())
    out = restored.run("docker build --progress=plain --no-cache -t img .").output
    assert "#5 0.050 2\n" in out


def test_cache_mounts_count_in_disk_usage_and_are_pruned():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN --mount=type=cache,target=/cache echo data > /cache/file\n")
    lab.build()
    kinds = [(r.kind, r.description, r.size) for r in lab.engine.builder.cache.disk_usage()]
    assert ("exec.cachemount", "mount /cache from exec echo data > /cache/file", 5) in kinds
    lab.run("docker builder prune -af")
    assert lab.engine.builder.cache.mounts == {}


def test_a_fully_cached_build_exports_no_layers():
    lab = Lab()
    lab.dockerfile("FROM alpine\nRUN echo x > /x\n")
    assert "#6 exporting layers 0.1s done\n" in lab.build()[0]
    assert "#6 exporting layers done\n" in lab.build()[0]
