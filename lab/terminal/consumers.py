"""The terminal websocket (contract 5): JSON messages in and out, nothing else; the work is done by
Terminal, one message at a time from a bounded inbox."""
import asyncio
import json
import logging

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer

from lab.courses import course
from lab.terminal.terminal import INTERNAL_ERROR, Terminal, to_terminal
from lab.visitors import owner_of

log = logging.getLogger(__name__)
MAX_MESSAGE = 16 * 1024     # characters in one message from the browser
MAX_TYPEAHEAD = 64 * 1024   # characters of messages waiting while a command runs
REFUSED = 4403


class TerminalConsumer(AsyncWebsocketConsumer):
    worker = None
    busy = True                     # the worker is greeting or handling a message

    async def __call__(self, scope, receive, send):
        """AsyncConsumer's loop, leaner: a terminal talks only to its own browser, so there is no
        channel layer to listen on (with Redis, one listener per open terminal), and each message
        is awaited straight from the server instead of through a new task and asyncio.wait:
        fewer event-loop turns between a keystroke and its echo."""
        self.scope, self.channel_layer, self.base_send = scope, None, send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def connect(self):
        name = self.scope["url_route"]["kwargs"]["workspace"]
        owner = owner_of(self.scope.get("user"), self.scope.get("session"))
        if owner is None or not course.workspace_exists(name):
            await self.close(code=REFUSED)
            return
        self.terminal = Terminal(owner, name, self.send_json)
        try:
            await self.terminal.open()
        except Exception:
            log.exception("could not open workspace %s", name)
            await self.close(code=REFUSED)
            return
        await self.accept()
        self.inbox = asyncio.Queue()
        self.queued = 0             # characters in the inbox
        self.worker = asyncio.create_task(self._work())

    async def disconnect(self, code):
        if self.worker:
            self.worker.cancel()

    async def dispatch(self, message):
        # Channels closes stale ORM connections in its database thread before every message: a
        # thread round trip per keystroke. Keystrokes touch no database (the terminal's ORM calls
        # use database_sync_to_async, which does that cleaning itself), so they skip it.
        if message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        else:
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None or len(text_data) > MAX_MESSAGE:
            await self.send_json({"type": "error", "message": f"messages are limited to {MAX_MESSAGE} characters"})
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if self.terminal.interrupt_command(message):
            self._drop_typeahead()      # as a tty flushes its input queue on Ctrl-C
        if self.queued + len(text_data) > MAX_TYPEAHEAD:
            await self.send_json({"type": "output", "data": "\a"})
            return
        if not self.busy and self.inbox.empty() and self.terminal.only_edits(message):
            await self._handle(message)     # an ordinary keystroke is echoed at once, not queued
            return
        self.queued += len(text_data)
        self.inbox.put_nowait((len(text_data), message))

    def _drop_typeahead(self):
        """Forgets keys waiting behind the interrupted command; other messages keep their turn."""
        kept = []
        while not self.inbox.empty():
            size, message = self.inbox.get_nowait()
            if message.get("type") == "input":
                self.queued -= size
            else:
                kept.append((size, message))
        for item in kept:
            self.inbox.put_nowait(item)

    async def send_json(self, message):
        await self.send(text_data=json.dumps(message))

    async def _work(self):
        await self.terminal.greet()
        while True:
            self.busy = False
            size, message = await self.inbox.get()
            self.busy = True
            self.queued -= size
            await self._handle(message)

    async def _handle(self, message):
        try:
            await self.terminal.handle(message)
        except Exception:
            log.exception("terminal message failed in %s", self.terminal.name)
            await self.send_json({"type": "output", "data": to_terminal(INTERNAL_ERROR)})
