"""Control groups for containers: memory, pids and CPU limits through cgroup v1 or v2, whichever
the host mounts, and the OOM kill count Docker reports as OOMKilled.

Containers' groups nest under the group this process already runs in (its own `slipway` child),
so a container can never get more than the lab itself was given. A group is named after the
runtime's directory and the container, so runtimes sharing a host never meet."""
import errno
import functools
import hashlib
import os
import time

ROOT = "/sys/fs/cgroup"
V1_CONTROLLERS = ("memory", "pids", "cpu", "freezer")
CPU_PERIOD = 100_000


def _own_paths():
    """{controller: path relative to its hierarchy} from /proc/self/cgroup ("" key: cgroup v2)."""
    paths = {}
    with open("/proc/self/cgroup") as lines:
        for line in lines:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                paths[name] = path
    return paths


@functools.cache
def version():
    """1 when the memory controller is a v1 hierarchy, 2 on a unified host, None without either."""
    if os.path.exists(f"{ROOT}/memory/memory.limit_in_bytes"):
        return 1
    if os.path.exists(f"{ROOT}/cgroup.controllers"):
        return 2
    return None


@functools.cache
def parents():
    """{controller: the directory containers' groups go in} ("" holds v2's single one); the lab's
    own cgroup does not change while it runs, so this is read once."""
    own = _own_paths()
    if version() == 1:
        return {c: f"{ROOT}/{c}{own.get(c, '/').rstrip('/')}/slipway" for c in V1_CONTROLLERS}
    return {"": f"{ROOT}{own.get('', '/').rstrip('/')}/slipway"}


def _write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def _counter(path, key):
    try:
        with open(path) as f:
            for line in f:
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value)
    except OSError:
        pass
    return 0


@functools.cache
def _scope(root):
    return hashlib.sha256(os.path.realpath(root).encode()).hexdigest()[:8] + "-"


class Cgroup:
    """One container's group(s); `dirs` maps controller to directory."""

    def __init__(self, root, container_id):
        self.v1 = version() == 1
        self.dirs = {c: f"{parent}/{_scope(root)}{container_id}" for c, parent in parents().items()}

    def create(self, memory=0, pids=0, cpus=0.0):
        if not self.v1:
            self._enable_v2_controllers()
        for path in self.dirs.values():
            for _ in range(3):          # another runtime may remove the shared parent meanwhile
                try:
                    os.makedirs(path, exist_ok=True)
                    break
                except FileNotFoundError:
                    continue
        return self.limit(memory, pids, cpus)

    def limit(self, memory=0, pids=0, cpus=0.0):
        if self.v1:
            if memory:
                _write(self.dirs["memory"] + "/memory.limit_in_bytes", memory)
            if pids:
                _write(self.dirs["pids"] + "/pids.max", pids)
            if cpus:
                _write(self.dirs["cpu"] + "/cpu.cfs_period_us", CPU_PERIOD)
                _write(self.dirs["cpu"] + "/cpu.cfs_quota_us", int(cpus * CPU_PERIOD))
        else:
            path = self.dirs[""]
            if memory:
                _write(path + "/memory.max", memory)
                _write(path + "/memory.swap.max", 0)
            if pids:
                _write(path + "/pids.max", pids)
            if cpus:
                _write(path + "/cpu.max", f"{int(cpus * CPU_PERIOD)} {CPU_PERIOD}")
        return self

    def _enable_v2_controllers(self):
        """Let the `slipway` group and its children use memory, pids and cpu."""
        parent = os.path.dirname(self.dirs[""])
        os.makedirs(parent, exist_ok=True)
        for path in (os.path.dirname(parent), parent):
            try:
                _write(path + "/cgroup.subtree_control", "+memory +pids +cpu")
            except OSError:
                pass            # already enabled, or not delegated to us: limits then fail loudly

    def renamed(self, root, container_id):
        """The group(s) as the container's: v1 renames them in place; v2 cannot, so there the
        container's group is made and the processes move into it."""
        new = Cgroup(root, container_id)
        if self.v1:
            for controller, path in self.dirs.items():
                _rename(path, new.dirs[controller])
            return new
        new.create()
        with open(self.dirs[""] + "/cgroup.procs") as f:
            for pid in f.read().split():
                new.add(pid)
        self.remove()
        return new

    def add(self, pid):
        for path in self.dirs.values():
            _write(path + "/cgroup.procs", pid)

    def pids(self):
        """The host pids of the group's processes."""
        try:
            with open(next(iter(self.dirs.values())) + "/cgroup.procs") as f:
                return [int(pid) for pid in f.read().split()]
        except (OSError, StopIteration):
            return []

    def freeze(self, frozen):
        """Stop every process of the group where it stands (docker pause), or let them go on."""
        if self.v1:
            _write(self.dirs["freezer"] + "/freezer.state", "FROZEN" if frozen else "THAWED")
        else:
            _write(self.dirs[""] + "/cgroup.freeze", int(frozen))

    def oom_kills(self):
        if self.v1:
            return _counter(self.dirs["memory"] + "/memory.oom_control", "oom_kill")
        return _counter(self.dirs[""] + "/memory.events", "oom_kill")

    def remove(self):
        """Remove the group(s); a dying PID namespace may keep one busy for a few milliseconds."""
        for path in self.dirs.values():
            for _ in range(200):
                try:
                    os.rmdir(path)
                except FileNotFoundError:
                    break
                except OSError as error:
                    if error.errno != errno.EBUSY:
                        raise
                    time.sleep(0.005)
                else:
                    break


def _rename(path, new):
    """Rename a group; a group of that name still there (the shim of the container's previous
    run is removing it) is waited for, at most a second."""
    for _ in range(200):
        try:
            os.rename(path, new)
            return
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EBUSY):
                raise
            time.sleep(0.005)
    os.rename(path, new)


def leftovers(root):
    """{container id: [group directories]} of the runtime at `root` still present."""
    found = {}
    for parent in parents().values():
        names = os.listdir(parent) if os.path.isdir(parent) else []
        for name in names:
            if name.startswith(_scope(root)) and os.path.isdir(os.path.join(parent, name)):
                found.setdefault(name[len(_scope(root)):], []).append(os.path.join(parent, name))
    return found


def remove_empty_parents():
    """Remove the `slipway` parents once no container group is left in them."""
    for parent in parents().values():
        try:
            os.rmdir(parent)
        except OSError:
            pass            # absent, or still holding a container's group
