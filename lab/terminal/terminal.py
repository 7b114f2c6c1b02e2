"""One open terminal on a workspace: keystrokes in; echo, output, prompt, diagram state and
exercise results out. Commands run in worker threads, one at a time per workspace, so a slow
command never stalls the event loop or other students. Keys typed meanwhile (Ctrl-C too) wait in
order, as in a terminal's type-ahead: the session is never touched by two threads at once."""
import asyncio
import dataclasses
import functools
import logging
import re
import weakref
from concurrent.futures import ThreadPoolExecutor

from channels.db import database_sync_to_async

from lab.courses import course, progress
from lab.terminal import store
from lab.terminal.line_editor import EndOfFile, Interrupt, Line, LineEditor

log = logging.getLogger(__name__)
COMMANDS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="slipway-command")
INTERNAL_ERROR = "bash: internal error: the command could not be completed\n"
CLEAR_SCREEN = "\x1b[H\x1b[2J"
RESTORE_FAILED = "Your saved machine could not be restored after an update; this is a fresh one.\r\n"
COMMAND_KEYS = "\r\n\x03\x04"   # Enter, Ctrl-C, Ctrl-D: keys that run something
_locks = weakref.WeakValueDictionary()   # workspace id -> lock shared by its connections here


def to_terminal(text):
    """The simulator writes \\n; a terminal needs \\r\\n."""
    return re.sub(r"\r?\n", "\r\n", text)


