"""Identifiers from (seed, counter): deterministic when seeded, tiny to serialise."""
import hashlib
import secrets


class IdFactory:
    def __init__(self, seed=None, counter=0):
        self.seed = secrets.randbits(64) if seed is None else seed
        self.counter = counter

    def _next(self, kind):
        self.counter += 1
        return hashlib.sha256(f"{self.seed}:{kind}:{self.counter}".encode()).hexdigest()

    def hex64(self, kind="id"):
        """A 64-hex ID (container, network, volume, image config digest)."""
        return self._next(kind)

    def randint(self, low, high, kind="int"):
        """A deterministic integer in [low, high]."""
        return low + int(self._next(kind)[:15], 16) % (high - low + 1)

    def to_dict(self):
        return {"seed": self.seed, "counter": self.counter}

    @classmethod
    def from_dict(cls, data):
        return cls(seed=data["seed"], counter=data["counter"])
