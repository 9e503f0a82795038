"""Front and back body figures: pain-drawing regions (ids.md) and muscles, as plain SVG shapes.

Coordinates live in a 200 × 460 box per figure. Paired shapes are drawn once for the viewer's left
side and mirrored. On the front figure the person faces us, so the viewer's left is the person's
right; on the back figure the viewer's left is the person's left.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 200
HEIGHT = 460

Point = tuple[float, float]

# One side of the silhouette, from the neck down to the crotch, on the viewer's left.
_OUTLINE_LEFT: tuple[Point, ...] = (
    (90, 64),
    (62, 70),
    (50, 80),
    (44, 100),
    (40, 160),
    (34, 236),
    (30, 262),
    (42, 266),
    (46, 240),
    (52, 170),
    (58, 118),
    (62, 160),
    (64, 190),
    (58, 230),
    (58, 300),
    (64, 332),
    (62, 372),
    (70, 420),
    (60, 440),
    (94, 442),
    (92, 420),
    (94, 372),
    (94, 330),
    (100, 268),
)


def _mirror(points: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((WIDTH - x, y) for x, y in points)


def _points(points: tuple[Point, ...]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


OUTLINE = _points(_OUTLINE_LEFT + tuple(reversed(_mirror(_OUTLINE_LEFT))))
HEAD = {"cx": 100, "cy": 32, "r": 22}


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawable region: `points` on the viewer's left for paired ids, as drawn for central ones."""

    id: str
    points: tuple[Point, ...]


def _rect(x1: float, y1: float, x2: float, y2: float) -> tuple[Point, ...]:
    return ((x1, y1), (x2, y1), (x2, y2), (x1, y2))


# Pain-drawing regions. A paired entry's id is its stem ("shoulder" → shoulder_left/_right).
REGIONS_FRONT_PAIRED = (
    Shape("shoulder", ((52, 76), (68, 72), (72, 92), (50, 98))),
    Shape("groin", ((76, 232), (98, 236), (98, 262), (84, 254))),
    Shape("thigh_lateral", ((58, 240), (68, 250), (70, 318), (60, 318))),
    Shape("thigh_anterior", ((70, 252), (84, 258), (98, 268), (94, 326), (72, 326))),
    Shape("shin", ((68, 342), (92, 342), (92, 414), (72, 414))),
    Shape("foot", ((70, 422), (92, 422), (94, 440), (62, 440))),
)
REGIONS_FRONT_CENTRAL = (Shape("abdomen_lower", ((66, 196), (134, 196), (130, 230), (70, 230))),)
REGIONS_BACK_PAIRED = (
    Shape("lumbar", ((66, 166), (90, 166), (90, 204), (64, 204))),
    Shape("buttock", ((62, 226), (80, 220), (98, 232), (98, 266), (66, 266))),
    Shape("hip_lateral", ((54, 222), (62, 224), (62, 266), (56, 266))),
    Shape("sij", ((80, 206), (90, 206), (90, 224), (80, 224))),
    Shape("thigh_posterior", ((62, 272), (98, 272), (94, 328), (64, 328))),
    Shape("calf", ((66, 338), (92, 338), (92, 404), (70, 404))),
)
REGIONS_BACK_CENTRAL = (
    Shape("neck", _rect(88, 52, 112, 68)),
    Shape("thoracic", ((66, 76), (134, 76), (130, 162), (70, 162))),
    Shape("lumbar_central", _rect(90, 166, 110, 204)),
    Shape("sacrum", ((90, 206), (110, 206), (106, 228), (94, 228))),
    Shape("coccyx", ((94, 230), (106, 230), (100, 242))),
)

