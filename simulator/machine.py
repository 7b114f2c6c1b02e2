"""Where a shell or program runs: the host or a container."""
from dataclasses import dataclass, field
from typing import Optional

from .clock import Clock
from .programs.base import User

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass
class Machine:
    fs: object                                   # simulator.fs.FileSystem
    hostname: str = "localhost"
    user: User = field(default_factory=User)
    kind: str = "host"                           # "host" | "container"
    env: dict = field(default_factory=lambda: {"PATH": DEFAULT_PATH})
    clock: Clock = field(default_factory=Clock)
    engine: Optional[object] = None
    net: Optional[object] = None
    flavor: str = "gnu"                          # "gnu" | "busybox": whose messages programs print
    shell_name: str = "bash"                     # how the shell names itself in errors
    oom_kills: int = 0                           # processes the OOM killer ended (inspect's OOMKilled)

    def base_env(self):
        """The environment a login shell starts with."""
        env = {"HOME": self.user.home, "HOSTNAME": self.hostname, **self.env}
        env.setdefault("PATH", DEFAULT_PATH)
        return env
