"""Small hand-made figures and SVG reading helpers for the picture tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from backwell.engine.knowledge import model

SVG = "{http://www.w3.org/2000/svg}"

Pose = Mapping[str, float]

STAND: Pose = {
    "trunk": 0,
    "head": 0,
    "thigh_l": 180,
    "shin_l": 180,
    "foot_l": 90,
    "thigh_r": 180,
    "shin_r": 180,
    "foot_r": 90,
    "upper_arm_l": 175,
    "forearm_l": 170,
    "upper_arm_r": 185,
    "forearm_r": 175,
}
HOOK_LYING: Pose = {
    "trunk": 270,
    "head": 270,
    "thigh_l": 40,
    "shin_l": 155,
    "foot_l": 90,
    "thigh_r": 44,
    "shin_r": 157,
    "foot_r": 90,
    "upper_arm_l": 95,
    "forearm_l": 92,
    "upper_arm_r": 95,
    "forearm_r": 92,
}
BRIDGE: Pose = {
    **HOOK_LYING,
    "trunk": 250,
    "head": 268,
    "thigh_l": 70,
    "shin_l": 170,
    "thigh_r": 72,
    "shin_r": 171,
}


def frame(angles: Pose, **placing: object) -> model.Frame:
    return model.Frame(angles=tuple((k, float(v)) for k, v in angles.items()), **placing)  # type: ignore[arg-type]


def figure(
    slug: str = "test_pose",
    frames: tuple[Pose, ...] = (STAND,),
    view: str = "side",
    props: tuple[str, ...] = (),
    still: int = 0,
    prop_at: str | None = None,
) -> model.Figure:
    return model.Figure(
        slug=slug,
        view=view,
        props=props,
        still=still,
        frames=tuple(frame(f) for f in frames),
        prop_at=prop_at,
    )


def parse(svg: str) -> ET.Element:
    # Only the project's own renderer output is parsed here, never outside input.
    return ET.fromstring(svg)  # noqa: S314


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def lowest_point(group: ET.Element) -> float:
    """The lowest y any line or circle inside `group` reaches, stroke included."""
    lowest = float("-inf")
    for el in group.iter():
        if el.tag == f"{SVG}line":
            half = float(el.get("stroke-width", "0")) / 2
            lowest = max(lowest, float(el.get("y1", "0")) + half, float(el.get("y2", "0")) + half)
        elif el.tag == f"{SVG}circle":
            lowest = max(lowest, float(el.get("cy", "0")) + float(el.get("r", "0")))
    return lowest
