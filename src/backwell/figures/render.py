"""The still picture of an exercise, and the SVG document and layers it shares with the animation."""

from __future__ import annotations

from backwell.engine.knowledge import model

from .geometry import (
    HEAD_RADIUS,
    NOSE_AT,
    NOSE_RADIUS,
    Skeleton,
    along,
)
from .props import Prop, wall_is_backdrop
from .staging import Placed, Scene, stage
from .svg import element, num

NEAR = "#2d3e50"
FAR = "#a3b5c6"
TORSO = "#4d6a85"
FLOOR = "#8c8577"
WIDTH = {
    "trunk": 20.0,
    "neck": 7.0,
    "upper_arm": 8.0,
    "forearm": 7.0,
    "thigh": 11.0,
    "shin": 9.0,
    "foot": 6.0,
}
FRONT_TORSO_STROKE = 12.0


# What a picture shows: its title is the item's name.
Named = model.Exercise | model.Lesson | model.SelfTest


def title_of(figure: model.Figure, exercise: Named | None) -> str:
    return exercise.name if exercise is not None else figure.slug.replace("_", " ").capitalize()


def prop_names(figure: model.Figure) -> str:
    names = [p.replace("_", " ") for p in figure.props]
    if not names:
        return ""
    return ", with " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])


def starting_position(exercise: Named | None) -> str:
    # A screen reader hears the starting position the picture shows, in the exercise's own words.
    return f" {exercise.setup}" if isinstance(exercise, model.Exercise) else ""


def document(scene: Scene, title: str, description: str, body: list[str], suffix: str) -> str:
    left, top, right, bottom = scene.view_box
    base = f"figure-{scene.figure.slug}{suffix}"
    attrs: dict[str, str | float] = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": " ".join(num(v) for v in (left, top, right - left, bottom - top)),
        "role": "img",
        "aria-labelledby": f"{base}-title {base}-desc",
        "class": f"exercise-figure view-{scene.figure.view}",
    }
    children = [
        element("title", {"id": f"{base}-title"}, title),
        element("desc", {"id": f"{base}-desc"}, description),
        *body,
    ]
    return element("svg", attrs, children) + "\n"


def _floor(scene: Scene) -> str:
    left, _, right, _ = scene.view_box
    return element(
        "line",
        {
            "class": "floor",
            "x1": left,
            "y1": 0.0,
            "x2": right,
            "y2": 0.0,
            "stroke": FLOOR,
            "stroke-width": "2",
        },
    )


def _wall_behind(scene: Scene) -> list[str]:
    """A wall behind the person (seen from the front, or on their far side): a pale panel."""
    if not wall_is_backdrop(scene.figure):
        return []
    left, top, right, _ = scene.view_box
    panel = element("rect", {"x": left, "y": top, "width": right - left, "height": -top, "fill": "#eee8dc"})
    return [element("g", {"class": "prop wall"}, [panel])]


def _prop(prop: Prop) -> str:
    return element("g", {"class": f"prop {prop.name}"}, [element(s.tag, s.attrs()) for s in prop.shapes])


def segment_line(a: tuple[float, float], b: tuple[float, float], colour: str, width: float, cls: str) -> str:
    return element(
        "line",
        {
            "class": cls,
            "x1": a[0],
            "y1": a[1],
            "x2": b[0],
            "y2": b[1],
            "stroke": colour,
            "stroke-width": num(width),
            "stroke-linecap": "round",
        },
    )


def _limbs(sk: Skeleton, side: str, colour: str, cls: str) -> tuple[list[str], list[str]]:
    """(leg, arm) segments of one side, as absolute lines."""
    j = sk.joints
    return [
        segment_line(j[f"hip_{side}"], j[f"knee_{side}"], colour, WIDTH["thigh"], f"{cls} thigh"),
        segment_line(j[f"knee_{side}"], j[f"ankle_{side}"], colour, WIDTH["shin"], f"{cls} shin"),
        segment_line(j[f"ankle_{side}"], j[f"toe_{side}"], colour, WIDTH["foot"], f"{cls} foot"),
    ], [
        segment_line(
            j[f"shoulder_{side}"], j[f"elbow_{side}"], colour, WIDTH["upper_arm"], f"{cls} upper-arm"
        ),
        segment_line(j[f"elbow_{side}"], j[f"hand_{side}"], colour, WIDTH["forearm"], f"{cls} forearm"),
    ]


def _body_still(sk: Skeleton) -> str:
    j = sk.joints
    head = [
        segment_line(j["neck"], j["head"], NEAR, WIDTH["neck"], "neck"),
        element(
            "circle",
            {"class": "head", "cx": j["head"][0], "cy": j["head"][1], "r": HEAD_RADIUS, "fill": NEAR},
        ),
    ]
    if sk.view == "side":
        nose = along(j["head"], sk.angles["head"] + 90.0, NOSE_AT)
        head.append(
            element("circle", {"class": "nose", "cx": nose[0], "cy": nose[1], "r": NOSE_RADIUS, "fill": NEAR})
        )
    if sk.view == "side":
        far_leg, far_arm = _limbs(sk, "r", FAR, "limb far")
        near_leg, near_arm = _limbs(sk, "l", NEAR, "limb near")
        torso = [segment_line(j["hip"], j["neck"], TORSO, WIDTH["trunk"], "torso")]
        parts = [*far_arm, *far_leg, *torso, *head, *near_leg, *near_arm]
    else:
        legs_r, arms_r = _limbs(sk, "r", NEAR, "limb right")
        legs_l, arms_l = _limbs(sk, "l", NEAR, "limb left")
        outline = " ".join(
            f"{num(x)},{num(y)}" for x, y in (j["shoulder_l"], j["shoulder_r"], j["hip_r"], j["hip_l"])
        )
        torso = [
            element(
                "polygon",
                {
                    "class": "torso",
                    "points": outline,
                    "fill": TORSO,
                    "stroke": TORSO,
                    "stroke-width": num(FRONT_TORSO_STROKE),
                    "stroke-linejoin": "round",
                },
            )
        ]
        parts = [*legs_r, *legs_l, *torso, *head, *arms_r, *arms_l]
    return element("g", {"class": "body"}, parts)


def layers(scene: Scene, placed: Placed, body: str, moving: list[str] | None = None) -> list[str]:
    """Back to front: wall, floor, room props, props behind the body, body, props in front."""
    moving_back = [_prop(p) for p in placed.props if p.layer == "back"]
    moving_front = [_prop(p) for p in placed.props if p.layer == "front"]
    if moving is not None:
        moving_back = [m for m, p in zip(moving, placed.props, strict=True) if p.layer == "back"]
        moving_front = [m for m, p in zip(moving, placed.props, strict=True) if p.layer == "front"]
    walls = [_prop(p) for p in scene.room if p.name == "wall"]
    others = [_prop(p) for p in scene.room if p.name != "wall"]
    return [*_wall_behind(scene), *walls, _floor(scene), *others, *moving_back, body, *moving_front]


def render_still(figure: model.Figure, exercise: Named | None = None) -> str:
    """The key position of an exercise as a standalone SVG document."""
    scene = stage(figure)
    title = title_of(figure, exercise)
    description = (
        f"{title}: a simple figure in the key position{prop_names(figure)}.{starting_position(exercise)}"
    )
    return document(
        scene, title, description, layers(scene, scene.still, _body_still(scene.still.skeleton)), ""
    )
