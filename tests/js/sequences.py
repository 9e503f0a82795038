"""Synthetic landmark sequences for the live coach's node tests, made from the figures' own keyframes.

Each coached exercise and self-test is played through as a camera would see it: the keyframes of
its figure (and a few poses with the form broken), eased from one to the next, turned into the 33
BlazePose landmarks, with landmark noise, uneven frame times and dropped frames, and with the
answer known: how many reps, when the hold must pause, which cue must fire.

Run `python -m tests.js.sequences DIR` to write them; the node tests read DIR from COACH_SEQUENCES.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backwell.engine.knowledge import load, model
from backwell.figures import staging
from backwell.figures.geometry import Skeleton
from backwell.figures.landmarks import Landmark, landmarks

SEEDS_PER_EXERCISE = 10
FPS_CHOICES = (5, 8, 10, 15, 30)
NOISE_CHOICES = (0.002, 0.004, 0.006)  # landmark noise, as a share of the image height
DROP_RATE = 0.08  # share of frames where the model finds no one
MOVE_S = (0.8, 1.6)  # how long one move between keyframes takes
TRANSITION_S = 0.4  # how long it takes to slip out of (or back into) position in a hold


# -- poses ----------------------------------------------------------------------------------------


def changed(frame: model.Frame, **angles: float) -> model.Frame:
    """The keyframe with some segment angles replaced (a form fault, a different lift)."""
    merged = dict(frame.angles) | angles
    return dataclasses.replace(frame, angles=tuple(merged.items()))


def other_side(frame: model.Frame, *, mirror: bool) -> model.Frame:
    """The same pose done with the other arm and leg; `mirror` also flips the picture (front view)."""
    out = []
    for name, angle in frame.angles:
        if name.endswith("_l") or name.endswith("_r"):
            name = name[:-1] + ("r" if name.endswith("_l") else "l")
        elif "_l_" in name or "_r_" in name:
            name = name.replace("_l_", "_x_").replace("_r_", "_l_").replace("_x_", "_r_")
        if mirror and not name.endswith("_depth") and name not in ("blade_squeeze", "blade_lift"):
            angle = (-angle) % 360.0 if name not in ("head_turn", "twist") else -angle
        out.append((name, angle))
    return dataclasses.replace(frame, angles=tuple(out))


@dataclass
class Camera:
    """How the coach's camera sees a figure: the view to compute poses in and whether to mirror."""

    view: str
    mirrored: bool

    @classmethod
    def for_(cls, figure: model.Figure, coach: model.Coach) -> Camera:
        if coach.view == "side":
            # A three-quarter figure's angles are side-view angles; the camera stands square to the side.
            view = figure.view if figure.view in ("side", "side_right") else "side"
            return cls(view, view == "side_right")
        # A figure drawn from behind, seen by a camera in front: the same picture, mirrored.
        return cls("front" if figure.view != "back" else "back", figure.view == "back")


def scene(figure: model.Figure, camera: Camera, frames: Sequence[model.Frame]) -> staging.Scene:
    """The frames placed on the floor as the figure's renderer places them (a closed loop)."""
    return staging.stage(dataclasses.replace(figure, view=camera.view, frames=tuple(frames), still=0))


# -- timelines ------------------------------------------------------------------------------------


@dataclass
class Step:
    """Part of a timeline: stay at frame `index` of `scene`, or move from it to the next frame."""

    scene: staging.Scene
    index: int
    seconds: float
    moving: bool


@dataclass
class Timeline:
    steps: list[Step] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)

    def stay(self, sc: staging.Scene, index: int, seconds: float) -> float:
        """Add a still stretch; returns the time it starts."""
        start = self.seconds
        self.steps.append(Step(sc, index, seconds, moving=False))
        return start

    def move(self, sc: staging.Scene, index: int, seconds: float) -> float:
        start = self.seconds
        self.steps.append(Step(sc, index, seconds, moving=True))
        return start

    def pose(self, t: float) -> Skeleton:
        for step in self.steps:
            if t < step.seconds or step is self.steps[-1]:
                if step.moving:
                    return staging.in_between(step.scene, step.index, min(1.0, t / step.seconds))
                return step.scene.frames[step.index].skeleton
            t -= step.seconds
        raise AssertionError("empty timeline")  # pragma: no cover


