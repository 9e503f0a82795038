"""Timing and memory helpers shared by the posture benchmarks."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def interleaved_ms(
    steps: dict[str, Callable[[], object]], repeat: int, warm: int = 2
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Median wall time, median CPU time (all threads of the process) and best wall time of each step, in ms.

    The steps take turns, so a busy machine slows them all alike; CPU time barely depends on what
    other processes do, so its ratio is the steadier figure on a shared machine.
    """
    for _ in range(warm):
        for fn in steps.values():
            fn()
    wall: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeat):
        for name, fn in steps.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return (
        {name: statistics.median(values) * 1000 for name, values in wall.items()},
        {name: statistics.median(values) * 1000 for name, values in cpu.items()},
        {name: min(values) * 1000 for name, values in wall.items()},
    )


def maxrss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc/self/status.

    Unlike ru_maxrss, VmHWM starts afresh at exec: a child started by a process that had grown large
    does not inherit that parent's peak (ru_maxrss is used where /proc is missing).
    """
    fields: dict[str, float] = {}
    try:
        with open("/proc/self/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    fields[name] = float(value.split()[0]) / 1024  # kB
    except OSError:
        pass
    if len(fields) < 2:
        return maxrss_mb(), maxrss_mb()
    return fields["VmRSS"], fields["VmHWM"]
