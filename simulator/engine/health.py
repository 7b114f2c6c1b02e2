"""Healthchecks of containers (Config.Healthcheck, from `docker run --health-*`, a Dockerfile's
HEALTHCHECK or a compose service), the daemon's one implementation: `docker ps`, inspect,
the health= filter, `compose ps`, depends_on conditions and `up --wait` all ask it.

The probe is what the daemon would run: the test command inside the running container, first
after one interval; it passes with exit status 0. Waiting for a container to become healthy
moves the clock on as far as the probes need (retries times the interval at most).
"""
from .errors import DockerError

DEFAULT_INTERVAL = 30.0
DEFAULT_RETRIES = 3
NANO = 1_000_000_000


def _settings(c):
    check = c.config.get("Healthcheck") or {}
    test = check.get("Test") or []
    if not test or test[0] == "NONE":
        return None
    interval = check.get("Interval", 0) / NANO or DEFAULT_INTERVAL
    return test, interval, check.get("Retries") or DEFAULT_RETRIES


def _argv(test):
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(test[1:])]
    return list(test[1:] if test[0] == "CMD" else test)


def probe(engine, c):
    """True when the test command passes in the container now."""
    settings = _settings(c)
    if settings is None or c.state.status != "running":
        return False
    sink = []
    try:
        code = engine.containers.exec(c, _argv(settings[0]), sink.append, sink.append)
    except DockerError:     # a refused exec is a failed probe, as for the daemon
        return False
    return code == 0


def state(engine, c):
    """"" (no healthcheck), "starting", "healthy" or "unhealthy", as `ps` shows it now."""
    settings = _settings(c)
    if settings is None or not c.running or c.state.started_at is None:
        return ""
    _, interval, retries = settings
    running_for = engine.clock.now() - c.state.started_at
    if running_for < interval:
        return "starting"
    if probe(engine, c):
        return "healthy"
    return "unhealthy" if running_for >= interval * retries else "starting"


def wait(engine, c):
    """Advance the clock until the container is healthy or has failed its retries."""
    settings = _settings(c)
    if settings is None:
        return "healthy"
    _, interval, retries = settings
    for _ in range(retries):
        now = engine.clock.now()
        due = (c.state.started_at or now) + interval
        if due > now:
            engine.clock.advance(due - now)
        engine.containers.refresh()
        if not c.running:
            return "unhealthy"
        if probe(engine, c):
            return "healthy"
        engine.clock.advance(interval)
    return "unhealthy"
