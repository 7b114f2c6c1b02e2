"""The processes inside a running container, as `docker top` and `docker stats` see them: a server
forks workers and retitles itself (nginx's master and its workers, postgres's background
processes), and its resident memory and task count are those of the real server at rest."""
from dataclasses import dataclass

KIB, MIB = 1024, 1024 * 1024


@dataclass(frozen=True)
class Process:
    pid: int              # inside the container's PID namespace
    uid: int
    command: str
    memory: int           # resident bytes


@dataclass(frozen=True)
class Shape:
    """What a server runs as: (pid, uid, title, memory) rows, and its task count (threads count in
    the cgroup's pids.current, so `docker stats` PIDS exceeds the processes `docker top` lists)."""
    rows: tuple
    tasks: int


def _nginx(words):
    master = "nginx: master process " + " ".join(words)
    return Shape(((1, 0, master, 1400 * KIB), (29, 101, "nginx: worker process", 1100 * KIB),
                  (30, 101, "nginx: worker process", 1100 * KIB)), 3)


def _postgres(words):
    background = ("checkpointer", "background writer", "walwriter", "autovacuum launcher",
                  "logical replication launcher")
    rows = [(1, 999, "postgres", 17 * MIB)]
    rows += [(pid, 999, f"postgres: {title}", 1500 * KIB) for pid, title in enumerate(background, 62)]
    return Shape(tuple(rows), len(rows))


SHAPES = {
    "nginx": _nginx,
    "mysql": lambda words: Shape(((1, 999, "mysqld", 380 * MIB),), 37),
    "redis": lambda words: Shape(((1, 999, "redis-server *:6379", 3300 * KIB),), 6),
    "postgres": _postgres,
    "httpd": lambda words: Shape(((1, 0, "httpd -DFOREGROUND", 3 * MIB),) + tuple(
        (pid, 1, "httpd -DFOREGROUND", 2500 * KIB) for pid in (8, 9, 10)), 82),
    "registry": lambda words: Shape(((1, 0, " ".join(words), 9 * MIB),), 7),
    "app": lambda words: Shape(((1, 0, " ".join(words), 22 * MIB),), 1),
}


def container_processes(c, argv, uid):
    """The running container's processes and task count; a program without a known shape is one
    small process: its command line as run, owned by the container's user."""
    words = argv[1:] if argv and argv[0].endswith("docker-entrypoint.sh") else argv
    shape_of = SHAPES.get((c.process or {}).get("service") or "")
    if shape_of is None:
        return [Process(1, uid, " ".join(argv), 560 * KIB)], 1
    shape = shape_of(words)
    return [Process(*row) for row in shape.rows], shape.tasks
