"""Text and picture agree: the common ways an exercise's words and its figure contradict each other.

Read as a person would: the starting position and steps name a prop, a side or where the hands go,
and the picture must show the same. Each rule here is a plain reading of the words, kept narrow so
that what it reports is a real contradiction (`backwell kb check` lists them).
"""

from __future__ import annotations

import math
import re

from backwell.engine.knowledge import model

from .geometry import Point, Skeleton
from .staging import stage

# A prop named in the text, as people write it. "step" alone is also a verb, so only "a step",
# "the step", "a low step" … count.
PROP_WORDS: dict[str, str] = {
    "counter": r"\bcounter\b",
    "chair": r"\bchair\b",
    "wall": r"\bwall\b",
    "step": r"\b(?:a|the|low|bottom|lowest) (?:low |sturdy )?(?:step|stair)\b",
    "ball": r"\bball\b",
    "foam_roller": r"\bfoam roller\b",
    "band": r"\bband\b",
    # Not "an inversion table" (its own prop), "a table top" or "flat like a table" (a simile).
    "table": r"(?<!inversion )(?<!like a )\b(?:table|bed)\b(?! ?top)",
}
# Props the words need not name: a mat is drawn under floor exercises as a matter of course.
UNNAMED_OK = ("mat",)
HANDS_ON_HIPS = re.compile(r"\bhands? on (?:your |the )?hips\b", re.IGNORECASE)
ARMS_HANGING = re.compile(r"\barms? (?:hanging|relaxed by your sides|by your sides)\b", re.IGNORECASE)
ON_HIP = 16.0  # a hand this close to the hip (figure units, about cm) rests on it
LEG_WORDS = ("leg", "knee", "heel", "foot", "thigh", "ankle", "shin", "hip", "buttock")
ARM_WORDS = ("arm", "hand", "elbow", "wrist", "shoulder")
NAMED_SIDE = re.compile(
    r"\b(?:your|the) (left|right) (" + "|".join(LEG_WORDS + ARM_WORDS) + r")s?\b", re.IGNORECASE
)
HEAD_TURN = re.compile(r"\bturn your head\b[^.]*?\b(left|right)\b", re.IGNORECASE)
MIN_HEAD_TURN = 15.0
LEG_JOINTS = ("ankle", "toe", "foot", "knee", "thigh", "shin", "hip")


def _optional(text: str, start: int) -> bool:
    """Whether a word at `start` is only one choice of several or is ruled out: "sit in a chair,
    or lie on your back", "(or sit on a firm chair)", "no wall". "A counter or a sturdy piece of
    furniture" still names the counter: the other choice is only a stand-in for it."""
    before = re.split(r"[.;:]", text[:start])[-1].lower()
    after = re.split(r"[.;:]", text[start:])[0].lower()
    sentence = (before + after).replace("(", " ").replace("or a sturdy piece of furniture", "")
    ruled_out = re.search(r"\b(?:no|not|without|away from)\b", re.split(r",", before)[-1])
    return " or " in f" {sentence}" or ruled_out is not None


def _named_props(text: str) -> set[str]:
    named = set()
    for prop, pattern in PROP_WORDS.items():
        if any(not _optional(text, m.start()) for m in re.finditer(pattern, text, re.IGNORECASE)):
            named.add(prop)
    return named


def _mentioned_props(text: str) -> set[str]:
    return {p for p, pattern in PROP_WORDS.items() if re.search(pattern, text, re.IGNORECASE)}


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _bent(sk: Skeleton, side: str) -> bool:
    turn = abs((sk.angles[f"forearm_{side}"] - sk.angles[f"upper_arm_{side}"] + 180.0) % 360.0 - 180.0)
    return turn >= 45.0


def _hands_on_hips(sk: Skeleton) -> bool:
    """Both hands at the hips with the elbows bent (straight arms by the sides reach the hips too)."""
    j = sk.joints
    if not all(_bent(sk, s) for s in ("l", "r")):
        return False
    if sk.view == "side":
        return all(_distance(j[f"hand_{s}"], j["hip"]) <= ON_HIP + 6.0 for s in ("l", "r"))
    return all(_distance(j[f"hand_{s}"], j[f"hip_{s}"]) <= ON_HIP for s in ("l", "r"))


