"""A session with a build context on the host, for the build tests."""
import posixpath

from simulator import Session
from simulator.clock import Clock
from simulator.fs import FileSystem


class Lab:
    def __init__(self, tty=False):
        self.session = Session(seed=0, clock=Clock(frozen=1_780_000_000.0), tty=tty)
        self.engine = self.session.engine
        self.fs = self.session.host.fs
        self.run("mkdir -p /root/app && cd /root/app")

    def run(self, line):
        return self.session.run(line)

    def out(self, line):
        result = self.run(line)
        return result.output, result.exit_code

    def write(self, path, text):
        path = posixpath.join("/root/app", path)
        self.fs.mkdir(posixpath.dirname(path), parents=True, exist_ok=True)
        self.fs.write(path, text)

    def dockerfile(self, text, name="Dockerfile"):
        self.write(name, text)

    def build(self, flags="-t img"):
        return self.out(f"docker build --progress=plain {flags} .")

    def image(self, name="img"):
        return self.engine.images.get(name)

    def files(self, name="img"):
        """The image's filesystem, as its containers start with it."""
        return FileSystem(self.engine.images.fs_layers(self.image(name)))

    def steps(self, output):
        """(step name, CACHED|DONE|ERROR) of each vertex in a plain transcript."""
        names, ends = {}, []
        for line in output.splitlines():
            if not line.startswith("#") or " " not in line:
                continue
            number, rest = line.split(" ", 1)
            if number not in names:
                names[number] = rest
            elif rest == "CACHED" or rest.startswith(("DONE", "ERROR")):
                ends.append((names[number], rest.split(" ", 1)[0].rstrip(":")))
        return ends