# -- turning poses into camera frames ---------------------------------------------------------------


def _times(rng: random.Random, seconds: float, fps: int) -> Iterator[float]:
    t = 0.0
    while t < seconds:
        yield t
        t += rng.uniform(0.7, 1.3) / fps  # phones deliver frames unevenly


def render_frames(
    rng: random.Random, timeline: Timeline, camera: Camera, fps: int, noise: float
) -> tuple[list[dict[str, Any]], float]:
    """Timed frames of normalised landmarks ({x, y, z, visibility}, or null when dropped) and the aspect.

    `noise` is the landmark jitter's standard deviation as a share of the image height, the same in
    pixels across and down, as a pose model's is.
    """
    times = list(_times(rng, timeline.seconds, fps))
    poses = [landmarks(timeline.pose(t), mirrored=camera.mirrored) for t in times]
    xs = [p.x for pose in poses for p in pose]
    ys = [p.y for pose in poses for p in pose]
    wide = max(xs) - min(xs) > max(ys) - min(ys)
    width, height = (1280.0, 720.0) if wide else (720.0, 1280.0)
    scale = 0.8 * min(width / (max(xs) - min(xs)), height / (max(ys) - min(ys)))
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    burst = rng.randrange(len(times))  # one run of three frames with no one found
    out: list[dict[str, Any]] = []
    for n, (t, pose) in enumerate(zip(times, poses, strict=True)):
        frame: list[dict[str, float]] | None = None
        if not (burst <= n < burst + 3 or rng.random() < DROP_RATE):
            frame = []
            for p in pose:
                visibility = min(1.0, max(0.0, p.visibility + rng.uniform(-0.05, 0.05)))
                if rng.random() < 0.01:
                    visibility = 0.3  # a limb briefly hidden
                frame.append(
                    {
                        "x": round(
                            (p.x - cx) * scale / width + 0.5 + rng.gauss(0, noise * height / width), 5
                        ),
                        "y": round((p.y - cy) * scale / height + 0.5 + rng.gauss(0, noise), 5),
                        "z": 0,
                        "visibility": round(visibility, 3),
                    }
                )
        out.append({"t": round(t * 1000.0, 1), "landmarks": frame})
    return out, width / height


