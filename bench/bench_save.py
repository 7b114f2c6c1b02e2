"""What the web lab pays per command to save and load a crowded workspace: to_json and
from_json of a session holding 200 running containers on 20 networks (median wall time and the
process's CPU time, which other work on a shared machine moves less), and a loaded session's
first `docker ps`, which reads every container back."""
import time

from bench.bench_scale import crowded_session
from bench.timing import median_ms
from simulator import Session

ROUNDS = 21


def cpu_ms(func, rounds=ROUNDS):
    started = time.process_time()
    for _ in range(rounds):
        func()
    return (time.process_time() - started) * 1000 / rounds


def main():
    session = crowded_session()
    text = session.to_json()

    def load():
        return Session.from_json(text)

    print(f"200 containers: {len(text) / 1000:.0f} KB of JSON")
    for label, func in (("to_json", session.to_json), ("from_json", load),
                        ("from_json + docker ps", lambda: load().run("docker ps"))):
        func()
        print(f"{label}: median {median_ms(func, ROUNDS):.2f} ms, mean CPU {cpu_ms(func):.2f} ms")


if __name__ == "__main__":
    main()
