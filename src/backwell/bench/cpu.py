"""CPU time the server's processes spend, read from /proc: the cost of a request that a busy machine
does not distort the way it distorts requests per second.

On a shared machine other work takes turns on the same cores, so requests per second move with the
neighbours' load; the CPU seconds the app workers and their database backends spend per request move
far less, so they are the steadier figure for comparing endpoints and versions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    return (PROC / "self" / "stat").exists()


def process_seconds(pid: int) -> float:
    """User and system CPU seconds of one process (all its threads); 0 when it is gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # After the name: state is field 3, utime and stime are fields 14 and 15 (proc(5)).
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    """The direct children of `pid` (gunicorn's arbiter: its workers)."""
    found: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(child) for child in text)
    except OSError:
        return []
    return found


def total_seconds(pids: Iterable[int]) -> float:
    return sum(process_seconds(pid) for pid in pids)
