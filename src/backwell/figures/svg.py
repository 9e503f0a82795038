"""Writing SVG: number formatting, escaped elements and the simple shapes pictures are made of."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

Extent = tuple[float, float, float, float]  # min x, min y, max x, max y

_X_KEYS = ("x", "x1", "x2", "cx")
_Y_KEYS = ("y", "y1", "y2", "cy")
POLY = ("polygon", "polyline")  # their corners are geometry px0, py0, px1, py1…


def _is_x(key: str) -> bool:
    return key in _X_KEYS or key.startswith("px")


def _is_y(key: str) -> bool:
    return key in _Y_KEYS or key.startswith("py")


def num(value: float) -> str:
    """A coordinate with one decimal: enough for the eye, and the same bytes on every run."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def element(tag: str, attrs: dict[str, str | float], children: Iterable[str] | str = ()) -> str:
    parts = [tag]
    for key, value in attrs.items():
        parts.append(f"{key}={quoteattr(num(value) if isinstance(value, float) else str(value))}")
    head = " ".join(parts)
    if isinstance(children, str):
        return f"<{head}>{escape(children)}</{tag}>"
    inner = "".join(children)
    return f"<{head}>{inner}</{tag}>" if inner else f"<{head}/>"


@dataclass(frozen=True, slots=True)
class Shape:
    """One drawn shape: numeric geometry (which can be moved and animated) plus fixed style."""

    tag: str
    geometry: tuple[tuple[str, float], ...]
    style: tuple[tuple[str, str], ...] = ()

    def value(self, key: str) -> float:
        return dict(self.geometry)[key]

    def moved(self, dx: float, dy: float) -> Shape:
        geometry = tuple((k, v + dx if _is_x(k) else v + dy if _is_y(k) else v) for k, v in self.geometry)
        return replace(self, geometry=geometry)

    def points(self) -> str:
        """A polygon's or polyline's corners as its points attribute."""
        g = self.geometry
        return " ".join(f"{num(x)},{num(y)}" for (_, x), (_, y) in zip(g[::2], g[1::2], strict=True))

    def extent(self) -> Extent:
        g = dict(self.geometry)
        half = float(dict(self.style).get("stroke-width", "0")) / 2
        if self.tag == "line":
            xs, ys = (g["x1"], g["x2"]), (g["y1"], g["y2"])
            return (min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half)
        if self.tag == "circle":
            r = g["r"] + half
            return (g["cx"] - r, g["cy"] - r, g["cx"] + r, g["cy"] + r)
        if self.tag == "ellipse":
            return (
                g["cx"] - g["rx"] - half,
                g["cy"] - g["ry"] - half,
                g["cx"] + g["rx"] + half,
                g["cy"] + g["ry"] + half,
            )
        if self.tag in POLY:
            px = [v for _, v in self.geometry[::2]]
            py = [v for _, v in self.geometry[1::2]]
            return (min(px) - half, min(py) - half, max(px) + half, max(py) + half)
        if self.tag == "rect":
            return (g["x"] - half, g["y"] - half, g["x"] + g["width"] + half, g["y"] + g["height"] + half)
        raise ValueError(f"no extent for <{self.tag}>")  # pragma: no cover - only the tags above are built

    def attrs(self) -> dict[str, str | float]:
        out: dict[str, str | float] = {"points": self.points()} if self.tag in POLY else dict(self.geometry)
        out.update(self.style)
        return out


def line(a: tuple[float, float], b: tuple[float, float], colour: str, width: float, **style: str) -> Shape:
    return Shape(
        "line",
        (("x1", a[0]), ("y1", a[1]), ("x2", b[0]), ("y2", b[1])),
        (("stroke", colour), ("stroke-width", num(width)), ("stroke-linecap", "round"), *_style(style)),
    )


def circle(centre: tuple[float, float], r: float, fill: str, **style: str) -> Shape:
    return Shape("circle", (("cx", centre[0]), ("cy", centre[1]), ("r", r)), (("fill", fill), *_style(style)))


def rect(x: float, y: float, width: float, height: float, fill: str, rx: float = 0.0, **style: str) -> Shape:
    geometry = (("x", x), ("y", y), ("width", width), ("height", height), ("rx", rx))
    return Shape("rect", geometry, (("fill", fill), *_style(style)))


def ellipse(centre: tuple[float, float], rx: float, ry: float, fill: str, **style: str) -> Shape:
    geometry = (("cx", centre[0]), ("cy", centre[1]), ("rx", rx), ("ry", ry))
    return Shape("ellipse", geometry, (("fill", fill), *_style(style)))


def poly(tag: str, corners: Iterable[tuple[float, float]], fill: str, **style: str) -> Shape:
    geometry: list[tuple[str, float]] = []
    for i, (x, y) in enumerate(corners):
        geometry += [(f"px{i}", x), (f"py{i}", y)]
    return Shape(tag, tuple(geometry), (("fill", fill), *_style(style)))


def _style(style: dict[str, str]) -> tuple[tuple[str, str], ...]:
    # Python keyword arguments cannot hold dashes: stroke_width is written stroke-width.
    return tuple((k.replace("_", "-"), v) for k, v in style.items())


def union(extents: Iterable[Extent]) -> Extent:
    items = list(extents)
    return (
        min(e[0] for e in items),
        min(e[1] for e in items),
        max(e[2] for e in items),
        max(e[3] for e in items),
    )
