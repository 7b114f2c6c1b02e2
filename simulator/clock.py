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


class ProcessClock(Clock):
    """A container main process's own clock, starting at `at`: what it sleeps through makes it
    end later. Simulated ahead no further than `horizon` seconds: a process still going then
    (`while true; do echo tick; sleep 1; done`) keeps running, and the output it wrote so far
    appears as real time reaches each line's timestamp."""

    def __init__(self, at, horizon, on_horizon):
        super().__init__(frozen=at)
        self.limit = at + horizon
        self.on_horizon = on_horizon      # raises: how the caller stops the process there

    def advance(self, seconds):
        super().advance(seconds)
        if self.now() > self.limit:
            self.on_horizon()
