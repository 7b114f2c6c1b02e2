"""`make bench` runs every bench/bench_*.py module's main(): each must at least import and have one
(the timings themselves are the benchmarks' business, never a test's)."""
import importlib
import pathlib

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("name", sorted(path.stem for path in BENCH.glob("bench_*.py")))
def test_each_benchmark_imports_and_has_a_main(name):
    assert callable(importlib.import_module(f"bench.{name}").main)
