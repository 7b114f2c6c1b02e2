"""Against real PostgreSQL and Redis (run by .ci/run with DATABASE_URL and REDIS_URL set)."""
import os

import pytest
from channels.layers import get_channel_layer
from django.conf import settings
from websockets.asyncio.client import connect

from lab.terminal import store
from lab.terminal.models import Workspace
from lab.visitors import Owner
from tests.lab.daphne_server import PROMPT, DaphneServer, keys, read_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
                       reason="needs DATABASE_URL and REDIS_URL (real PostgreSQL and Redis; see .ci/run)"),
]


@pytest.mark.django_db
def test_workspaces_are_kept_in_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    owner = Owner(None, "visitor-1")
    workspace = store.open_workspace(owner, "playground")
    session = store.session_of(workspace)
    session.run("nosuchcmd")
    store.record(workspace, session, "nosuchcmd", "screen")
    saved = Workspace.objects.get(visitor="visitor-1", name="playground")
    assert saved.history == ["nosuchcmd"]
    assert store.session_of(saved).to_json() == session.to_json()


async def test_the_channel_layer_is_redis():
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "ping", "text": "over redis"})
    assert await layer.receive(channel) == {"type": "ping", "text": "over redis"}


async def test_another_worker_continues_the_same_workspace(tmp_path):
    """Two Daphne processes on one database: a student moved to the second worker finds the work."""
    with DaphneServer(tmp_path / "a") as first, DaphneServer(tmp_path / "b") as second:
        cookie = first.visitor_cookie()
        async with connect(first.ws_url(), origin=first.url, additional_headers={"Cookie": cookie}) as ws:
            await read_until(ws, PROMPT)
            await ws.send(keys("typed-on-worker-a\r"))
            await read_until(ws, "found\r\n" + PROMPT)
        async with connect(second.ws_url(), origin=second.url, additional_headers={"Cookie": cookie}) as ws:
            await read_until(ws, PROMPT)
            await ws.send(keys("\x1b[A"))
            assert await read_until(ws, "\x1b[J") == "typed-on-worker-a\x1b[J"
