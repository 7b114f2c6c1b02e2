"""The one error type of the compose package: its message is exactly what Compose prints."""


class ComposeError(Exception):
    """A failure Compose reports on stderr; exit status 1 unless `status` says otherwise."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status
