"""The workspace store: saving after commands, the undo stack, reset, the replayed screen."""
import pytest

from lab.terminal import store
from lab.terminal.models import Workspace
from lab.visitors import Owner

pytestmark = pytest.mark.django_db
OWNER = Owner(None, "visitor-1")


def run(workspace, line):
    session = store.session_of(workspace)
    session.run(line)
    store.record(workspace, session, line, screen=f"$ {line}\n")
    return session


def test_a_workspace_is_made_once_per_owner_and_name():
    first = store.open_workspace(OWNER, "playground")
    assert store.open_workspace(OWNER, "playground").pk == first.pk
    assert store.open_workspace(Owner(None, "visitor-2"), "playground").pk != first.pk


def test_record_saves_the_session_history_and_screen():
    workspace = store.open_workspace(OWNER, "playground")
    session = run(workspace, "nosuchcmd")
    saved = Workspace.objects.get(pk=workspace.pk)
    assert (saved.history, saved.screen, saved.version) == (["nosuchcmd"], "$ nosuchcmd\n", 1)
    assert saved.state == session.to_json()


def test_undo_steps_back_and_is_bounded():
    workspace = store.open_workspace(OWNER, "playground")
    states = [workspace.state]
    for n in range(7):
        run(workspace, f"cmd{n}")
        states.append(workspace.state)
    assert len(workspace.undo) == store.UNDO_DEPTH
    assert store.undo(workspace).to_json() == states[-2]
    assert Workspace.objects.get(pk=workspace.pk).state == states[-2]


def test_undo_keeps_fewer_steps_of_large_sessions(monkeypatch):
    monkeypatch.setattr(store, "UNDO_SIZE", 25)
    assert store.pushed(["a" * 10, "b" * 10], "c" * 10) == ["b" * 10, "c" * 10]
    assert store.pushed([], "d" * 30) == []


def test_undo_with_nothing_recorded_is_none():
    assert store.undo(store.open_workspace(OWNER, "playground")) is None


def test_reset_returns_to_a_fresh_start_and_can_be_undone():
    workspace = store.open_workspace(OWNER, "playground")
    run(workspace, "nosuchcmd")
    before = workspace.state
    store.reset(workspace)
    assert workspace.screen == "" and workspace.undo[-1] == before
    assert store.undo(workspace).to_json() == before


def test_newer_finds_a_save_made_by_another_connection():
    mine = store.open_workspace(OWNER, "playground")
    other = Workspace.objects.get(pk=mine.pk)
    assert store.newer(mine) is None
    run(other, "elsewhere")
    assert store.newer(mine).history == ["elsewhere"]


def test_the_screen_keeps_whole_lines_from_the_end():
    screen = "".join(f"line {n}\r\n" for n in range(5000))
    kept = store.tail(screen)
    assert len(kept) <= store.SCREEN_SIZE and kept.startswith("line ") and kept.endswith("line 4999\r\n")
