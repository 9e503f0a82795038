"""`backwell bench engine [--n 1000] [--seed 7]`: time to plan random valid profiles (median and p99 ms)."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from backwell.engine import plan_for
from backwell.engine.ids import CONDITIONS, EQUIPMENT, RED_FLAGS, REGIONS, WORSE_WITH
from backwell.engine.knowledge import load
from backwell.engine.schema import read


def random_profile(rng: random.Random) -> dict[str, Any]:
    """A valid engine input with every section filled at random, as a busy clinic would send."""
    doc: dict[str, Any] = {
        "profile": {
            "age": rng.randint(16, 90),
            "sex": rng.choice(["female", "male", "other"]),
            "pregnant": rng.random() < 0.05,
            "activity_level": rng.choice(["low", "moderate", "high"]),
            "equipment": rng.sample(EQUIPMENT, rng.randint(0, len(EQUIPMENT))),
            "minutes_per_day": rng.randint(5, 60),
            "days_per_week": rng.randint(1, 7),
            "wants_inversion": rng.random() < 0.3,
            "conditions": rng.sample(CONDITIONS, rng.choice([0, 0, 0, 1, 2])),
        },
        # Most people answer no red flags; some answer one or two.
        "red_flags": rng.sample(RED_FLAGS, rng.choice([0, 0, 0, 0, 0, 0, 1, 2])),
        "pain": {
            "nrs": rng.randint(0, 10),
            "duration_weeks": rng.randint(0, 300),
            "regions": rng.sample(REGIONS, rng.randint(0, 6)),
            "leg_symptoms": rng.choice(["none", "above_knee", "below_knee"]),
            "worse_with": rng.sample(WORSE_WITH, rng.randint(0, 3)),
            "flare": rng.random() < 0.15,
        },
        "questionnaires": {
            "start_back": {
                "answers": [rng.random() < 0.4 for _ in range(8)],
                "bothersomeness": rng.choice(
                    ["not_at_all", "slightly", "moderately", "very_much", "extremely"]
                ),
            },
            "rmdq": [rng.random() < 0.3 for _ in range(24)],
        },
        "tests": {
            "thomas_left": rng.choice(["negative", "one_joint", "two_joint", "both"]),
            "thomas_right": rng.choice(["negative", "one_joint", "two_joint", "both"]),
            "knee_extension_deficit_left_deg": rng.randint(0, 50),
            "knee_extension_deficit_right_deg": rng.randint(0, 50),
            "ober_left": rng.choice(["negative", "positive"]),
            "trendelenburg_right": rng.choice(["negative", "positive"]),
            "wall_test": rng.choice(["no_gap", "normal", "large_gap"]),
            "plank_s": rng.randint(5, 200),
            "side_bridge_left_s": rng.randint(5, 120),
            "side_bridge_right_s": rng.randint(5, 120),
            "extensor_s": rng.randint(10, 200),
            "flexor_s": rng.randint(10, 200),
        },
        "posture": {
            "pelvic_tilt": rng.choice(["anterior", "neutral", "posterior"]),
            "pelvic_obliquity_deg": round(rng.uniform(-8, 8), 1),
            "head_forward_deg": round(rng.uniform(0, 40), 1),
            "rounded_shoulders": rng.random() < 0.4,
        },
        "start_date": "2026-01-05",
    }
    return doc


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="backwell bench engine", description=__doc__)
    parser.add_argument(
        "--n", type=int, default=1000, help="number of random profiles to plan (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed, so runs plan the same profiles")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    rng = random.Random(args.seed)
    documents = [random_profile(rng) for _ in range(args.n)]
    kb = load()
    plan_for(read(documents[0]), kb)  # warm the caches (schema validator, knowledge base)
    times: list[float] = []
    cpu: list[float] = []
    programs = 0
    for doc in documents:
        start, start_cpu = time.perf_counter(), time.process_time()
        out = plan_for(read(doc), kb)
        times.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
        programs += out["program"] is not None
    times.sort()
    cpu.sort()
    report = {
        "benchmark": "engine",
        "profiles": args.n,
        "with_program": programs,
        "median_ms": round(statistics.median(times), 2),
        "p99_ms": round(_percentile(times, 0.99), 2),
        "max_ms": round(times[-1], 2),
        # CPU time per program: the same work without the waits a busy shared machine adds.
        "median_cpu_ms": round(statistics.median(cpu), 2),
        "p99_cpu_ms": round(_percentile(cpu, 0.99), 2),
        "target": {"median_ms": 10, "p99_ms": 50},
    }
    print(json.dumps(report, sort_keys=True, separators=(",", ":")))
    return 0