async def in_thread(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(COMMANDS, functools.partial(fn, *args))


class Terminal:
    def __init__(self, owner, name, send):
        self.owner, self.name = owner, name
        self.send = send            # async: one protocol message (a dict) to the browser
        self.screen = ""            # what the browser shows, saved with each command
        self.running = False        # a command of this terminal is in a worker thread

    async def open(self):
        self.workspace = await database_sync_to_async(store.open_workspace)(self.owner, self.name)
        try:
            self.session = await in_thread(store.session_of, self.workspace)
        except Exception:   # a state saved by an older simulator: better a fresh machine than none
            log.exception("workspace %s could not be restored; starting afresh", self.workspace.pk)
            self.session = await in_thread(course.start_state, self.name)
            self.workspace.screen = RESTORE_FAILED
        self.lock = _locks.setdefault(self.workspace.pk, asyncio.Lock())
        self.passed = await database_sync_to_async(progress.passed_exercises)(self.owner)
        # through self.session: Reset, Undo and a newer save replace the session
        self.editor = LineEditor(complete=lambda line: self.session.complete(line),
                                 needs_more=lambda entry: self.session.needs_more(entry),
                                 history=self.workspace.history)

    async def greet(self):
        """The screen as it was, a prompt, the diagram and the open exercise's status."""
        await self._output(self.workspace.screen + self.editor.start(self.session.prompt))
        await self._publish()

    async def handle(self, message):
        kind = message.get("type")
        if kind == "input" and isinstance(message.get("data"), str):
            await self.keys(message["data"])
        elif kind == "resize" and isinstance(message.get("cols"), int):
            rows = message.get("rows")
            self.editor.resize(message["cols"])
            self.session.resize(message["cols"], rows if isinstance(rows, int) else self.session.terminal.height)
        elif kind == "check":
            await self.check(str(message.get("id", "")))
        elif kind == "reset":
            await self._replace(store.reset, str(message.get("exercise", "")))
        elif kind == "undo":
            await self._replace(store.undo)

    async def keys(self, data):
        written, ran = [], False
        for item in self.editor.feed(data):
            if isinstance(item, str):
                written.append(item)
                continue
            await self._output("".join(written))
            written = []
            if isinstance(item, Line):
                await self._run(item.text)
            elif isinstance(item, Interrupt):
                await self._interrupt()
            elif isinstance(item, EndOfFile):
                await self._run("exit")
            ran = True
        await self._output("".join(written))
        if ran:
            await self._publish()

    async def check(self, exercise_id):
        exercise = course.exercise(self.name, exercise_id)
        if exercise:
            await database_sync_to_async(store.open_exercise)(self.workspace, exercise_id)
            await self._grade(exercise, checked=True)

    async def _run(self, line):
        # Shielded: a closed browser must not lose a command that already ran.
        await asyncio.shield(self._run_and_save(line))

    async def _run_and_save(self, line):
        async with self.lock:
            saved = await database_sync_to_async(store.newer)(self.workspace)
            if saved:
                self.workspace, self.session = saved, await in_thread(store.session_of, saved)
            prompt = self.session.prompt
            refused = course.refusal(self._open_exercise(), line)
            self.running = not refused
            try:
                rest = refused or await in_thread(self._execute, line, asyncio.get_running_loop())
            finally:
                self.running = False
            await self._output(to_terminal(rest))
            await self._save(line if prompt else "")    # an answer to [y/N] is not history

    async def _save(self, line):
        self.editor.prompt = self.session.prompt
        await database_sync_to_async(store.record)(self.workspace, self.session, line, self.screen)

    def _execute(self, line, loop):
        """Runs in a worker thread; streamed chunks are sent as they come, the rest is returned."""
        streamed = []

        def on_output(chunk):
            streamed.append(chunk)
            asyncio.run_coroutine_threadsafe(self._output(to_terminal(chunk)), loop).result()

        try:
            output = self.session.run(line, on_output=on_output).output
        except Exception:
            log.exception("command failed in workspace %s: %r", self.workspace.pk, line)
            return INTERNAL_ERROR
        sent = "".join(streamed)
        return output[len(sent):] if output.startswith(sent) else ""

    @staticmethod
    def only_edits(message):
        """Keys that only edit the line (no Enter, Ctrl-C or Ctrl-D): nothing runs, nothing is saved."""
        keys = message.get("data")
        return message.get("type") == "input" and isinstance(keys, str) and not any(
            key in keys for key in COMMAND_KEYS)

    def interrupt_command(self, message):
        """Ctrl-C typed while this terminal's command runs stops it now rather than in turn: True
        when it did; `message` then keeps only the keys typed after the Ctrl-C. Thread-safe on
        the session's side, so the event loop may call it while the command's thread works."""
        keys = message.get("data")
        if not (self.running and message.get("type") == "input" and isinstance(keys, str) and "\x03" in keys):
            return False
        if not self.session.interrupt_running():
            return False
        message["data"] = keys.rpartition("\x03")[2]
        return True

    async def _interrupt(self):
        """Ctrl-C at a prompt: ends a container shell or a [y/N] question, which is saved too."""
        async with self.lock:
            text = await in_thread(self.session.interrupt) or "\n"
            await self._output(to_terminal(text.removeprefix("^C")))
            await self._save("")

    async def _replace(self, change, *args):
        """Reset or Undo: swap the whole session and start a fresh screen."""
        async with self.lock:
            session = await database_sync_to_async(change)(self.workspace, *args)
        if session is None:
            await self._output("\a")
            return
        self.session, self.screen = session, ""
        await self._output(CLEAR_SCREEN + self.editor.start(session.prompt))
        await self._publish()

    async def _publish(self):
        """After a command: the diagram's state, then the open exercise's grade."""
        snapshot = await in_thread(self.session.snapshot)
        await self.send({"type": "state", **snapshot})
        exercise = self._open_exercise()
        if exercise:
            await self._grade(exercise)

    def _open_exercise(self):
        found = course.lesson(self.name)
        if not found:
            return None
        exercises = found.exercises
        chosen = next((e for e in exercises if e.id == self.workspace.exercise), None)
        return chosen or next((e for e in exercises if e.id not in self.passed), None)

    async def _grade(self, exercise, checked=False):
        try:
            result = await in_thread(course.grade, self.session, exercise)
        except Exception:
            log.exception("grading %s failed in workspace %s", exercise.id, self.workspace.pk)
            await self.send({"type": "exercise", "id": exercise.id, "passed": False,
                             "feedback": "The checks could not run; try again after your next command."})
            return
        newly_passed = result.passed and exercise.id not in self.passed
        if checked or newly_passed:
            await database_sync_to_async(progress.record)(self.owner, exercise, result.passed, checked)
        if newly_passed:
            self.passed.add(exercise.id)
            if self.workspace.exercise == exercise.id:
                await database_sync_to_async(store.open_exercise)(self.workspace, "")
        await self.send({"type": "exercise", "id": exercise.id, "passed": result.passed,
                         "feedback": result.feedback,
                         "checks": [dataclasses.asdict(c) for c in result.checks]})

    async def _output(self, text):
        if text:
            self.screen = store.tail(self.screen + text)
            await self.send({"type": "output", "data": text})
