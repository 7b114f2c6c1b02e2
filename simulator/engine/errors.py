"""Daemon errors with the exact text of Docker 28.5's engine (moby). The CLI adds the
`Error response from daemon: ` prefix; nothing here formats CLI output."""


class DockerError(Exception):
    """An error returned by the daemon. `status` is the HTTP status the API would answer."""

    status = 500

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotFound(DockerError):
    status = 404


class Conflict(DockerError):
    status = 409


class InvalidParameter(DockerError):
    status = 400


class NotRunning(Conflict):
    """The container is not running (exec, kill, pause...)."""


class StartFailed(DockerError):
    """The runtime could not start a container's process; `exit_code` is what the daemon records
    (126 permission denied, 127 not found, 128 otherwise)."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def no_such_container(name):
    return NotFound(f"No such container: {name}")


def no_such_image(name):
    return NotFound(f"No such image: {name}")


def name_conflict(name, container_id):
    return Conflict(
        f'Conflict. The container name "/{name}" is already in use by container "{container_id}". '
        "You have to remove (or rename) that container to be able to reuse that name.")


def invalid_name(name):
    return InvalidParameter(f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")


def not_running(container_id):
    return NotRunning(f"container {container_id} is not running")


def runc_failure(detail):
    """A process that could not be started, worded as runc 1.2 through containerd (Docker 28)."""
    return ("failed to create task for container: failed to create shim task: OCI runtime create "
            "failed: runc create failed: unable to start container process: error during container "
            f"init: {detail}: unknown")


def exec_failure(detail):
    """An exec whose process could not be started (`docker exec c nosuch`)."""
    return f"OCI runtime exec failed: exec failed: unable to start container process: {detail}: unknown"
