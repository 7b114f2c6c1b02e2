"""Inspect-shaped fixtures and a fake Probe, so check logic is tested apart from the simulator."""
from simulator.grading.checks import run_check


def container(name, image="nginx", status="running", exit_code=0, env=(), labels=None, ports=None,
              mounts=(), networks=None, restart="no", retries=0, cmd=None, entrypoint=None,
              workdir="", user="", image_id="sha256:" + "a" * 64, tmpfs=None):
    return {
        "Id": (name * 64)[:64], "Name": "/" + name, "Image": image_id,
        "State": {"Status": status, "Running": status == "running", "ExitCode": exit_code},
        "HostConfig": {"RestartPolicy": {"Name": restart, "MaximumRetryCount": retries},
                       "PortBindings": {}, "Tmpfs": tmpfs},
        "Mounts": list(mounts),
        "Config": {"Image": image, "Env": ["PATH=/usr/bin", *env], "Labels": labels or {},
                   "Cmd": cmd, "Entrypoint": entrypoint, "WorkingDir": workdir, "User": user},
        "NetworkSettings": {"Ports": ports or {}, "Networks": networks or {"bridge": {"Aliases": None}}},
    }


def image(image_id="sha256:" + "a" * 64, cmd=None, entrypoint=None, env=(), exposed=None, labels=None,
          workdir="", user="", layers=3, size=1000):
    return {"Id": image_id, "Size": size, "RootFS": {"Layers": ["sha256:x"] * layers},
            "Config": {"Cmd": cmd, "Entrypoint": entrypoint, "Env": list(env), "ExposedPorts": exposed,
                       "Labels": labels, "WorkingDir": workdir, "User": user}}


class Result:
    def __init__(self, output, exit_code=0):
        self.output, self.exit_code = output, exit_code


class FakeSession:
    def __init__(self, outputs, history=()):
        self.outputs, self.history = outputs, list(history)
        self.ran = []

    def run(self, line):
        self.ran.append(line)
        return self.outputs.get(line, Result("", 1))


class FakeProbe:
    def __init__(self, containers=(), images=None, volumes=None, networks=None, histories=None,
                 host_files=None, object_files=None, outputs=None, history=()):
        self._containers = list(containers)
        self.objects = {"image": images or {}, "volume": volumes or {}, "network": networks or {}}
        self.histories = histories or {}
        self.host_files = host_files or {}
        self.object_files = object_files or {}
        self.session = FakeSession(outputs or {}, history)

    def containers(self):
        return self._containers

    def inspect(self, kind, name):
        return self.objects[kind].get(name)

    def history(self, name):
        return self.histories.get(name, [])

    def host_file(self, path, session=None):
        return self.host_files.get(path)

    def host_exists(self, path):
        return path in self.host_files

    def object_file(self, container=None, image=None, path="/"):
        key = (container or image, path)
        return (key in self.object_files), self.object_files.get(key)

    def fork(self):
        return self.session

    run = property(lambda self: self.session.run)


def verdict(check, probe):
    """(passed, feedback) of one check."""
    result = run_check(check, probe)
    return result.passed, result.feedback
