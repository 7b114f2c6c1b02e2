"""The lab serving its `runtime: linux` lesson through a real Daphne process: what a student types
in the browser's terminal runs in real containers (spares forked by the Daphne process's own fork
server), and nothing stays behind once the server stops."""
import os
import time

from websockets.asyncio.client import connect

from simulator.runtime.linux import cgroups
from simulator.runtime.linux.container import SPARE
from tests.lab.daphne_server import PROMPT, DaphneServer, keys, read_until

LESSON = "inside-a-container"


async def test_a_linux_lesson_runs_real_containers_through_daphne(runtime_root):
    server = DaphneServer(SLIPWAY_LINUX_RUNTIME="1", SLIPWAY_LINUX_ROOT=runtime_root)
    try:
        server.start()
        cookie = server.visitor_cookie(f"/lessons/{LESSON}/")
        async with connect(server.ws_url(LESSON), origin=server.url, additional_headers={"Cookie": cookie}) as ws:
            await read_until(ws, PROMPT, timeout=30)
            await ws.send(keys("docker pull -q busybox\r"))
            await read_until(ws, "\r\n" + PROMPT, timeout=30)
            # Only a real user namespace maps the container's root to an unprivileged host ID.
            await ws.send(keys("docker run --rm busybox cat /proc/self/uid_map\r"))
            assert await read_until(ws, "\r\n" + PROMPT, timeout=30) == (
                "docker run --rm busybox cat /proc/self/uid_map\r\n"
                "         0     100000      65536\r\n" + PROMPT)
            await ws.send(keys("docker run --rm busybox sh -c 'echo $$; hostname | wc -c'\r"))
            assert (await read_until(ws, "\r\n" + PROMPT, timeout=30)).splitlines()[1:3] == ["1", "13"]
    finally:
        server.stop()
    # The server's spares end with it (their spec pipes close): wait for their cgroups to go.
    deadline = time.monotonic() + 5
    while any(name.startswith(SPARE) for name in cgroups.leftovers(runtime_root)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.path.isdir(os.path.join(runtime_root, "containers"))    # the containers did run here
