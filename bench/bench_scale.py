"""A crowded engine: 200 running containers on 20 user networks. How long `docker ps`,
`docker network inspect` and one embedded-DNS lookup take in-process (target: under 5 ms each)."""
from bench.timing import median_ms
from simulator import Session

NETWORKS, CONTAINERS = 20, 200
GOAL_MS = 5


def crowded_session():
    session = Session(seed=0)
    session.run("docker pull -q busybox")
    for n in range(NETWORKS):
        session.run(f"docker network create net{n}")
    for i in range(CONTAINERS):
        session.run(f"docker run -d --name c{i} --network net{i % NETWORKS} busybox sleep 100000")
    return session


def main():
    session = crowded_session()
    engine = session.engine
    asker = engine.containers.get(f"c{CONTAINERS - NETWORKS}")
    view = engine.networks.view(asker)
    assert view.resolve(f"c{NETWORKS}") == engine.networks.address(engine.containers.get(f"c{NETWORKS}"))
    print(f"{CONTAINERS} running containers on {NETWORKS} networks")
    for label, func, repeat in (
            (f"docker ps ({CONTAINERS} containers)", lambda: session.run("docker ps"), 30),
            ("docker network inspect net0", lambda: session.run("docker network inspect net0"), 30),
            ("DNS lookup of a container name", lambda: view.resolve(f"c{NETWORKS}"), 300)):
        func()
        print(f"{label}: p50 {median_ms(func, repeat):.3f} ms  (goal < {GOAL_MS} ms)")


if __name__ == "__main__":
    main()
