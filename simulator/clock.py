"""Simulated time: the wall clock plus a skew that compressed waits add to.

Where real Docker would block (`docker stop` waiting 10 s for a PID 1 that ignores SIGTERM,
`sleep 5` on the host) the simulator advances the skew instead of sleeping, so every later
reading of the clock agrees that the time has passed.
"""
import time


class Clock:
    def __init__(self, skew=0.0, frozen=None):
        self.skew = skew
        self.frozen = frozen  # a fixed base time (tests); None means the wall clock

    def now(self):
        base = time.time() if self.frozen is None else self.frozen
        return base + self.skew

    def advance(self, seconds):
        self.skew += max(0.0, seconds)

    def to_dict(self):
        return {"skew": self.skew, "frozen": self.frozen}

    @classmethod
    def from_dict(cls, data):
        return cls(skew=data.get("skew", 0.0), frozen=data.get("frozen"))