# -- scenarios ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How to play one coached entry: its rep cycles, or its held pose and a broken one, and faults.

    `closed`: a pose that closes the coach's gate (both feet down, lying flat) while the hold's own
    signal may look fine.
    """

    cycles: tuple[tuple[model.Frame, ...], ...] = ()
    held: model.Frame | None = None
    broken: model.Frame | None = None
    faults: dict[str, model.Frame] = field(default_factory=dict)
    closed: model.Frame | None = None


def lying_flat(frame: model.Frame, *, straight_shins: bool = True) -> model.Frame:
    """A side bridge collapsed: lying on the side in one straight line, hips on the floor."""
    legs = {"thigh_r": 90.0, "thigh_l": 90.0}
    if straight_shins:
        legs |= {"shin_r": 90.0, "shin_l": 90.0}
    return changed(frame, trunk=270.0, head=270.0, **legs)


def plans(kb: model.KnowledgeBase) -> dict[str, Plan]:
    f = {slug: fig.frames for slug, fig in kb.figures.items()}
    hook, bridge = f["glute_bridge"]
    quad, out_left = f["bird_dog"]
    stand, lift = f["standing_hip_abduction"]
    sit, lean, up, _ = f["sit_to_stand"]
    both, one_leg = f["single_leg_stance"]
    _, side_up = f["side_bridge"]
    _, knees_up = f["side_bridge_knees"]
    (plank,) = f["prone_plank_test"]
    (side_test,) = f["side_bridge_test"]
    (extensor,) = f["extensor_endurance_test"]
    return {
        "glute_bridge": Plan(
            cycles=((hook, bridge),), faults={"feet_far": changed(bridge, shin_l=128.0, shin_r=129.0)}
        ),
        # One lift a side: the arm and leg of each side in turn.
        "bird_dog": Plan(cycles=((quad, out_left), (quad, other_side(out_left, mirror=False)))),
        "standing_hip_abduction": Plan(
            cycles=((stand, lift),),
            faults={"lean": changed(stand, trunk=340.0, head=340.0)},
        ),
        "sit_to_stand": Plan(
            cycles=((sit, lean, up, lean),),
            faults={"deep_lean": changed(lean, pelvis=72.0, lumbar=72.0, thoracic=72.0, head=80.0)},
        ),
        "single_leg_stance": Plan(
            held=one_leg,
            broken=changed(one_leg, pelvis=12.0),
            faults={"lean": changed(one_leg, trunk=20.0, head=20.0)},
            closed=both,
        ),
        "side_bridge": Plan(
            held=side_up,
            broken=changed(
                side_up, trunk=296.0, head=296.0, thigh_r=94.0, shin_r=94.0, thigh_l=93.0, shin_l=93.0
            ),
            closed=lying_flat(side_up),
        ),
        "side_bridge_knees": Plan(
            held=knees_up,
            broken=changed(knees_up, trunk=302.0, head=302.0, thigh_r=98.0, thigh_l=97.0),
            closed=lying_flat(knees_up, straight_shins=False),
        ),
        "prone_plank_test": Plan(
            held=plank,
            broken=changed(
                plank, trunk=70.0, head=72.0, thigh_l=274.0, shin_l=274.0, thigh_r=274.0, shin_r=274.0
            ),
        ),
        "side_bridge_test": Plan(
            held=side_test,
            broken=changed(
                side_test, trunk=296.0, head=296.0, thigh_r=94.0, shin_r=94.0, thigh_l=93.0, shin_l=93.0
            ),
            closed=lying_flat(side_test),
        ),
        "extensor_endurance_test": Plan(held=extensor, broken=changed(extensor, trunk=118.0, head=120.0)),
        "single_leg_stance_test": Plan(
            cycles=((f["single_leg_stance_test"][0], f["single_leg_stance_test"][1]),),
            closed=f["single_leg_stance_test"][0],
        ),
    }


def coached(kb: model.KnowledgeBase) -> dict[str, tuple[str, model.Coach, model.Figure]]:
    out = {s: ("exercise", e.coach, kb.figures[s]) for s, e in kb.exercises.items() if e.coach}
    out |= {s: ("self_test", t.coach, kb.figures[s]) for s, t in kb.self_tests.items() if t.coach}
    return out


def _sequence(
    name: str,
    slug: str,
    coach: model.Coach,
    kind: str,
    rng: random.Random,
    timeline: Timeline,
    camera: Camera,
    noises: Sequence[float] | None = None,
) -> dict[str, Any]:
    fps, noise = rng.choice(FPS_CHOICES), rng.choice(noises or NOISE_CHOICES)
    frames, aspect = render_frames(rng, timeline, camera, fps, noise)
    return {
        "name": name,
        "slug": slug,
        "kind": kind,
        "spec": coach.as_json(),
        "fps": fps,
        "noise": noise,
        "aspect": aspect,
        "frames": frames,
        "expect": {},
    }


def rep_sequences(slug: str, coach: model.Coach, figure: model.Figure, plan: Plan) -> list[dict[str, Any]]:
    camera = Camera.for_(figure, coach)
    scenes = [scene(figure, camera, cycle) for cycle in plan.cycles]
    if coach.view == "front" and figure.view != "back":
        # A sided exercise seen from the front is done with each leg: play the mirror image too.
        scenes += [scene(figure, camera, tuple(other_side(fr, mirror=True) for fr in c)) for c in plan.cycles]
    out = []
    for seed in range(SEEDS_PER_EXERCISE):
        rng = random.Random(f"{slug}-{seed}")
        reps = rng.randint(3, 8)
        per_rep = coach.reps.per_rep if coach.reps else 1
        timeline = Timeline()
        timeline.stay(scenes[0], 0, rng.uniform(1.0, 2.0))
        # Sided exercises do all their reps with one leg; alternating ones (bird dog) take turns.
        sc_for = [
            scenes[(seed % len(scenes))] if len(plan.cycles) == 1 else scenes[r % len(plan.cycles)]
            for r in range(reps * per_rep)
        ]
        for sc in sc_for:
            count = len(sc.frames)
            for index in range(count):
                timeline.move(sc, index, rng.uniform(*MOVE_S))
                following = (index + 1) % count
                timeline.stay(sc, following, rng.uniform(0.3, 1.2) if following else rng.uniform(0.5, 1.5))
        sequence = _sequence(f"{slug}-reps-{seed}", slug, coach, "reps", rng, timeline, camera)
        sequence["expect"] = {"reps": reps}
        out.append(sequence)
    return out


def hold_sequences(slug: str, coach: model.Coach, figure: model.Figure, plan: Plan) -> list[dict[str, Any]]:
    assert plan.held is not None and plan.broken is not None and coach.hold is not None
    camera = Camera.for_(figure, coach)
    sc = scene(figure, camera, (plan.held, plan.broken))
    out = []
    for seed in range(3):
        rng = random.Random(f"{slug}-hold-{seed}")
        timeline = Timeline()
        held = 0.0
        paused: list[tuple[float, float]] = []
        holding: list[tuple[float, float]] = []
        for _ in range(2):
            good = rng.uniform(4.0, 8.0)
            start = timeline.stay(sc, 0, good)
            holding.append((start + 1.0, start + good))
            held += good
            start = timeline.move(sc, 0, TRANSITION_S)
            bad = rng.uniform(3.0, 5.0)
            bad_start = timeline.stay(sc, 1, bad)
            # After the grace period (and a frame or two) the timer must be paused for the rest.
            paused.append((bad_start + coach.hold.grace_ms / 1000.0 + 0.6, bad_start + bad))
            timeline.move(sc, 1, TRANSITION_S)
        last = rng.uniform(3.0, 5.0)
        start = timeline.stay(sc, 0, last)
        holding.append((start + 1.0, start + last))
        held += last
        sequence = _sequence(f"{slug}-hold-{seed}", slug, coach, "hold", rng, timeline, camera)
        # Slipping out of position and back takes TRANSITION_S, about half of it still in line.
        held += 4 * TRANSITION_S / 2
        sequence["expect"] = {
            "held_ms": round(held * 1000.0),
            # Where within a slip the line crosses the threshold, smoothing and frame spacing.
            "tolerance_ms": 1500,
            "paused": [[round(a * 1000), round(b * 1000)] for a, b in paused],
            "holding": [[round(a * 1000), round(b * 1000)] for a, b in holding],
        }
        out.append(sequence)
    return out


def _shoulder_tilt(frame: model.Frame, camera: Camera, figure: model.Figure) -> float:
    """The clean picture's shoulder-line tilt (as measures.js reads it) to know which lean cue is due."""
    sk = scene(figure, camera, (frame,)).frames[0].skeleton
    pts = landmarks(sk, mirrored=camera.mirrored)
    left, right = pts[11], pts[12]
    deg = math.degrees(math.atan2(-(right.y - left.y), right.x - left.x))
    return deg - 180.0 if deg > 90.0 else deg + 180.0 if deg <= -90.0 else deg


