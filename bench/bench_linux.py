"""Linux runtime: median start+exit of `docker run --rm busybox true` next to
`unshare -fp --mount-proc true` alone, measured in the same run (goal: at most 3x); back to back,
and with a pause between runs as a student's typing leaves (the next container's spare is made
meanwhile)."""
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
        typed = statistics.median(after_a_pause(docker_run) for _ in range(ROUNDS))
        print(f"docker run --rm busybox true (linux runtime): {ours:7.1f} ms median of {ROUNDS}")
        print(f"  with a {PAUSE * 1000:.0f} ms pause before each run:     {typed:7.1f} ms median of {ROUNDS}")
        print(f"unshare -fp --mount-proc true:                {baseline:7.1f} ms median of {ROUNDS}")
        print(f"ratio: {ours / baseline:.1f}x back to back, {typed / baseline:.1f}x with pauses (goal: at most 3x)")
    finally:
        reap(root, everything=True)
        shutil.rmtree(root, ignore_errors=True)


def after_a_pause(func):
    time.sleep(PAUSE)
    return samples_ms(func, 1)[0]


if __name__ == "__main__":
    main()
