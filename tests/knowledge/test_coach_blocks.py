"""The live coach's `coach` blocks: what the packaged base coaches, and each mistake `kb check` names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backwell.engine.knowledge import load, model

from .conftest import edit_entries

Check = Callable[[Path], tuple[int, list[str]]]
STRENGTH = Path("exercises/strength.yaml")


def test_the_exercises_the_issue_names_are_coached() -> None:
    kb = load()
    modes = {slug: ex.coach.mode for slug, ex in kb.exercises.items() if ex.coach}
    assert modes == {
        "glute_bridge": "reps",
        "bird_dog": "reps",
        "standing_hip_abduction": "reps",
        "sit_to_stand": "reps",
        "single_leg_stance": "hold",
        "side_bridge": "hold",
        "side_bridge_knees": "hold",
    }
    tests = {slug: t.coach.mode for slug, t in kb.self_tests.items() if t.coach}
    assert tests == {
        "single_leg_stance_test": "pelvis_drop",
        "prone_plank_test": "hold",
        "side_bridge_test": "hold",
        "extensor_endurance_test": "hold",
    }


def test_coach_spec_for_the_page_has_every_default_filled() -> None:
    kb = load()
    bridge = kb.exercises["glute_bridge"].coach
    assert bridge is not None
    assert bridge.as_json() == {
        "view": "side",
        "mode": "reps",
        "signal": {"kind": "angle", "points": ["shoulder", "hip", "knee"], "side": "auto"},
        "reps": {"start": "low", "low": 145.0, "high": 165.0, "per_rep": 1},
        "hold": None,
        "cues": [
            {
                "id": "feet_far",
                "text": "Bring your feet a little closer to your buttocks",
                "measure": {"kind": "angle", "points": ["hip", "knee", "ankle"], "side": "auto"},
                "above": 110.0,
                "below": None,
                "every_s": 10.0,
            }
        ],
        "gate": None,
        "source": None,
    }
    hold = model.Coach(
        view="front",
        mode="hold",
        signal=model.CoachMeasure(kind="tilt", points=("hip", "hip")),
        hold=model.CoachHold(max=5),
    )
    assert hold.as_json()["hold"] == {"min": 0.0, "max": 5, "grace_ms": 500}
    assert hold.as_json()["signal"]["side"] == "auto"


def test_every_coach_threshold_is_sourced_or_the_source_is_known() -> None:
    kb = load()
    coaches = [e.coach for e in kb.exercises.values() if e.coach] + [
        t.coach for t in kb.self_tests.values() if t.coach
    ]
    assert all(c.source is None or c.source in kb.sources for c in coaches)
    # The self-tests' stopping rules come from the tests' own protocols.
    assert all(t.coach.source for t in kb.self_tests.values() if t.coach)


def _edit_bridge_coach(data_dir: Path, change: Callable[[dict[str, Any]], None]) -> None:
    def edit(entries: list[dict[str, Any]]) -> None:
        change(next(e for e in entries if e["slug"] == "glute_bridge")["coach"])

    edit_entries(data_dir / STRENGTH, edit)


def _cue(**over: Any) -> dict[str, Any]:
    cue = {
        "id": "c",
        "text": "Lift",
        "measure": {"kind": "line", "points": ["shoulder", "hip", "ankle"]},
        "above": 20,
    }
    return cue | over


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "unknown landmark",
        lambda c: c["signal"].update(points=["hip", "kne", "ankle"]),
        "coach.signal.points[1]: 'kne' is not one of nose, shoulder, elbow, wrist, hip, knee, ankle, heel, foot_index",
    ),
    (
        "wrong point count",
        lambda c: c["signal"].update(points=["hip", "knee"]),
        "coach.signal: an angle measure needs 3 points, not 2",
    ),
    (
        "low not below high",
        lambda c: c["reps"].update(low=170),
        "coach.reps: low (170) must be below high (165); the gap between them stops a wobble from counting twice",
    ),
    (
        "threshold outside the measure's range",
        lambda c: c["reps"].update(high=200),
        "coach.reps.high is 200, but an angle measure runs from 0 to 180 degrees",
    ),
    (
        "reps mode without reps",
        lambda c: c.pop("reps"),
        "coach: mode reps needs a reps block {start, low, high}",
    ),
    (
        "hold mode without hold",
        lambda c: c.update(mode="hold"),
        "coach: mode hold needs a hold block {min, max, grace_ms}",
    ),
    (
        "cue with no threshold",
        lambda c: c.update(cues=[_cue(above=None)]),
        "coach.cues[0] (c): give exactly one threshold, above: N or below: N",
    ),
    (
        "cue with both thresholds",
        lambda c: c.update(cues=[_cue(below=5)]),
        "coach.cues[0] (c): give exactly one threshold, above: N or below: N",
    ),
    (
        "cue threshold out of range",
        lambda c: c.update(cues=[_cue(measure={"kind": "tilt", "points": ["hip", "hip"]}, above=120)]),
        "coach.cues[0] (c).above is 120, but a tilt measure runs from -90 to 90 degrees",
    ),
    (
        "too many cues",
        lambda c: c.update(cues=[_cue(id="a"), _cue(id="b"), _cue(id="d")]),
        "coach.cues: 3 cues; use at most 2 so the coach does not nag",
    ),
    (
        "unknown source",
        lambda c: c.update(source="made_up_2024"),
        "coach.source 'made_up_2024' is not in sources.yaml",
    ),
    (
        "pelvis drop on an exercise",
        lambda c: c.update(
            mode="pelvis_drop", signal={"kind": "tilt", "points": ["hip", "hip"]}, hold={"max": 4}
        ),
        "coach: mode pelvis_drop is only for the single-leg stance self-test (it fills the Trendelenburg answers)",
    ),
]


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_coach_block_is_named(
    data_copy: Path, run_check: Check, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    _edit_bridge_coach(data_copy, change)
    status, lines = run_check(data_copy)
    assert status == 1
    assert f"{STRENGTH}: glute_bridge: {message}" in lines, lines


def test_a_self_test_coach_is_checked_too(data_copy: Path, run_check: Check) -> None:
    def edit(entries: list[dict[str, Any]]) -> None:
        next(e for e in entries if e["slug"] == "prone_plank_test")["coach"]["hold"].update(min=20)

    edit_entries(data_copy / "self_tests.yaml", edit)
    status, lines = run_check(data_copy)
    assert status == 1
    assert "self_tests.yaml: prone_plank_test: coach.hold: min (20) must be below max (15)" in lines, lines


def test_a_source_cited_only_by_a_coach_block_is_not_an_orphan(data_copy: Path, run_check: Check) -> None:
    source = {"key": "coach_only_source", "title": "A source only a coach threshold cites", "year": 2020}
    edit_entries(data_copy / "sources.yaml", lambda entries: entries.append(source))
    status, lines = run_check(data_copy)
    assert "sources.yaml: coach_only_source: source is never cited" in " ".join(lines)
    _edit_bridge_coach(data_copy, lambda c: c.update(source="coach_only_source"))
    status, lines = run_check(data_copy)
    assert status == 0, lines


def test_the_gated_holds_and_their_gates() -> None:
    kb = load()
    gated = {slug: ex.coach.gate for slug, ex in kb.exercises.items() if ex.coach and ex.coach.gate}
    gated |= {slug: t.coach.gate for slug, t in kb.self_tests.items() if t.coach and t.coach.gate}
    kinds = {slug: (g.measure.kind, g.measure.points, g.above, g.close) for slug, g in gated.items()}
    assert kinds == {
        "single_leg_stance": ("lift", ("ankle",), 0.12, 0.08),
        "single_leg_stance_test": ("lift", ("ankle",), 0.12, 0.08),
        "side_bridge": ("tilt", ("shoulder", "ankle"), 9.0, 6.0),
        "side_bridge_knees": ("tilt", ("shoulder", "knee"), 12.0, 8.0),
        "side_bridge_test": ("tilt", ("shoulder", "ankle"), 9.0, 6.0),
    }
    stance = kb.exercises["single_leg_stance"].coach
    assert stance is not None
    assert stance.as_json()["gate"] == {
        "measure": {"kind": "lift", "points": ["ankle"], "side": "auto"},
        "above": 0.12,
        "close": 0.08,
        "text": "Lift one foot just off the floor to start",
    }
    # Without `close` the gate closes where it opens.
    gate = model.CoachGate(measure=model.CoachMeasure(kind="lift", points=("ankle",)), above=0.1, text="Lift")
    assert gate.as_json()["close"] == 0.1


def _edit_stance_gate(data_dir: Path, change: Callable[[dict[str, Any]], None]) -> None:
    def edit(entries: list[dict[str, Any]]) -> None:
        change(next(e for e in entries if e["slug"] == "single_leg_stance")["coach"]["gate"])

    edit_entries(data_dir / STRENGTH, edit)


BROKEN_GATES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "unknown measure kind",
        lambda g: g["measure"].update(kind="height"),
        "coach.gate.measure.kind: 'height' is not one of angle, line, tilt, lift",
    ),
    ("no threshold", lambda g: g.pop("above"), "coach.gate.above: is required"),
    ("no text", lambda g: g.pop("text"), "coach.gate.text: is required"),
    (
        "close above above",
        lambda g: g.update(close=0.2),
        "coach.gate: close (0.2) must not be above above (0.12); the gap between them stops a wobble "
        "from opening and closing the gate",
    ),
    (
        "threshold out of range",
        lambda g: g.update(above=5),
        "coach.gate.above is 5, but a lift gate runs from 0 to 3 torso lengths",
    ),
    (
        "lift of a point that is not a foot",
        lambda g: g["measure"].update(points=["wrist"]),
        "coach.gate.measure: a lift measure compares the feet: one of ankle, heel, foot_index",
    ),
    (
        "wrong point count",
        lambda g: g["measure"].update(points=["ankle", "ankle"]),
        "coach.gate.measure: a lift measure needs 1 point, not 2",
    ),
    (
        "negative tilt gate",
        lambda g: g.update(measure={"kind": "tilt", "points": ["shoulder", "ankle"]}, above=-9, close=-12),
        "coach.gate.above is -9, but a tilt gate runs from 0 to 90 degrees",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [b[1:] for b in BROKEN_GATES], ids=[b[0] for b in BROKEN_GATES]
)
def test_a_broken_gate_is_named(
    data_copy: Path, run_check: Check, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    _edit_stance_gate(data_copy, change)
    status, lines = run_check(data_copy)
    assert status == 1
    assert f"{STRENGTH}: single_leg_stance: {message}" in lines, lines


def test_a_gate_on_a_rep_counter_is_refused(data_copy: Path, run_check: Check) -> None:
    gate = {"measure": {"kind": "lift", "points": ["ankle"]}, "above": 0.1, "text": "Lift"}
    _edit_bridge_coach(data_copy, lambda c: c.update(gate=gate))
    status, lines = run_check(data_copy)
    assert status == 1
    message = "coach.gate: a gate pauses a hold or the pelvic drop; mode reps has neither"
    assert f"{STRENGTH}: glute_bridge: {message}" in lines, lines
