"""Built layers shared between the sessions of a process: equal content only, never mutable."""
import pytest

from simulator import Session
from simulator.engine import shared_layers
from simulator.fs import Dir, File, Layer

DOCKERFILE = "FROM alpine\nRUN echo hi > /greeting\n"


def built_session():
    session = Session(seed=1)
    session.run("mkdir /app")
    session.run(f"printf '{DOCKERFILE}' > /app/Dockerfile")
    assert session.run("docker build -q -t greet /app").exit_code == 0
    return session


def built_layer(session):
    image = session.engine.images.get("greet")
    return session.engine.images.layer(image.layers[-1])


def test_loaded_sessions_share_the_built_layer():
    session = built_session()
    saved = session.to_json()
    one, two = Session.from_json(saved), Session.from_json(saved)
    assert built_layer(one) is built_layer(two) is built_layer(session)


def test_containers_of_a_shared_layer_write_to_their_own_layer():
    saved = built_session().to_json()
    one, two = Session.from_json(saved), Session.from_json(saved)
    assert one.run("docker run greet sh -c 'echo bye > /greeting; cat /greeting'").output == "bye\n"
    assert two.run("docker run --rm greet cat /greeting").output == "hi\n"
    assert built_layer(one).entries["/greeting"].data == b"hi\n"


def test_same_content_with_other_mtimes_is_not_shared():
    early = Layer({"/": Dir(), "/f": File(b"x", mtime=1.0)})
    late = Layer({"/": Dir(), "/f": File(b"x", mtime=2.0)})
    assert early.id == late.id
    first = shared_layers.load(early.id, early.to_dict())
    second = shared_layers.load(late.id, late.to_dict())
    assert first is not second
    assert second.entries["/f"].mtime == 2.0
    assert shared_layers.load(late.id, late.to_dict()) is second


def test_a_shared_layer_refuses_changes():
    layer = shared_layers.load("sha256:test", {"/": {"k": "d", "m": 0o755, "u": 0, "g": 0, "t": 0}})
    with pytest.raises(ValueError):
        layer.put("/x", File(b""))
    with pytest.raises(ValueError):
        layer.drop("/")


def test_least_recently_used_layers_are_forgotten(monkeypatch):
    monkeypatch.setattr(shared_layers, "MAX_LAYERS", 2)
    saved = [{"/": {"k": "d", "m": 0o755, "u": 0, "g": 0, "t": t}} for t in range(3)]
    first = shared_layers.load("sha256:a", saved[0])
    shared_layers.load("sha256:b", saved[1])
    assert shared_layers.load("sha256:a", saved[0]) is first
    shared_layers.load("sha256:c", saved[2])                   # forgets b, the least recent
    assert shared_layers.load("sha256:a", saved[0]) is first
    assert "sha256:b" not in shared_layers._layers


def test_layers_past_the_byte_budget_are_forgotten(monkeypatch):
    monkeypatch.setattr(shared_layers, "MAX_BYTES", 150)
    big = [{"/f": {"k": "f", "m": 0o644, "u": 0, "g": 0, "t": t, "d": "x" * 100}} for t in range(2)]
    first = shared_layers.load("sha256:big1", big[0])
    shared_layers.load("sha256:big2", big[1])
    assert "sha256:big1" not in shared_layers._layers
    assert shared_layers.load("sha256:big1", big[0]) is not first
