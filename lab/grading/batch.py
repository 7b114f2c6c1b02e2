"""Batch grading: many submissions of one exercise, each in a fresh Session, in parallel worker
processes. Each worker has a memory ceiling and each submission a time limit, so a hostile
submission fails alone, with a reason, and grading goes on with the next one."""
import os
import resource
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from simulator import Session
from simulator.grading.submission import failed, grade_files, start_state

from .submissions import SubmissionError, read_archive, read_submission

TIME_LIMIT = 20                     # seconds for one submission, reading and grading
MEMORY_LIMIT = 1024 * 1024 * 1024   # bytes of address space per worker process

_exercise = _start = None           # the exercise a worker grades and its start state (a Session)


class TimeUp(Exception):
    pass


def _time_up(signum, frame):
    raise TimeUp


def _start_worker(exercise, start):
    global _exercise, _start
    _exercise, _start = exercise, Session.from_json(start)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGALRM, _time_up)


def _grade_one(exercise, source, start):
    """In a worker: the result of one submission, `source` being a path or the bytes of an
    archive. Never raises: whatever goes wrong becomes a failed result with one line of feedback."""
    signal.alarm(TIME_LIMIT)
    try:
        files = read_archive(source) if isinstance(source, bytes) else read_submission(source)
        return grade_files(exercise, files, start)
    except SubmissionError as error:
        return failed("submission", str(error))
    except TimeUp:
        return failed("time limit", f"grading stopped after {TIME_LIMIT} s: the submission takes too long")
    except MemoryError:
        return failed("memory limit", "grading stopped: the submission needs too much memory")
    except Exception as error:  # noqa: BLE001 - one broken submission must not stop the batch
        return failed("grading", f"could not be graded: {type(error).__name__}: {error}")
    finally:
        signal.alarm(0)


def _work(source):
    return _grade_one(_exercise, source, _start)


def grade_many(exercise, sources, jobs=None):
    """Results in the order of `sources` (paths or archive bytes), graded by `jobs` workers."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    worker = {"initializer": _start_worker, "initargs": (exercise, start_state(exercise))}
    results, first = [None] * len(sources), 0
    chunk = max(1, min(8, len(sources) // (jobs * 4)))   # small: no worker is left with a long tail
    while first < len(sources):
        done = 0
        try:
            with ProcessPoolExecutor(jobs, **worker) as pool:
                for result in pool.map(_work, sources[first:], chunksize=chunk):
                    results[first + done] = result
                    done += 1
        except BrokenProcessPool:
            # A worker died (killed for memory, say). Grade the first unfinished submission alone,
            # so the one that kills its worker is found and failed; then carry on with the rest.
            results[first + done] = _alone(worker, sources[first + done])
            done += 1
        first += done
    return results


def _alone(worker, source):
    try:
        with ProcessPoolExecutor(1, **worker) as pool:
            return pool.submit(_work, source).result()
    except BrokenProcessPool:
        return failed("grading", "the grader process died on this submission (out of memory?)")


def report(name, result):
    """The JSON-able record of one submission (contract 4)."""
    return {"submission": name, **result.to_dict()}
