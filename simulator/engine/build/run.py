"""A RUN step: the image's shell (or the exec-form program) started through the engine's
runtime on the step's filesystem, as the build's sandbox container, with its mounts."""
from dataclasses import dataclass, field

from ...limits import MAX_OUTPUT, LimitExceeded
from ...machine import Machine
from ..errors import StartFailed
from .dockerfile import HEREDOC

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass
class Outcome:
    code: int = 0
    parts: list = field(default_factory=list)
    size: int = 0
    failure: str = ""                 # why the process could not start, in runc's words

    def write(self, text, stream=None):
        """Collect output, bounded like any command's."""
        if self.size < MAX_OUTPUT:
            self.parts.append(text[: MAX_OUTPUT - self.size])
            self.size += len(text)

    @property
    def lines(self):
        text = "".join(self.parts)
        return text.splitlines() if text else []


def run(engine, fs, argv, env, user, workdir, mounts=()):
    """Run argv in fs; mounts are (target, FileSystem, subpath, readonly). The mount points
    the step needed are removed again, as BuildKit leaves no mount stubs in the layer."""
    stubs = []
    for target, source, subpath, readonly in mounts:
        stubs += mount_stub(fs, target)
        fs.mount(target, source, subpath, readonly=readonly)
    machine = Machine(fs=fs, hostname="buildkitsandbox", kind="container", env=env, clock=engine.clock,
                      flavor="busybox" if fs.exists("/bin/busybox") else "gnu", shell_name="sh")
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": "buildkitsandbox", "HOME": "/root", **env}
    outcome = Outcome()
    try:
        machine.user = engine.containers.user(None, fs, user)
        if not fs.is_dir(workdir):
            fs.mkdir(workdir, parents=True, exist_ok=True)
        outcome.code = engine.runtime.exec(machine, argv, env, workdir, outcome.write, outcome.write)
    except StartFailed as err:
        outcome.code, outcome.failure = 1, err.message
        if "exec: " in err.message:
            detail = err.message[err.message.find("exec: "):].removesuffix(": unknown")
            outcome.failure = ("runc run failed: unable to start container process: "
                               f"error during container init: {detail}")
    except LimitExceeded as err:
        outcome.write(f"{err}\n")
        outcome.code = 1
    for target, *_ in mounts:
        fs.unmount(target)
    for path in reversed(stubs):
        if fs.is_dir(path) and not fs.listdir(path):
            fs.upper.drop(path)
    return outcome


def mount_stub(fs, target):
    """Create a mount point's missing directories; returns them."""
    created, path = [], ""
    for part in [p for p in target.split("/") if p]:
        path += "/" + part
        if not fs.exists(path):
            fs.mkdir(path)
            created.append(path)
    return created


def heredoc_script(instruction):
    """`RUN <<EOF` runs the heredoc as the script; other heredocs stay attached to the line."""
    first = instruction.args[0].split(None, 1)[0] if instruction.args else ""
    docs = instruction.heredocs
    if HEREDOC.match(first) and len(docs) == 1:
        return docs[0].text()
    return instruction.args[0] + "\n" + "".join(d.content + d.name + "\n" for d in docs)
