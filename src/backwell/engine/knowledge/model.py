"""Typed, immutable objects of the curated knowledge base (see docs/knowledge-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Grade = Literal["supported", "mixed", "limited", "not_recommended_by_guidelines"]
Level = Literal["none", "routine", "urgent", "emergency"]
Kind = Literal[
    "stretch",
    "strength",
    "mobility",
    "trigger_point",
    "inversion",
    "education",
    "aerobic",
    "relaxation",
]
Direction = Literal["flexion", "extension", "neutral", "lateral", "rotation", "traction"]
Confidence = Literal["low", "moderate", "high"]
# The body position an item is done in (contract ids.md, engine 1.1).
Position = Literal[
    "lying_back",
    "lying_front",
    "lying_side",
    "hands_knees",
    "kneeling",
    "sitting",
    "standing",
    "walking",
    "inverted",
]

GRADES: tuple[Grade, ...] = ("supported", "mixed", "limited", "not_recommended_by_guidelines")
LEVELS: tuple[Level, ...] = ("none", "routine", "urgent", "emergency")
KINDS: tuple[Kind, ...] = (
    "stretch",
    "strength",
    "mobility",
    "trigger_point",
    "inversion",
    "education",
    "aerobic",
    "relaxation",
)
DIRECTIONS: tuple[Direction, ...] = (
    "flexion",
    "extension",
    "neutral",
    "lateral",
    "rotation",
    "traction",
)
CONFIDENCES: tuple[Confidence, ...] = ("low", "moderate", "high")
POSITIONS: tuple[Position, ...] = get_args(Position)


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    authors: str = ""
    year: int | None = None
    publisher: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Muscle:
    id: str
    name: str
    plain: str
    region: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    view: str


@dataclass(frozen=True, slots=True)
class Equipment:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    name: str
    plain: str
    contraindicates: tuple[str, ...]
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlagCombination:
    """A level reached when all `flags` are answered yes (and the age test, if any, holds)."""

    flags: tuple[str, ...]
    level: Level
    advice: str
    sources: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    min_age: int | None = None


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    question: str
    level: Level
    advice: str
    sources: tuple[str, ...]
    combinations: tuple[FlagCombination, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One way a finding shows itself: `input` compared with `value` by `op`.

    `input` is a dotted path into the engine input (``tests.ober_left``) or a derived measure
    computed by the engine (``derived.flexor_extensor_ratio``).
    """

    input: str
    op: str
    value: object
    confidence: Confidence
    evidence: str
    sources: tuple[str, ...]
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    name: str
    plain: str
    tight: tuple[str, ...]
    weak: tuple[str, ...]
    grade: Grade
    sources: tuple[str, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class TriggerPoint:
    muscle: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    technique: str
    exercise: str
    cautions: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    rest_s: int | None = None
    angle_deg: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    grade: Grade
    sources: tuple[str, ...]


# The live coach (docs/coach.md): what the camera follows for an exercise or a self-test.
CoachView = Literal["side", "front"]
CoachMode = Literal["reps", "hold", "pelvis_drop"]
MeasureKind = Literal["angle", "line", "tilt", "lift"]
CoachSide = Literal["auto", "left", "right"]
# BlazePose landmark names without their side; the browser module landmarks.js maps them to indices.
Landmark = Literal["nose", "shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot_index"]
LANDMARKS: tuple[Landmark, ...] = get_args(Landmark)


@dataclass(frozen=True, slots=True)
class CoachMeasure:
    """One number read from a frame: a joint angle, a bend from a straight line, a tilt or a lift.

    A `lift` has one point (ankle or heel): how far one side's is above the other's, in torso lengths.
    """

    kind: MeasureKind
    points: tuple[Landmark, ...]
    side: CoachSide = "auto"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "points": list(self.points), "side": self.side}


@dataclass(frozen=True, slots=True)
class CoachReps:
    """A repetition: from `start` past the other threshold and back (low/high give hysteresis)."""

    low: float
    high: float
    start: Literal["high", "low"] = "high"
    # Movements that make one repetition as the dose counts it: the bird dog's dose counts a lift on
    # each side as one, so the counter needs two movements per repetition.
    per_rep: int = 1

    def as_json(self) -> dict[str, object]:
        return {"start": self.start, "low": self.low, "high": self.high, "per_rep": self.per_rep}


@dataclass(frozen=True, slots=True)
class CoachHold:
    """A hold runs while min <= value <= max and pauses after `grace_ms` outside."""

    max: float
    min: float = 0.0
    grace_ms: int = 500

    def as_json(self) -> dict[str, object]:
        return {"min": self.min, "max": self.max, "grace_ms": self.grace_ms}


