"""`backwell bench engine`: plans random valid profiles and prints one line of stable JSON."""

from __future__ import annotations

import json

import pytest

from backwell.bench import engine as bench
from backwell.engine import plan


def test_the_engine_benchmark_prints_its_figures_as_one_sorted_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench.main(["--n", "5"]) == 0
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    report = json.loads(line)
    assert list(report) == sorted(report)
    assert report["profiles"] == 5 and report["median_ms"] > 0 and report["p99_ms"] >= report["median_ms"]
    assert report["target"] == {"median_ms": 10, "p99_ms": 50}


def test_the_benchmarks_random_profiles_are_valid_inputs_and_repeat_with_the_seed() -> None:
    import random

    first = [bench.random_profile(random.Random(3)) for _ in range(3)]
    again = [bench.random_profile(random.Random(3)) for _ in range(3)]
    assert first == again
    for doc in first:
        plan(doc)  # raises InvalidInput if the benchmark ever drifted from the contract
