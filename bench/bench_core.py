"""Session.run time per command over a 50-command lesson script (goal: median under 1 ms), and
to_json() size and time for a session holding 20 containers (goals: under 100 KB, 5 ms)."""
import statistics

from bench.timing import timed_ms
from simulator import Session
from simulator.clock import Clock

LESSON = [
    "docker pull alpine", "docker pull nginx", "docker images", "docker run hello-world",
    "docker ps -a", "docker run --rm alpine echo hi", "docker run -d --name web -p 8080:80 nginx",
    "docker ps", "docker logs web", "curl -s localhost:8080", "docker exec web ls /usr/share/nginx/html",
    "docker inspect web", "docker inspect -f '{{.NetworkSettings.IPAddress}}' web", "docker port web",
    "docker top web", "docker stats --no-stream", "docker stop web", "docker start web", "docker restart web",
    "docker run -d --name box alpine sleep 1000", "docker exec box cat /etc/os-release",
    "docker exec box sh -c 'echo data > /tmp/file'", "docker diff box", "docker cp box:/tmp/file ./file",
    "cat file", "docker commit box snapshot:v1", "docker images", "docker history snapshot:v1",
    "docker tag snapshot:v1 snapshot:latest", "docker rmi snapshot:latest", "docker pause box",
    "docker unpause box", "docker rename box crate", "docker ps --format '{{.Names}} {{.Status}}'",
    "docker kill crate", "docker ps -a --filter status=exited", "docker rm crate",
    "docker run -d --name rs --restart on-failure:3 alpine sh -c 'exit 1'", "docker ps -a",
    "docker rm -f rs", "docker run --name once alpine sh -c 'echo done'", "docker container prune -f",
    "docker image ls -q", "docker version", "docker info", "docker images --filter dangling=true",
    "docker rm -f web", "docker rmi snapshot:v1", "docker image prune -f", "docker ps -aq",
]


def lesson_figures(rounds=5):
    samples = []
    for _ in range(rounds):
        session = Session(seed=1, clock=Clock(frozen=1_764_316_800.0))
        for line in ["docker pull -q alpine", "docker pull -q nginx", "docker pull -q hello-world"]:
            session.run(line)
        for line in LESSON:
            samples.append(timed_ms(lambda: session.run(line))[1])
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1], len(LESSON)


def state_figures():
    session = Session(seed=1, clock=Clock(frozen=1_764_316_800.0))
    for n in range(20):
        session.run(f"docker run -d --name c{n:02d} alpine sleep 1000")
    times = []
    for _ in range(20):
        text, ms = timed_ms(session.to_json)
        times.append(ms)
    _, load_ms = timed_ms(lambda: Session.from_json(text))
    return len(text), statistics.median(times), load_ms


def main():
    median, p99, count = lesson_figures()
    print(f"lesson script: {count} commands, median {median:.3f} ms, p99 {p99:.3f} ms per command "
          f"(goal: median < 1 ms)")
    size, dump_ms, load_ms = state_figures()
    print(f"20 containers: to_json {size / 1000:.1f} KB in {dump_ms:.3f} ms (goals: < 100 KB, < 5 ms); "
          f"from_json {load_ms:.3f} ms")


if __name__ == "__main__":
    main()
