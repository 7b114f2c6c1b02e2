"""Web lab load: keystroke round trip (key sent, echo received) through Daphne with 1, 50 and 200
concurrent terminals against a bare `websockets` echo server in the same run; session start
(connect to first prompt); server memory per idle connected terminal. Loopback only, bounded.

Goals: p99 under 20 ms at 200 sessions, at most 2x the bare echo, under 1 MB per idle session."""
import asyncio
import json
import multiprocessing
import random
import statistics
import time
import urllib.request

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

from tests.lab.daphne_server import PROMPT, DaphneServer, free_port, read_until

SESSIONS = (1, 50, 200)
KEYS_PER_SESSION = 20
MIN_SAMPLES = 100             # keystrokes measured per run at least (one session types them all)
TYPING_INTERVAL = 0.1         # seconds between keystrokes of one student (10 keys/s)
IDLE_SESSIONS = 500
TIME_LIMIT = 600              # seconds for the whole benchmark


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def run_echo_server(port):
    async def echo(ws):
        async for message in ws:
            data = json.loads(message)
            await ws.send(json.dumps({"type": "output", "data": data["data"]}))

    async def main():
        async with serve(echo, "127.0.0.1", port):
            await asyncio.Future()

    asyncio.run(main())


def cookies(server, count):
    return [server.visitor_cookie() for _ in range(count)]


async def open_terminal(server, cookie):
    ws = await connect(server.ws_url(), origin=server.url, additional_headers={"Cookie": cookie})
    await read_until(ws, PROMPT, timeout=60)
    return ws


async def key_round_trip(ws):
    start = time.perf_counter()
    await ws.send(json.dumps({"type": "input", "data": "a"}))
    while not json.loads(await ws.recv()).get("data", "").startswith("a"):    # "a \r" at a row's end
        pass
    return (time.perf_counter() - start) * 1000


async def type_keys(ws, keys, timings):
    """One student typing: each key's time from send to its echo (after one unmeasured key)."""
    await asyncio.sleep(random.random() * TYPING_INTERVAL)
    await key_round_trip(ws)
    for _ in range(keys):
        await asyncio.sleep(TYPING_INTERVAL)
        timings.append(await key_round_trip(ws))


async def round_trips(sockets):
    timings = []
    keys = max(KEYS_PER_SESSION, MIN_SAMPLES // len(sockets))
    await asyncio.gather(*(type_keys(ws, keys, timings) for ws in sockets))
    return timings


async def daphne_round_trips(server, count):
    sockets = [await open_terminal(server, cookie) for cookie in cookies(server, count)]
    try:
        return await round_trips(sockets)
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))


async def echo_round_trips(port, count):
    sockets = [await connect(f"ws://127.0.0.1:{port}/") for _ in range(count)]
    try:
        return await round_trips(sockets)
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))


async def session_start(server, count=20):
    times = []
    for cookie in cookies(server, count):
        start = time.perf_counter()
        ws = await open_terminal(server, cookie)
        times.append((time.perf_counter() - start) * 1000)
        await ws.close()
    return statistics.median(times)


async def idle_memory(server):
    visitors = cookies(server, IDLE_SESSIONS)
    warm = await open_terminal(server, visitors[0])     # first use loads the simulator's modules
    await warm.close()
    await asyncio.sleep(0.5)
    before = rss_kb(server.process.pid)
    sockets = [await open_terminal(server, cookie) for cookie in visitors]
    await asyncio.sleep(0.5)
    after = rss_kb(server.process.pid)
    await asyncio.gather(*(ws.close() for ws in sockets))
    return (after - before) / IDLE_SESSIONS, after - before


async def measure(server, echo_port):
    urllib.request.urlopen(server.url + "/playground/").close()
    print(f"keystroke round trip, ms (at least {KEYS_PER_SESSION} keys per session and {MIN_SAMPLES} in all, "
          f"one every {TYPING_INTERVAL * 1000:.0f} ms per session)")
    print(f"{'sessions':>8} {'p50':>7} {'p99':>7} {'echo p50':>9} {'echo p99':>9} {'p99 ratio':>10}")
    for count in SESSIONS:
        lab = await daphne_round_trips(server, count)
        bare = await echo_round_trips(echo_port, count)
        lab99, bare99 = percentile(lab, 0.99), percentile(bare, 0.99)
        print(f"{count:>8} {percentile(lab, 0.5):>7.2f} {lab99:>7.2f} {percentile(bare, 0.5):>9.2f} "
              f"{bare99:>9.2f} {lab99 / bare99:>9.1f}x")
    print(f"session start (connect to first prompt) p50: {await session_start(server):.1f} ms")
    per_session, total = await idle_memory(server)
    print(f"idle session memory: {per_session:.0f} kB per session (RSS +{total / 1024:.1f} MB for {IDLE_SESSIONS})")


def main():
    echo_port = free_port()
    echo = multiprocessing.Process(target=run_echo_server, args=(echo_port,), daemon=True)
    echo.start()
    try:
        with DaphneServer() as server:
            asyncio.run(asyncio.wait_for(measure(server, echo_port), TIME_LIMIT))
    finally:
        echo.terminate()
        echo.join()


if __name__ == "__main__":
    main()