def cue_sequences(slug: str, coach: model.Coach, figure: model.Figure, plan: Plan) -> list[dict[str, Any]]:
    camera = Camera.for_(figure, coach)
    start = plan.held or plan.cycles[0][0]
    out = []
    # A hold's cue watches the hold's own line: the broken hold is its fault.
    faults_by_name = plan.faults or ({"broken": plan.broken} if plan.broken and coach.cues else {})
    for fault_name, fault in faults_by_name.items():
        faults = [fault]
        if fault_name == "lean":
            faults.append(
                changed(fault, **{k: (-v) % 360.0 for k, v in fault.angles if k in ("trunk", "head")})
            )
        for n, bad in enumerate(faults):
            tilt = _shoulder_tilt(bad, camera, figure) if fault_name == "lean" else 0.0
            due = [
                c
                for c in coach.cues
                if fault_name != "lean"
                or (c.above is not None and tilt > c.above)
                or (c.below is not None and tilt < c.below)
            ]
            assert len(due) == 1, (slug, fault_name, tilt)
            rng = random.Random(f"{slug}-{fault_name}-{n}")
            sc = scene(figure, camera, (start, bad))
            timeline = Timeline()
            timeline.stay(sc, 0, 3.0)
            timeline.move(sc, 0, TRANSITION_S)
            bad_s = 25.0
            off_from = timeline.stay(sc, 1, bad_s)
            timeline.move(sc, 1, TRANSITION_S)
            timeline.stay(sc, 0, 3.0)
            sequence = _sequence(f"{slug}-cue-{fault_name}-{n}", slug, coach, "cue", rng, timeline, camera)
            sequence["expect"] = {
                "cue": due[0].id,
                "off_ms": [
                    round((off_from - TRANSITION_S) * 1000),
                    round((off_from + bad_s + TRANSITION_S) * 1000),
                ],
                "max_count": math.ceil(bad_s / due[0].every_s) + 1,
            }
            out.append(sequence)
    return out