# Muscles, drawn schematically where a person would feel them.
MUSCLES_FRONT_PAIRED = (
    Shape("pectoralis_major", ((68, 84), (96, 88), (96, 112), (70, 112), (62, 100))),
    Shape("pectoralis_minor", ((62, 86), (70, 84), (72, 98), (64, 100))),
    Shape("external_obliques", ((64, 124), (86, 128), (86, 190), (66, 190))),
    Shape("internal_obliques", ((66, 192), (86, 192), (88, 220), (70, 220))),
    Shape("iliopsoas", ((80, 226), (94, 228), (96, 258), (86, 252))),
    Shape("tensor_fasciae_latae", ((58, 232), (68, 236), (68, 272), (60, 268))),
    Shape("rectus_femoris", ((70, 262), (88, 264), (88, 326), (72, 326))),
    Shape("adductors", ((90, 266), (98, 270), (96, 312), (90, 316))),
)
MUSCLES_FRONT_CENTRAL = (
    Shape("deep_neck_flexors", _rect(92, 54, 108, 66)),
    Shape("rectus_abdominis", _rect(88, 118, 112, 222)),
    Shape("transversus_abdominis", ((72, 222), (128, 222), (124, 232), (76, 232))),
)
MUSCLES_BACK_PAIRED = (
    Shape("upper_trapezius", ((90, 58), (92, 70), (66, 82), (60, 74))),
    Shape("levator_scapulae", ((84, 50), (90, 50), (88, 68), (82, 70))),
    Shape("middle_trapezius", ((62, 84), (84, 86), (84, 100), (64, 100))),
    Shape("rhomboids", ((86, 86), (96, 84), (96, 118), (86, 112))),
    Shape("lower_trapezius", ((78, 116), (96, 120), (96, 150), (88, 146))),
    Shape("latissimus_dorsi", ((58, 112), (76, 120), (82, 180), (64, 178))),
    Shape("longissimus_thoracis", _rect(88, 122, 95, 160)),
    Shape("iliocostalis_lumborum", _rect(80, 162, 88, 204)),
    Shape("erector_spinae", _rect(89, 160, 96, 206)),
    Shape("quadratus_lumborum", _rect(68, 174, 79, 206)),
    Shape("gluteus_medius", ((58, 212), (82, 208), (84, 226), (60, 232))),
    Shape("gluteus_minimus", ((54, 232), (62, 232), (62, 256), (56, 256))),
    Shape("gluteus_maximus", ((64, 234), (86, 228), (98, 240), (98, 272), (66, 272))),
    Shape("piriformis", ((70, 238), (94, 244), (94, 250), (70, 246))),
    Shape("hamstrings", ((64, 276), (96, 276), (94, 330), (66, 330))),
    Shape("calves", ((66, 340), (92, 340), (92, 400), (70, 400))),
)
MUSCLES_BACK_CENTRAL = (
    Shape("suboccipitals", _rect(88, 40, 112, 50)),
    Shape("thoracic_extensors", _rect(97, 76, 103, 160)),
    Shape("multifidus", _rect(97, 172, 103, 208)),
)


@dataclass(frozen=True, slots=True)
class Drawn:
    """A shape placed on a figure under its full id."""

    id: str
    points: str
    centre: Point


def _centre(points: tuple[Point, ...]) -> Point:
    return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def _place(paired: tuple[Shape, ...], central: tuple[Shape, ...], viewer_left: str) -> list[Drawn]:
    viewer_right = "left" if viewer_left == "right" else "right"
    drawn = []
    for shape in paired:
        # A stem like "lumbar" names regions lumbar_left/_right; muscles keep one id for both sides.
        for side, points in ((viewer_left, shape.points), (viewer_right, _mirror(shape.points))):
            ident = f"{shape.id}_{side}" if shape.id in _PAIRED_REGION_STEMS else shape.id
            drawn.append(Drawn(ident, _points(points), _centre(points)))
    drawn += [Drawn(shape.id, _points(shape.points), _centre(shape.points)) for shape in central]
    return drawn


_PAIRED_REGION_STEMS = {shape.id for shape in REGIONS_FRONT_PAIRED + REGIONS_BACK_PAIRED}


def region_shapes(view: str) -> list[Drawn]:
    """Pain-drawing regions of the front or back figure, with their ids.md ids."""
    if view == "front":
        return _place(REGIONS_FRONT_PAIRED, REGIONS_FRONT_CENTRAL, viewer_left="right")
    return _place(REGIONS_BACK_PAIRED, REGIONS_BACK_CENTRAL, viewer_left="left")


def muscle_shapes(view: str) -> list[Drawn]:
    """Muscle shapes of the front or back figure; a muscle of both sides appears twice."""
    if view == "front":
        return _place(MUSCLES_FRONT_PAIRED, MUSCLES_FRONT_CENTRAL, viewer_left="right")
    return _place(MUSCLES_BACK_PAIRED, MUSCLES_BACK_CENTRAL, viewer_left="left")
