"""A real Daphne process serving the lab on a free loopback port, with its own database unless
DATABASE_URL says otherwise; used by the websocket tests, the browser test and the benchmark."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "root@slipway:~# "


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DaphneServer:
    def __init__(self, workdir=None, port=None, **env):
        self.own_workdir = workdir is None          # made here, so removed on stop
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="slipway-"))
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(self.workdir / "static"),
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{self.workdir / 'db.sqlite3'}"),
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.process = None

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def start(self, timeout=30):
        if not (self.workdir / "static").exists():
            self.manage("migrate", "--noinput")
            self.manage("collectstatic", "--noinput")
        self.log = open(self.workdir / "daphne.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "lab.asgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited with {self.process.returncode}: see {self.workdir / 'daphne.log'}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"daphne did not listen on port {self.port} within {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()
        self.process = None
        if self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def visitor_cookie(self, path="/playground/"):
        """The session cookie a browser gets by opening a terminal page (it carries a visitor id)."""
        with urllib.request.urlopen(self.url + path) as response:
            for header in response.headers.get_all("Set-Cookie"):
                if header.startswith("sessionid="):
                    return header.split(";")[0]
        raise RuntimeError("no session cookie")

    def ws_url(self, workspace="playground"):
        return f"ws://127.0.0.1:{self.port}/ws/terminal/{workspace}/"


async def read_until(ws, ending, timeout=10, messages=None):
    """Output text from a `websockets` connection until it ends with `ending`."""
    import asyncio

    text = ""
    async with asyncio.timeout(timeout):
        while not text.endswith(ending):
            message = json.loads(await ws.recv())
            if message["type"] == "output":
                text += message["data"]
            elif messages is not None:
                messages.append(message)
    return text


def keys(data):
    return json.dumps({"type": "input", "data": data})
