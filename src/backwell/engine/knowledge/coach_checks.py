"""Checks of a `coach` block beyond its types: point counts, threshold ranges, what each mode needs."""

from __future__ import annotations

from collections.abc import Collection

from . import model

# How many landmarks each kind of measure reads: an angle at the middle of three points, the bend
# of three points from a straight line, the tilt of the line through two, the lift of one point
# (ankle or heel) on one side above the other side's.
POINT_COUNTS: dict[str, int] = {"angle": 3, "line": 3, "tilt": 2, "lift": 1}
# The values a measure of each kind can take (degrees; a lift in torso lengths): a threshold outside
# can never be crossed. A lift of more than three torso lengths is not a foot off the floor.
RANGES: dict[str, tuple[float, float]] = {
    "angle": (0.0, 180.0),
    "line": (0.0, 180.0),
    "tilt": (-90.0, 90.0),
    "lift": (0.0, 3.0),
}
UNITS: dict[str, str] = {"lift": "torso lengths"}
# The points a lift compares between the two sides: the feet.
LIFT_POINTS = ("ankle", "heel", "foot_index")
MAX_CUES = 2
# Self-tests whose answers the pelvic-drop meter fills: only they may use mode pelvis_drop.
PELVIS_DROP_KEYS = ("trendelenburg_left", "trendelenburg_right")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _measure_problems(measure: model.CoachMeasure, where: str) -> list[str]:
    need = POINT_COUNTS[measure.kind]
    if len(measure.points) != need:
        points = "point" if need == 1 else "points"
        return [f"{where}: {_a(measure.kind)} measure needs {need} {points}, not {len(measure.points)}"]
    if measure.kind == "lift" and measure.points[0] not in LIFT_POINTS:
        return [f"{where}: a lift measure compares the feet: one of {', '.join(LIFT_POINTS)}"]
    return []


def _in_range(
    kind: str, value: float, where: str, *, what: str = "measure", bounds: tuple[float, float] | None = None
) -> list[str]:
    low, high = bounds if bounds is not None else RANGES[kind]
    if not low <= value <= high:
        unit = UNITS.get(kind, "degrees")
        return [f"{where} is {value:g}, but {_a(kind)} {what} runs from {low:g} to {high:g} {unit}"]
    return []


def _gate_problems(coach: model.Coach) -> list[str]:
    gate = coach.gate
    if gate is None:
        return []
    if coach.mode == "reps":
        return ["coach.gate: a gate pauses a hold or the pelvic drop; mode reps has neither"]
    out = _measure_problems(gate.measure, "coach.gate.measure")
    if out:
        return out
    kind = gate.measure.kind
    # A tilt gate is compared by its size (its sign follows the camera), so its thresholds are sizes.
    bounds = (0.0, RANGES[kind][1]) if kind == "tilt" else RANGES[kind]
    close = gate.above if gate.close is None else gate.close
    for name, value in (("above", gate.above), ("close", close)):
        out += _in_range(kind, value, f"coach.gate.{name}", what="gate", bounds=bounds)
    if close > gate.above:
        out.append(
            f"coach.gate: close ({close:g}) must not be above above ({gate.above:g}); "
            "the gap between them stops a wobble from opening and closing the gate"
        )
    return out


def _mode_problems(coach: model.Coach) -> list[str]:
    kind = coach.signal.kind
    out: list[str] = []
    if coach.mode == "reps":
        if coach.reps is None:
            return ["coach: mode reps needs a reps block {start, low, high}"]
        reps = coach.reps
        out += _in_range(kind, reps.low, "coach.reps.low") + _in_range(kind, reps.high, "coach.reps.high")
        if reps.low >= reps.high:
            out.append(
                f"coach.reps: low ({reps.low:g}) must be below high ({reps.high:g}); the gap between "
                "them stops a wobble from counting twice"
            )
        if reps.per_rep not in (1, 2):
            out.append(
                f"coach.reps.per_rep is {reps.per_rep}; use 1, or 2 when the dose counts one movement "
                "each side as one repetition"
            )
        return out
    if coach.hold is None:
        return [f"coach: mode {coach.mode} needs a hold block {{min, max, grace_ms}}"]
    hold = coach.hold
    out += _in_range(kind, hold.min, "coach.hold.min") + _in_range(kind, hold.max, "coach.hold.max")
    if hold.min >= hold.max:
        out.append(f"coach.hold: min ({hold.min:g}) must be below max ({hold.max:g})")
    if hold.grace_ms < 0:
        out.append(f"coach.hold.grace_ms is {hold.grace_ms}; it must be 0 or more")
    if coach.mode == "pelvis_drop" and (kind != "tilt" or coach.signal.points != ("hip", "hip")):
        out.append(
            "coach: mode pelvis_drop follows the tilt of the line between the hips (points [hip, hip])"
        )
    return out


def _cue_problems(coach: model.Coach) -> list[str]:
    out: list[str] = []
    if len(coach.cues) > MAX_CUES:
        out.append(f"coach.cues: {len(coach.cues)} cues; use at most {MAX_CUES} so the coach does not nag")
    seen: set[str] = set()
    for n, cue in enumerate(coach.cues):
        where = f"coach.cues[{n}] ({cue.id})"
        if cue.id in seen:
            out.append(f"{where}: the cue id is used twice")
        seen.add(cue.id)
        out += _measure_problems(cue.measure, f"{where}.measure")
        if (cue.above is None) == (cue.below is None):
            out.append(f"{where}: give exactly one threshold, above: N or below: N")
        for name, value in (("above", cue.above), ("below", cue.below)):
            if value is not None:
                out += _in_range(cue.measure.kind, value, f"{where}.{name}")
        if cue.every_s <= 0:
            out.append(f"{where}.every_s is {cue.every_s:g}; it must be above 0 seconds")
    return out


def coach_problems(coach: model.Coach, sources: Collection[str], keys: tuple[str, ...] = ()) -> list[str]:
    """Every problem of one coach block, as plain messages; `keys` are a self-test's input keys."""
    out = _measure_problems(coach.signal, "coach.signal")
    if not out:
        out += _mode_problems(coach)
    out += _cue_problems(coach)
    out += _gate_problems(coach)
    if coach.mode == "pelvis_drop" and not set(PELVIS_DROP_KEYS) <= set(keys):
        out.append(
            "coach: mode pelvis_drop is only for the single-leg stance self-test (it fills the Trendelenburg answers)"
        )
    if coach.source is not None and coach.source not in sources:
        out.append(f"coach.source {coach.source!r} is not in sources.yaml")
    return out
