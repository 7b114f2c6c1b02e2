"""The workspace store: a Session saved as JSON after every command, with a short undo stack.

Plain synchronous ORM code; the terminal calls it through database_sync_to_async.
"""
from django.db.models import F

from lab.courses import course
from lab.terminal.models import Workspace
from simulator import Session

UNDO_DEPTH = 5
UNDO_SIZE = 4 * 1024 * 1024  # characters of saved states the undo stack may hold in all
HISTORY_DEPTH = 500
SCREEN_SIZE = 16 * 1024     # characters of output replayed on reconnect


def open_workspace(owner, name):
    """The owner's workspace `name`, created in its start state on first use."""
    workspace = Workspace.objects.filter(name=name, **owner.rows()).first()
    if workspace is None:
        session = course.start_state(name)
        workspace, _ = Workspace.objects.get_or_create(
            name=name, **owner.rows(), defaults={**owner.fields(), "state": session.to_json()})
    return workspace


def session_of(workspace):
    return Session.from_json(workspace.state)


def newer(workspace):
    """The saved workspace when another connection changed it since `workspace` was read, else None."""
    return Workspace.objects.filter(pk=workspace.pk, version__gt=workspace.version).first()


def record(workspace, session, line, screen):
    """Saves the session after `line` ran; the state before it becomes the newest undo step."""
    state = session.to_json()
    workspace.screen = tail(screen)
    if state != workspace.state:
        workspace.undo = pushed(workspace.undo, workspace.state)
    if line.strip():
        workspace.history = (workspace.history + [line])[-HISTORY_DEPTH:]
    workspace.state = state
    _save(workspace)


def reset(workspace, exercise_id=""):
    """Back to the lesson's start state (or that of one exercise, which becomes the open one)."""
    session = course.start_state(workspace.name, exercise_id)
    workspace.undo = pushed(workspace.undo, workspace.state)
    workspace.state = session.to_json()
    workspace.screen = ""
    workspace.exercise = exercise_id or workspace.exercise
    _save(workspace)
    return session


def pushed(stack, state):
    """The undo stack with `state` on top: at most UNDO_DEPTH steps and UNDO_SIZE characters, the
    oldest dropped first, so a large session keeps fewer undo steps instead of a huge row."""
    stack = (stack + [state])[-UNDO_DEPTH:]
    while stack and sum(map(len, stack)) > UNDO_SIZE:
        stack.pop(0)
    return stack


def undo(workspace):
    """Reverts the last command that changed anything; None when there is nothing to undo."""
    if not workspace.undo:
        return None
    workspace.state = workspace.undo.pop()
    workspace.screen = ""
    _save(workspace)
    return session_of(workspace)


def tail(screen):
    """The last SCREEN_SIZE characters of terminal output, starting at a line."""
    if len(screen) <= SCREEN_SIZE:
        return screen
    cut = screen[-SCREEN_SIZE:]
    return cut[cut.find("\n") + 1:]


def open_exercise(workspace, exercise_id):
    workspace.exercise = exercise_id
    Workspace.objects.filter(pk=workspace.pk).update(exercise=exercise_id)


def _save(workspace):
    workspace.version += 1
    Workspace.objects.filter(pk=workspace.pk).update(
        state=workspace.state, undo=workspace.undo, history=workspace.history, screen=workspace.screen,
        exercise=workspace.exercise, version=F("version") + 1)
