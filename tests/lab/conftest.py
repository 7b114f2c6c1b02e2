"""Helpers for driving the terminal websocket through the real ASGI application."""
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from lab.asgi import application
from lab.visitors import VISITOR_KEY
from simulator import Session

PROMPT = "root@slipway:~# "
ORIGIN = (b"origin", b"http://127.0.0.1:8000")

# Some tests need the simulator's real shell (files, echo); they wait for it to land.
needs_shell = pytest.mark.skipif(Session().run("echo ok > /tmp/probe; cat /tmp/probe").output != "ok\n",
                                 reason="the simulator's shell is not available yet")

LESSON = """---
title: First steps
slug: first-steps
order: 1
sections: [Docker Basics]
---
# First steps

Say hello:

```bash
echo hello
```

```exercise
id: make-a-note
title: Leave a note
task: Create the file `/root/note.txt`.
hints:
  - The `touch` command creates a file.
  - Type `touch /root/note.txt`.
solution:
  - touch /root/note.txt
checks:
  - file: {path: /root/note.txt, exists: true}
    feedback: /root/note.txt does not exist yet
disabled: [rm]
```
"""


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Pages render without a collectstatic run (the hashed manifest is for deployments)."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def lessons_dir(tmp_path, settings):
    (tmp_path / "01-first-steps.md").write_text(LESSON)
    settings.LESSONS_DIR = tmp_path
    return tmp_path


@database_sync_to_async
def new_visitor():
    """A browser session that has visited a page (so it carries a visitor id); its cookie header."""
    store = SessionStore()
    store[VISITOR_KEY] = store._get_new_session_key()
    store.create()
    return (b"cookie", f"sessionid={store.session_key}".encode())


class Browser:
    """One websocket connection, read the way xterm.js would: output text, plus other messages."""

    def __init__(self, workspace, cookie=None, origin=ORIGIN):
        self.workspace, self.cookie, self.origin = workspace, cookie, origin
        self.messages = []
        self.closed = False

    async def connect(self):
        cookie = self.cookie or await new_visitor()
        self.socket = WebsocketCommunicator(application, f"/ws/terminal/{self.workspace}/",
                                            headers=[self.origin, cookie])
        connected, _ = await self.socket.connect()
        return connected

    async def start(self):
        """Connects and reads the greeting, up to the prompt."""
        assert await self.connect()
        return await self.read_until(PROMPT)

    async def run(self, line):
        """Types a line and Enter: the echo, the output and the next prompt."""
        await self.type(line + "\r")
        return await self.read_until("\r\n" + PROMPT)

    async def type(self, keys):
        await self.socket.send_to(text_data=json.dumps({"type": "input", "data": keys}))

    async def send(self, message):
        await self.socket.send_to(text_data=json.dumps(message))

    async def read_until(self, ending, timeout=10):
        """Output text received until it ends with `ending`; other messages go to self.messages."""
        text = ""
        while not text.endswith(ending):
            message = json.loads(await self.socket.receive_from(timeout))
            if message["type"] == "output":
                text += message["data"]
            else:
                self.messages.append(message)
        return text

    async def next_of(self, kind, timeout=10):
        while True:
            found = next((m for m in self.messages if m["type"] == kind), None)
            if found:
                self.messages.remove(found)
                return found
            self.messages.append(json.loads(await self.socket.receive_from(timeout)))

    async def close(self):
        if not self.closed and hasattr(self, "socket"):
            self.closed = True
            await self.socket.disconnect()


@pytest.fixture
async def browser():
    """Opens Browser connections (a new visitor unless a cookie is given); closes them afterwards."""
    opened = []

    def open_browser(workspace="playground", cookie=None, origin=ORIGIN):
        opened.append(Browser(workspace, cookie, origin))
        return opened[-1]

    yield open_browser
    for b in opened:
        await b.close()
