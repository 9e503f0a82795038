"""`backwell bench TARGET`: rerunnable benchmarks whose figures go in closing notes."""

from __future__ import annotations

import importlib
import sys

# target -> module exposing main(argv) -> int
TARGETS = {
    "engine": "backwell.bench.engine",
    "web": "backwell.bench.web",
    "posture": "backwell.bench.posture",
    "site": "backwell.bench.site",
    "coach": "backwell.bench.coach",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TARGETS:
        print(f"usage: backwell bench {{{','.join(TARGETS)}}} [options]", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(TARGETS[argv[0]])
    except ModuleNotFoundError:
        print(f"error: the {argv[0]} benchmark is not available in this build", file=sys.stderr)
        return 2
    return int(module.main(argv[1:]) or 0)
