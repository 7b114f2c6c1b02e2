"""A session on a frozen clock (2025-11-28 08:00:00 UTC) with seeded IDs, for exact outputs."""
from simulator import Session
from simulator.clock import Clock

START = 1_764_316_800.0


def new_session(**options):
    return Session(seed=0, clock=Clock(frozen=START), **options)


class Lab:
    """A session that runs lines and keeps the last result."""

    def __init__(self, **options):
        self.session = new_session(**options)

    def __call__(self, line):
        result = self.session.run(line)
        self.output, self.code = result.output, result.exit_code
        return result.output

    def ok(self, line):
        output = self(line)
        assert self.code == 0, output
        return output

    @property
    def engine(self):
        return self.session.engine

    def advance(self, seconds):
        self.session.clock.advance(seconds)

    def container(self, name):
        return self.engine.containers.get(name)


def pulled(*images):
    """A new session with these images already pulled."""
    session = new_session()
    for image in images:
        session.run(f"docker pull -q {image}")
    return session


def outcome(session, line):
    """(output, exit status) of one line."""
    result = session.run(line)
    return result.output, result.exit_code


def state(session, name):
    """A container's `status exit-code` line, from docker inspect."""
    return session.run(f"docker inspect -f '{{{{.State.Status}}}} {{{{.State.ExitCode}}}}' {name}").output
