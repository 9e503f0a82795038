"""The still picture of an exercise, and the SVG document and layers it shares with the animation."""

from __future__ import annotations

from backwell.engine.knowledge import model

from . import emphasis, guides
from .body import body_shapes
from .geometry import Skeleton
from .props import Prop, wall_is_backdrop
from .staging import Placed, Scene, stage
from .svg import element, num

FLOOR = "#8c8577"


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
    if scene.figure.view == "side_right":
        # Worked out facing right and mirrored here, so the right side is nearest, facing left.
        left, right = -right, -left
        body = [element("g", {"transform": "scale(-1 1)"}, body)]
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


def body_still(sk: Skeleton, moving: frozenset[str] = frozenset(), cls: str = "body") -> str:
    return element("g", {"class": cls}, [element(s.tag, s.attrs()) for s in body_shapes(sk, moving)])


def layers(
    scene: Scene, placed: Placed, body: str, moving: list[str] | None = None, behind: tuple[str, ...] = ()
) -> list[str]:
    """Back to front: wall, floor, room props, what is drawn behind the body (a faint start pose),
    props behind the body, body, props in front."""
    moving_back = [_prop(p) for p in placed.props if p.layer == "back"]
    moving_front = [_prop(p) for p in placed.props if p.layer == "front"]
    if moving is not None:
        moving_back = [m for m, p in zip(moving, placed.props, strict=True) if p.layer == "back"]
        moving_front = [m for m, p in zip(moving, placed.props, strict=True) if p.layer == "front"]
    walls = [_prop(p) for p in scene.room if p.name == "wall"]
    others = [_prop(p) for p in scene.room if p.name != "wall"]
    # A guide (the spirit level across the hips) goes over everything, so it is never hidden.
    guide = [g for g in (guides.level_line(scene),) if g]
    return [
        *_wall_behind(scene),
        *walls,
        _floor(scene),
        *others,
        *behind,
        *moving_back,
        body,
        *moving_front,
        *guide,
    ]


def render_still(figure: model.Figure, exercise: Named | None = None) -> str:
    """The key position of an exercise as a standalone SVG document."""
    scene = stage(figure)
    title = title_of(figure, exercise)
    description = (
        f"{title}: a simple figure in the key position{prop_names(figure)}.{starting_position(exercise)}"
    )
    moving = emphasis.moving_segments(scene)
    body = body_still(scene.still.skeleton, moving)
    behind: tuple[str, ...] = ()
    start = emphasis.ghost_frame(scene)
    if start is not None:
        # The pose the movement starts from, faint behind the still, and an arrow from it.
        ghost = scene.frames[start].skeleton
        faint = element(
            "g", {"class": "start-pose", "opacity": emphasis.GHOST_OPACITY}, [body_still(ghost, cls="ghost")]
        )
        behind = (faint,)
        description += " The faint figure shows where the movement starts."
        if guides.shows_level_pelvis(scene):
            description += " A level across the hips shows they stay level."
        return document(
            scene,
            title,
            description,
            [*layers(scene, scene.still, body, behind=behind), emphasis.arrow(ghost, scene.still.skeleton)],
            "",
        )
    return document(scene, title, description, layers(scene, scene.still, body), "")
