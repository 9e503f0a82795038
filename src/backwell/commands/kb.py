"""`backwell kb stats|check|render`: inspect, validate and draw the curated knowledge base."""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from backwell.engine.knowledge.loader import DATA_DIR, build
from backwell.engine.knowledge.validate import check, stats

USAGE = """usage: backwell kb COMMAND [ARGS…]

commands:
  stats [--json] [--data DIR] [--runs N]   counts of the knowledge base (and how fast it loads)
  check [--data DIR]                       validate every file; exit 1 listing each problem
  render SLUG -o FILE.svg [--animated]     draw one exercise's figure
  render --all DIR                         draw every figure"""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports mistakes as one plain line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _data_dir(value: str | None) -> Path:
    if value is None:
        return DATA_DIR
    path = Path(value)
    if not path.is_dir():
        raise _UsageError(f"--data {value}: no such folder; give the folder that holds sources.yaml")
    return path


def load_time_ms(data_dir: Path, runs: int = 20) -> float:
    """Median wall time of loading the whole base (parse, type-check, index), in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build(data_dir)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _stats(argv: list[str]) -> int:
    parser = _Parser(prog="backwell kb stats", add_help=False)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    data_dir = _data_dir(args.data)
    if args.runs < 1:
        raise _UsageError("backwell kb stats: --runs must be 1 or more")
    kb, problems = build(data_dir)
    if kb is None:
        print(
            f"error: the knowledge base does not load ({len(problems)} problems); run `backwell kb check`",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    counts = stats(kb)
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
        return 0
    print(f"knowledge base {counts['knowledge_version']}")
    print(f"  exercises       {counts['exercises']} (education lessons not counted)")
    for kind, n in counts["exercises_by_kind"].items():
        print(f"    {kind:<14}{n}")
    for key in (
        "lessons",
        "self_tests",
        "ladders",
        "figures",
        "trigger_points",
        "findings",
        "red_flags",
        "conditions",
        "muscles",
        "regions",
        "instruments",
        "sources",
        "unsourced",
    ):
        print(f"  {key:<16}{counts[key]}")
    print(f"loaded in {load_time_ms(data_dir, args.runs):.0f} ms (median of {args.runs})")
    return 0


def _check(argv: list[str]) -> int:
    parser = _Parser(prog="backwell kb check", add_help=False)
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    data_dir = _data_dir(args.data)
    problems = check(data_dir)
    if problems:
        for problem in problems:
            print(problem)
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"knowledge base has {len(problems)} {noun} (in {data_dir})", file=sys.stderr)
        return 1
    kb, _ = build(data_dir)
    assert kb is not None  # check() found no problem, so it loads
    counts = stats(kb)
    print(
        f"knowledge base OK: {counts['exercises']} exercises, {counts['lessons']} lessons, "
        f"{counts['self_tests']} self-tests, "
        f"{counts['figures']} figures, {counts['trigger_points']} trigger points, {counts['findings']} findings, "
        f"{counts['red_flags']} red flags, {counts['conditions']} conditions, {counts['sources']} sources, "
        f"{counts['unsourced']} unsourced facts ({counts['knowledge_version']})"
    )
    return 0


def _render(argv: list[str]) -> int:
    try:
        module = importlib.import_module("backwell.figures.cli")
    except ModuleNotFoundError:
        print(
            "error: figure rendering is not available in this build (backwell.figures is missing)",
            file=sys.stderr,
        )
        return 2
    render_main: Callable[[list[str]], int] = module.render_main
    return int(render_main(argv) or 0)


COMMANDS: dict[str, Callable[[list[str]], int]] = {"stats": _stats, "check": _check, "render": _render}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    command = COMMANDS.get(argv[0])
    if command is None:
        print(f"error: unknown kb command {argv[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    try:
        return command(argv[1:])
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