def _arms_hang(sk: Skeleton) -> bool:
    return all(
        abs(((sk.angles[f"{p}_{s}"] - 180.0 + 180.0) % 360.0) - 180.0) <= 25.0
        for p in ("upper_arm", "forearm")
        for s in ("l", "r")
    )


def _limb(part: str) -> str:
    return "leg" if part.lower().rstrip("s") in LEG_WORDS else "arm"


def _travel(poses: list[Skeleton], joint: str) -> float:
    points = [p.joints[joint] for p in poses]
    return max(_distance(a, b) for a in points for b in points)


def _drawn_side(figure: model.Figure, poses: list[Skeleton], still: Skeleton, limb: str) -> str | None:
    """The side whose leg (or arm) does the exercise in the picture: the one on the step or the
    ball, else the one that moves more, else the one lifted higher; None when both do the same."""
    place = figure.prop_at or ""
    if limb == "leg" and place[-2:] in ("_l", "_r") and place.split("_")[0] in LEG_JOINTS:
        return place[-1]
    end = "ankle" if limb == "leg" else "hand"
    moves = {s: _travel(poses, f"{end}_{s}") for s in ("l", "r")}
    if abs(moves["l"] - moves["r"]) > 10.0:
        return max(moves, key=lambda s: moves[s])
    heights = {s: still.joints[f"{end}_{s}"][1] for s in ("l", "r")}
    if abs(heights["l"] - heights["r"]) > 10.0:
        return min(heights, key=lambda s: heights[s])  # y points down: the higher one is smaller
    return None


def disagreements(exercise: model.Exercise, figure: model.Figure) -> list[str]:
    """Where the exercise's words and its picture say different things, each as one sentence."""
    problems: list[str] = []
    position = exercise.setup
    words = " ".join((exercise.setup, *exercise.steps))
    everything = " ".join((words, *exercise.cues, *exercise.mistakes))
    scene = stage(figure)
    poses = [p.skeleton for p in scene.frames]
    still = scene.still.skeleton

    for prop in sorted(_named_props(position) - set(figure.props)):
        problems.append(f"the starting position names a {prop.replace('_', ' ')} the picture does not draw")
    for prop in sorted(
        set(figure.props) - set(UNNAMED_OK) - set(exercise.equipment) - _mentioned_props(everything)
    ):
        problems.append(f"the picture draws a {prop.replace('_', ' ')} the words never mention")

    hips_said = HANDS_ON_HIPS.search(words)
    if hips_said and not _optional(words, hips_said.start()) and not any(_hands_on_hips(p) for p in poses):
        hanging = " (the arms hang)" if _arms_hang(still) else ""
        problems.append(f"the words put the hands on the hips; the picture does not{hanging}")
    # The starting position is the first frame.
    if ARMS_HANGING.search(position) and _hands_on_hips(poses[0]):
        problems.append(
            "the starting position lets the arms hang; the picture starts with the hands on the hips"
        )

    if exercise.sided:
        named = NAMED_SIDE.search(words)
        if named:
            side, part = named.group(1).lower(), named.group(2).lower()
            limb = _limb(part)
            # When the words give both sides of that limb a job (the left hand behind the back, the
            # right on the head), which one "does it" is not a single side: nothing to compare.
            sides = {m.group(1).lower() for m in NAMED_SIDE.finditer(words) if _limb(m.group(2)) == limb}
            drawn = _drawn_side(figure, poses, still, limb) if len(sides) == 1 else None
            if drawn is not None and drawn != side[0]:
                shown = "left" if drawn == "l" else "right"
                problems.append(
                    f"the words use the {side} {part}; the picture shows the {shown} {limb} doing it"
                )
    turn = HEAD_TURN.search(words)
    if turn:
        wanted = 1.0 if turn.group(1).lower() == "right" else -1.0
        if max(p.angles["head_turn"] * wanted for p in poses) < MIN_HEAD_TURN:
            problems.append(f"the words turn the head to the {turn.group(1).lower()}; the picture does not")
    return problems
