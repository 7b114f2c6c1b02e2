"""A read-only look at a student's session, for the checks.

Docker objects are asked about through the docker CLI in a *fork* of the session (Session.fork,
an independent copy), so grading never adds to the student's history, changes `$?` or leaves
objects behind; they are read as `docker inspect` data, the same structure real Docker gives.
Host files are read from the host's filesystem directly.
"""
import json
import shlex

COPY_DIR = "/tmp/.slipway-grading"


def host_fs(session):
    """The filesystem of the session's host machine."""
    return session.host.fs


class Probe:
    def __init__(self, session):
        self.session = session            # checks never change it: they work in forks
        self._scratch = None
        self._cache = {}
        self._copies = 0                  # files copied out of containers so far

    def fork(self):
        """A fresh copy of the session for a check that changes things (exec, rebuild)."""
        return self.session.fork()

    @property
    def scratch(self):
        """One fork shared by read-only queries (inspect, ls); made on first use."""
        if self._scratch is None:
            self._scratch = self.fork()
        return self._scratch

    def run(self, line):
        return self.scratch.run(line)

    def _json(self, line):
        if line not in self._cache:
            result = self.run(line)
            try:
                self._cache[line] = json.loads(result.output) if result.exit_code == 0 else []
            except ValueError:
                self._cache[line] = []
        return self._cache[line]

    def inspect(self, kind, name):
        """`docker <kind> inspect <name>` as a dict, or None when there is no such object."""
        found = self._json(f"docker {kind} inspect {shlex.quote(str(name))}")
        return found[0] if found else None

    def containers(self):
        """Inspect data of every container, running or not."""
        ids = self.run("docker ps -aq --no-trunc").output.split()
        return self._json("docker container inspect " + " ".join(ids)) if ids else []

    def history(self, image):
        """CREATED BY of every layer of an image, newest first."""
        result = self.run(f"docker history --no-trunc --format '{{{{.CreatedBy}}}}' {shlex.quote(image)}")
        return result.output.splitlines() if result.exit_code == 0 else []

    def host_file(self, path, session=None):
        """Contents of a host file, or None when it does not exist or is not a regular file."""
        fs = host_fs(session or self.session)
        return fs.read(path).decode(errors="replace") if fs.is_file(path) else None

    def host_exists(self, path):
        return host_fs(self.session).exists(path)

    def object_file(self, container=None, image=None, path="/"):
        """(exists, text) of a file in a container (running or not) or an image, copied out with
        `docker cp`. An image is read through a container created in a fork of its own, so the
        container never shows in other checks."""
        session = self.fork() if image is not None else self.scratch
        if image is not None:
            created = session.run(f"docker create {shlex.quote(image)}")
            if created.exit_code != 0:
                return False, None
            container = created.output.strip().splitlines()[-1]
        self._copies += 1
        target = f"{COPY_DIR}/{self._copies}"
        session.run(f"mkdir -p {COPY_DIR}")
        copied = session.run(f"docker cp {shlex.quote(f'{container}:{path}')} {target}")
        if copied.exit_code != 0:
            return False, None
        return True, self.host_file(target, session)