@dataclass(frozen=True, slots=True)
class CoachCue:
    """A form cue shown when its measure goes above or below a threshold, at most every `every_s`."""

    id: str
    text: str
    measure: CoachMeasure
    above: float | None = None
    below: float | None = None
    every_s: float = 8.0

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "text": self.text,
            "measure": self.measure.as_json(),
            "above": self.above,
            "below": self.below,
            "every_s": self.every_s,
        }


@dataclass(frozen=True, slots=True)
class CoachGate:
    """A second measure that must be past `above` for a hold (or a pelvic-drop reading) to count.

    It opens at `above` and closes below `close` (default: `above`), the gap giving hysteresis; a tilt
    is compared by its size, since its sign depends on which way the person faces the camera. While it
    is closed the hold pauses and the page shows `text`.
    """

    measure: CoachMeasure
    above: float
    text: str
    close: float | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "measure": self.measure.as_json(),
            "above": self.above,
            "close": self.above if self.close is None else self.close,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Coach:
    view: CoachView
    mode: CoachMode
    signal: CoachMeasure
    reps: CoachReps | None = None
    hold: CoachHold | None = None
    cues: tuple[CoachCue, ...] = ()
    gate: CoachGate | None = None
    source: str | None = None

    def as_json(self) -> dict[str, object]:
        """The spec the page's coach.js reads (json_script), every default filled in."""
        return {
            "view": self.view,
            "mode": self.mode,
            "signal": self.signal.as_json(),
            "reps": self.reps.as_json() if self.reps else None,
            "hold": self.hold.as_json() if self.hold else None,
            "cues": [cue.as_json() for cue in self.cues],
            "gate": self.gate.as_json() if self.gate else None,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Exercise:
    slug: str
    name: str
    kind: Kind
    direction: Direction
    targets: tuple[str, ...]
    equipment: tuple[str, ...]
    # The position id (rules 10 and 15) and, in words, how to set up for the exercise.
    position: Position
    setup: str
    # Every spinal direction the exercise moves or loads into; `direction` is the main one (rule 15).
    moves_into: tuple[Direction, ...]
    ladder: str
    level: int
    regression: str | None
    progression: str | None
    sided: bool
    dose: Dose
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    cautions: tuple[str, ...]
    contraindications: tuple[str, ...]
    evidence: Evidence
    why: str
    seconds_per_rep: float = 3.0
    coach: Coach | None = None


@dataclass(frozen=True, slots=True)
class Lesson:
    slug: str
    name: str
    topic: str
    minutes: float
    summary: str
    body: tuple[str, ...]
    evidence: Evidence
    kind: Kind = "education"
    direction: Direction = "neutral"
    position: Position = "sitting"


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A guided self-test of the assessment: the engine input keys it fills and how it is sourced."""

    slug: str
    name: str
    # Keys under the engine input's `tests` (ids.TEST_KEYS), one per side where the test has sides.
    keys: tuple[str, ...]
    sources: tuple[str, ...]
    coach: Coach | None = None


@dataclass(frozen=True, slots=True)
class Frame:
    angles: tuple[tuple[str, float], ...]
    ground: bool = True
    x: float | None = None
    y: float | None = None

    def angle(self, segment: str, default: float = 180.0) -> float:
        return dict(self.angles).get(segment, default)


@dataclass(frozen=True, slots=True)
class Figure:
    slug: str
    view: str
    props: tuple[str, ...]
    still: int
    frames: tuple[Frame, ...]
    prop_at: str | None = None


@dataclass(frozen=True, slots=True)
class InstrumentItem:
    id: str
    text: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    instructions: str
    items: tuple[InstrumentItem, ...]
    scoring: str
    meaningful_change: str
    notice: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: str
    weeks: tuple[int, ...]
    goal: str


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    version: str
    sources: dict[str, Source]
    muscles: dict[str, Muscle]
    regions: dict[str, Region]
    equipment: dict[str, Equipment]
    conditions: dict[str, Condition]
    red_flags: dict[str, RedFlag]
    findings: dict[str, Finding]
    trigger_points: dict[str, TriggerPoint]
    exercises: dict[str, Exercise]
    lessons: dict[str, Lesson]
    figures: dict[str, Figure]
    instruments: dict[str, Instrument]
    phases: tuple[Phase, ...]
    # Exercises grouped by ladder, ordered by level: the planner's index for progressions.
    ladders: dict[str, tuple[Exercise, ...]] = field(default_factory=dict)
    # The assessment's self-tests, each drawn by the figure of the same slug.
    self_tests: dict[str, SelfTest] = field(default_factory=dict)
