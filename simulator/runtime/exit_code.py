"""A main process's exit code as the runtimes hand it to the engine."""


class ExitCode(int):
    """An exit code that also says whether the kernel's OOM killer struck (inspect's OOMKilled)."""
    oom_killed = False

    @classmethod
    def of(cls, status, oom_killed):
        code = cls(status)
        code.oom_killed = oom_killed
        return code
