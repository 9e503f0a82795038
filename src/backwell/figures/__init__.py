"""Exercise pictures: simple human figures drawn from keyframed joint angles to still and animated SVG."""

from .agreement import disagreements
from .animation import render_animated
from .geometry import FigureError
from .render import render_still
from .staging import check_figure, drawing_problem

__all__ = [
    "FigureError",
    "check_figure",
    "disagreements",
    "drawing_problem",
    "render_animated",
    "render_still",
]
