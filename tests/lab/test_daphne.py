"""The terminal websocket against real Daphne processes (HTTP, cookies, Origin, restarts)."""
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.lab.conftest import needs_shell
from tests.lab.daphne_server import PROMPT, DaphneServer, keys, read_until


@pytest.fixture(scope="module")
def server():
    with DaphneServer() as running:
        yield running


def open_terminal(server, cookie, origin=None, workspace="playground"):
    return connect(server.ws_url(workspace), origin=origin or server.url, additional_headers={"Cookie": cookie})


async def test_typing_through_daphne(server):
    async with open_terminal(server, server.visitor_cookie()) as ws:
        assert await read_until(ws, PROMPT) == PROMPT
        await ws.send(keys("nosuchcmd\r"))
        assert await read_until(ws, "found\r\n" + PROMPT) == (
            "nosuchcmd\r\nbash: nosuchcmd: command not found\r\n" + PROMPT)


async def test_reconnecting_through_daphne_finds_the_workspace(server):
    cookie = server.visitor_cookie()
    async with open_terminal(server, cookie) as ws:
        await read_until(ws, PROMPT)
        await ws.send(keys("first-line\r"))
        await read_until(ws, "found\r\n" + PROMPT)
    async with open_terminal(server, cookie) as ws:
        await read_until(ws, PROMPT)
        await ws.send(keys("\x1b[A"))
        assert await read_until(ws, "\x1b[J") == "first-line\x1b[J"


async def test_daphne_refuses_a_foreign_origin(server):
    with pytest.raises(InvalidStatus) as refused:
        async with open_terminal(server, server.visitor_cookie(), origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_daphne_refuses_a_socket_without_a_page_visit(server):
    with pytest.raises(InvalidStatus):
        async with open_terminal(server, "sessionid=made-up"):
            pass


@needs_shell
async def test_the_workspace_survives_a_server_restart(tmp_path):
    with DaphneServer(tmp_path) as first:
        cookie = first.visitor_cookie()
        async with open_terminal(first, cookie) as ws:
            await read_until(ws, PROMPT)
            await ws.send(keys("echo survived > /root/note.txt\r"))
            await read_until(ws, "\r\n" + PROMPT)
    with DaphneServer(tmp_path) as second:
        async with open_terminal(second, cookie) as ws:
            await read_until(ws, PROMPT)
            await ws.send(keys("cat /root/note.txt\r"))
            assert await read_until(ws, "\r\n" + PROMPT) == "cat /root/note.txt\r\nsurvived\r\n" + PROMPT
