"""Session: one student's simulated machine (placeholder until the core lands: see docs/architecture.md)."""
import json
from dataclasses import dataclass


@dataclass
class Result:
    output: str
    exit_code: int


class Session:
    def __init__(self, seed=None, runtime="simulated", clock=None, tty=False):
        self.seed, self.runtime, self.tty = seed, runtime, tty
        self.history = []

    @property
    def prompt(self):
        return "root@slipway:~# "

    def run(self, text, on_output=None):
        self.history.append(text)
        word = text.split()[0] if text.split() else ""
        if not word:
            return Result("", 0)
        out = f"bash: {word}: command not found\n"
        if on_output:
            on_output(out)
        return Result(out, 127)

    def interrupt(self):
        return ""

    def complete(self, line):
        return []

    def snapshot(self):
        return {"containers": [], "images": [], "volumes": [], "networks": []}

    def to_json(self):
        return json.dumps({"seed": self.seed, "history": self.history})

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        session = cls(seed=data["seed"])
        session.history = data["history"]
        return session
