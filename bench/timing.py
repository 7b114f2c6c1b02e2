"""Timing shared by the benchmarks: medians, which the other work of a shared machine moves less
than means."""
import statistics
import time


def samples_ms(func, rounds):
    """Milliseconds taken by each of `rounds` calls of func."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def median_ms(func, rounds):
    return statistics.median(samples_ms(func, rounds))


def timed_ms(func):
    """What one call of func returns, and the milliseconds it took."""
    start = time.perf_counter()
    result = func()
    return result, (time.perf_counter() - start) * 1000


def print_mean_ms(label, func, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    print(f"{label}: {(time.perf_counter() - start) / repeat * 1000:.3f} ms")
