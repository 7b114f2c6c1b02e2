"""A crowded engine: 200 running containers on 20 user networks. How long `docker ps`,
`docker network inspect` and one embedded-DNS lookup take in-process (target: under 5 ms each)."""
import time

from simulator import Session

NETWORKS, CONTAINERS = 20, 200


def crowded_session():
    session = Session(seed=0)
    session.run("docker pull -q busybox")
    for n in range(NETWORKS):
        session.run(f"docker network create net{n}")
    for i in range(CONTAINERS):
        session.run(f"docker run -d --name c{i} --network net{i % NETWORKS} busybox sleep 100000")
    return session


def timed(label, func, repeat):
    func()
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    print(f"{label}: {(time.perf_counter() - start) / repeat * 1000:.3f} ms")


def main():
    session = crowded_session()
    engine = session.engine
    asker = engine.containers.get(f"c{CONTAINERS - NETWORKS}")
    view = engine.networks.view(asker)
    assert view.resolve(f"c{NETWORKS}") == engine.networks.address(engine.containers.get(f"c{NETWORKS}"))
    print(f"{CONTAINERS} running containers on {NETWORKS} networks")
    timed("docker ps", lambda: session.run("docker ps"), 20)
    timed("docker network inspect net0", lambda: session.run("docker network inspect net0"), 20)
    timed("DNS lookup of a container name", lambda: view.resolve(f"c{NETWORKS}"), 200)


if __name__ == "__main__":
    main()
