"""Linux runtime: median start+exit of `docker run --rm busybox true` next to
`unshare -fp --mount-proc true` alone, measured in the same run under the same conditions (goal:
at most 3x): back to back, and each run after a pause as a student's typing leaves (the two
alternate, so both meet the same load; a pause also lets the CPU cool, which slows either)."""
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from bench.timing import median_ms, samples_ms
from simulator import Session
from simulator.runtime.linux import checks
from simulator.runtime.linux.reaper import reap

ROUNDS = 30
PAUSE = 0.05            # seconds between runs, not timed


def main():
    missing = checks.problems()
    if missing:
        print("linux runtime skipped: " + "; ".join(missing))
        return
    root = tempfile.mkdtemp(prefix="slipway-bench-")
    os.environ["SLIPWAY_LINUX_ROOT"] = root
    try:
        session = Session(seed=1, runtime="linux")
        session.run("docker pull -q busybox")
        session.run("docker run --rm busybox true")          # writes the image's layer once

        def docker_run():
            result = session.run("docker run --rm busybox true")
            assert result.exit_code == 0, result.output

        def unshare():
            subprocess.run(["unshare", "-fp", "--mount-proc", "true"], check=True)

        ours, baseline = median_ms(docker_run, ROUNDS), median_ms(unshare, ROUNDS)
        typed = {docker_run: [], unshare: []}
        for _ in range(ROUNDS):
            for func, samples in typed.items():
                samples.append(after_a_pause(func))
        typed_ours, typed_baseline = (statistics.median(samples) for samples in typed.values())
        print(f"back to back, median of {ROUNDS}:")
        print(f"  docker run --rm busybox true (linux runtime): {ours:7.1f} ms")
        print(f"  unshare -fp --mount-proc true:                {baseline:7.1f} ms")
        print(f"  ratio: {ours / baseline:.1f}x (goal: at most 3x)")
        print(f"after a {PAUSE * 1000:.0f} ms pause each, alternating, median of {ROUNDS}:")
        print(f"  docker run --rm busybox true (linux runtime): {typed_ours:7.1f} ms")
        print(f"  unshare -fp --mount-proc true:                {typed_baseline:7.1f} ms")
        print(f"  ratio: {typed_ours / typed_baseline:.1f}x (goal: at most 3x)")
    finally:
        reap(root, everything=True)
        shutil.rmtree(root, ignore_errors=True)


def after_a_pause(func):
    time.sleep(PAUSE)
    return samples_ms(func, 1)[0]


if __name__ == "__main__":
    main()