def pelvis_sequences(slug: str, coach: model.Coach, figure: model.Figure, plan: Plan) -> list[dict[str, Any]]:
    """Stand on both feet, on the left leg, both, on the right leg: with a known drop on each side."""
    camera = Camera.for_(figure, coach)
    both, on_left = plan.cycles[0]
    on_right = other_side(on_left, mirror=True)
    out = []
    for seed, (pelvis_left, pelvis_right) in enumerate(
        ((0.0, 0.0), (351.0, 0.0), (0.0, 9.0), (352.0, 354.0))
    ):
        rng = random.Random(f"{slug}-pelvis-{seed}")
        poses = (both, changed(on_left, pelvis=pelvis_left), both, changed(on_right, pelvis=pelvis_right))
        sc = scene(figure, camera, poses)
        timeline = Timeline()
        for index in range(4):
            # A few seconds on both feet give the person's own level; then ten seconds a leg.
            timeline.stay(sc, index, 4.0 if index % 2 == 0 else 10.0)
            timeline.move(sc, index, TRANSITION_S)
        # The hip line is short (about 20 cm): at the heaviest noise one frame's tilt wobbles by
        # over 5 degrees, past the 1-3 degrees measured for MediaPipe on still photos
        # (STACK-NOTES); the pelvis is tested up to the noise that matches that.
        sequence = _sequence(
            f"{slug}-pelvis-{seed}", slug, coach, "pelvis", rng, timeline, camera, noises=NOISE_CHOICES[:2]
        )
        truth = {}
        for side, index in (("left", 1), ("right", 3)):
            pts = landmarks(sc.frames[index].skeleton, mirrored=camera.mirrored)
            base = landmarks(sc.frames[0].skeleton, mirrored=camera.mirrored)
            tilt = _right_hip_drop(pts) - _right_hip_drop(base)
            truth[side] = round(tilt if side == "left" else -tilt, 2)  # lifted right when on the left leg
        sequence["expect"] = {"drop": truth, "tolerance_deg": 2.0}
        out.append(sequence)
    return out


def gate_sequences(slug: str, coach: model.Coach, figure: model.Figure, plan: Plan) -> list[dict[str, Any]]:
    """The gate closed, then open, then closed again: in position but on both feet, or lying flat.

    A hold: the gate's pose, the held pose, the gate's pose (a side bridge lying flat after the
    hold). The pelvic drop: only both feet down, at the heaviest noise, so nothing may be recorded.
    """
    assert coach.gate is not None and plan.closed is not None, slug  # a gated entry needs its pose
    camera = Camera.for_(figure, coach)
    out = []
    for seed in range(3):
        rng = random.Random(f"{slug}-gate-{seed}")
        timeline = Timeline()
        if coach.mode == "pelvis_drop":
            sc = scene(figure, camera, (plan.closed,))
            timeline.stay(sc, 0, 12.0)
            sequence = _sequence(
                f"{slug}-gate-{seed}", slug, coach, "gate", rng, timeline, camera, noises=NOISE_CHOICES[-1:]
            )
            sequence["expect"] = {"closed": [[0, 12000]], "holding": [], "recorded": False}
            out.append(sequence)
            continue
        assert plan.held is not None and coach.hold is not None
        sc = scene(figure, camera, (plan.closed, plan.held))
        first = rng.uniform(5.0, 8.0)
        timeline.stay(sc, 0, first)
        timeline.move(sc, 0, TRANSITION_S)
        held = rng.uniform(5.0, 8.0)
        held_from = timeline.stay(sc, 1, held)
        timeline.move(sc, 1, TRANSITION_S)
        flat = rng.uniform(4.0, 6.0)
        flat_from = timeline.stay(sc, 0, flat)
        sequence = _sequence(f"{slug}-gate-{seed}", slug, coach, "gate", rng, timeline, camera)
        # As a broken hold (grace, then a frame or two), plus the gate's own two readings to close.
        settle = coach.hold.grace_ms / 1000.0 + 1.0
        sequence["expect"] = {
            # Before the gate ever opens nothing is timed; after it closes the hold stays paused.
            "never_ms": round(first * 1000),
            "closed": [[round((flat_from + settle) * 1000), round((flat_from + flat) * 1000)]],
            "holding": [[round((held_from + 1.5) * 1000), round((held_from + held) * 1000)]],
            "recorded": True,
        }
        out.append(sequence)
    return out


def _right_hip_drop(pts: list[Landmark]) -> float:
    left, right = pts[23], pts[24]
    return math.degrees(math.atan2(right.y - left.y, abs(right.x - left.x)))


def all_sequences() -> list[dict[str, Any]]:
    kb = load()
    table = plans(kb)
    out: list[dict[str, Any]] = []
    for slug, (_, coach, figure) in sorted(coached(kb).items()):
        plan = table[slug]  # a new coached entry needs a plan here: its test is not optional
        if coach.mode == "reps":
            out += rep_sequences(slug, coach, figure, plan)
        elif coach.mode == "hold":
            out += hold_sequences(slug, coach, figure, plan)
        else:
            out += pelvis_sequences(slug, coach, figure, plan)
        out += cue_sequences(slug, coach, figure, plan)
        if coach.gate is not None:
            out += gate_sequences(slug, coach, figure, plan)
    return out


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for sequence in all_sequences():
        path = directory / f"{sequence['name']}.json"
        path.write_text(json.dumps(sequence, separators=(",", ":")), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Write the coach's synthetic landmark sequences as JSON.")
    parser.add_argument("directory", type=Path)
    parser.add_argument(
        "--noise", type=float, help="landmark noise for every sequence (share of image height)"
    )
    parser.add_argument("--drop", type=float, help="share of frames with no one found")
    args = parser.parse_args(argv)
    # Harder settings for the accuracy report only; the tests use the defaults.
    global NOISE_CHOICES, DROP_RATE
    if args.noise is not None:
        NOISE_CHOICES = (args.noise,)
    if args.drop is not None:
        DROP_RATE = args.drop
    written = write(args.directory)
    print(f"wrote {len(written)} sequences to {args.directory}")


if __name__ == "__main__":
    main(sys.argv[1:])
