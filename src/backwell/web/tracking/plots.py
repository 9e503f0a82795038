"""Small server-side SVG line charts: readable at 390 px, accessible, and with a data-table fallback."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from backwell.web.core import dates

# Okabe–Ito colours, told apart by people with colour-vision deficiency; markers differ too.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS: tuple[str, ...] = ("circle", "square", "diamond", "triangle", "circle", "square")

# The drawing is 360 units wide and scales to its box: at 390 px (about 330 px of chart) a 13-unit
# label is about 12 px high. The legend is HTML beside it, so long activity names wrap instead of overlap.
WIDTH = 360
PLOT_HEIGHT = 200
FONT = 13
GRID_COLOUR = "#d7e0e2"  # the site's --line
INK_COLOUR = "#55656b"  # the site's --muted: axes and their labels
LEFT, RIGHT, TOP_GAP, BOTTOM = 38, 14, 12, 44
# With more points than this the markers would merge into a smear; the line alone reads better.
MAX_MARKED_POINTS = 60

_ids = count(1)

XValue = datetime.date | int


@dataclass(frozen=True)
class Point:
    x: XValue
    y: float


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    """A drawn chart and the same numbers as table rows for people who cannot see the drawing."""

    svg: SafeString
    legend: SafeString
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: bool = False
    series: tuple[Series, ...] = field(default=())
    empty_text: str = ""

    def table(self) -> SafeString:
        """The numbers as an HTML table, every value escaped (built here: a template loop over years is slow)."""
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in self.columns)
        body = "".join(
            f'<tr><th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell) if cell else '–'}</td>" for cell in row[1:])
            + "</tr>"
            for row in self.rows
        )
        return mark_safe(
            f'<table><caption class="visually-hidden">{escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def _fmt_x(value: XValue, x_label: str) -> str:
    """A point's x as its labels and tables name it: the site's one date format, or "week 3"."""
    if isinstance(value, datetime.date):
        return dates.day(value)
    return f"{x_label} {value}"


def _fmt_x_tick(value: datetime.date) -> str:
    # The axis has little room: the year only where a new one begins.
    return dates.day(value) if value.month == 1 and value.day <= 7 else dates.day_without_year(value)


def _fmt_y(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _x_number(value: XValue) -> float:
    return float(value.toordinal()) if isinstance(value, datetime.date) else float(value)


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _y_ticks(y_min: float, y_max: float) -> list[float]:
    step = _nice_step(y_max - y_min, 5)
    ticks = []
    value = y_min
    while value <= y_max + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _x_ticks(values: Sequence[XValue], x_min: float, x_max: float) -> list[XValue]:
    if not values:
        return []
    if isinstance(values[0], datetime.date):
        span = x_max - x_min
        if span <= 0:
            return [values[0]]
        step = max(1, round(span / 4))
        # Whole weeks read better than arbitrary day counts once the span passes a month.
        if span > 28:
            step = max(7, int(round(step / 7.0)) * 7)
        first = datetime.date.fromordinal(int(x_min))
        ticks: list[XValue] = []
        current = first
        while current.toordinal() <= x_max:
            ticks.append(current)
            current = current + datetime.timedelta(days=step)
        return ticks
    lo, hi = int(x_min), int(x_max)
    step = max(1, math.ceil((hi - lo + 1) / 8))
    return list(range(lo, hi + 1, step))


# A label's width is guessed from its length (the font is the reader's own): an average letter of
# system-ui (DejaVu Sans where that is the fallback) is at most about 0.65 of the font size wide.
LETTER_WIDTH = 0.65 * FONT
LABEL_GAP = 8  # the least room between two labels on the x axis


def _x_labels(ticks: Sequence[tuple[float, str]]) -> list[tuple[float, str, str]]:
    """The x ticks' labels with their anchors, leaving out any that would run into the one before.

    The first label starts at its tick and the last ends at its own, so neither leaves the drawing;
    the rest are centred. With long dates ("22 November") on a phone-width chart every other one is
    left out, and its tick mark stays.
    """
    placed: list[tuple[float, str, str]] = []
    right_edge = -math.inf
    for tick_x, label in ticks:
        width = len(label) * LETTER_WIDTH
        anchor = "start" if tick_x < LEFT + 20 else "end" if tick_x > WIDTH - RIGHT - 20 else "middle"
        left = tick_x - {"start": 0, "middle": width / 2, "end": width}[anchor]
        if left < right_edge + LABEL_GAP:
            continue
        placed.append((tick_x, label, anchor))
        right_edge = left + width
    return placed


def _marker(shape: str, x: float, y: float, label: str, data_x: str, data_y: str) -> str:
    """One point's marker; its colour comes from the series' group around it (`_series_marks`)."""
    attrs = f'class="point" data-x={quoteattr(data_x)} data-y={quoteattr(data_y)}'
    title = f"<title>{escape(label)}</title>"
    if shape == "square":
        return f'<rect {attrs} x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8">{title}</rect>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon {attrs} points="{pts}">{title}</polygon>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon {attrs} points="{pts}">{title}</polygon>'
    return f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="4.5">{title}</circle>'


def _series_marks(colour: str, marks: Sequence[str]) -> str:
    # Shared presentation attributes sit once on a group (SVG inherits them): a chart of a long
    # history has a hundred markers, and the page is sent whole on every visit.
    return f'<g fill="{colour}" stroke="#ffffff">{"".join(marks)}</g>'


# Markers of different series at the same spot (a daily check-in of 4 and an after-session 4 on the
# same day) are set side by side this far apart, so the one drawn last never hides the other.
SIDE_STEP = 7.0


def _spot(x: float, y: float) -> tuple[int, int]:
    return round(x), round(y)


def _shared_spots(
    marked: Sequence[Sequence[Point]], sx: Callable[[float], float], sy: Callable[[float], float]
) -> dict[tuple[int, int], list[int]]:
    """Which series have a marker at each drawn spot."""
    spots: dict[tuple[int, int], list[int]] = {}
    for i, points in enumerate(marked):
        for p in points:
            spots.setdefault(_spot(sx(_x_number(p.x)), sy(p.y)), []).append(i)
    return spots


def _side_step(spots: dict[tuple[int, int], list[int]], series: int, x: float, y: float) -> float:
    """How far to move this series' marker sideways: 0 when alone, else spread evenly around the spot."""
    sharing = spots.get(_spot(x, y), [series])
    if len(sharing) < 2:
        return 0.0
    return (sharing.index(series) - (len(sharing) - 1) / 2) * SIDE_STEP


def line_chart(
    *,
    title: str,
    description: str,
    series: Sequence[Series],
    y_min: float,
    y_max: float | None = None,
    y_label: str,
    x_label: str = "",
    empty_text: str = "",
    x_range: tuple[int, int] | None = None,
) -> Chart:
    """A line chart with points and labelled axes, one line per series, legend above the plot."""
    chart_id = f"chart-{next(_ids)}"
    drawn = [s for s in series if s.points]
    all_points = [p for s in drawn for p in s.points]
    columns = (x_label or "", *(s.name for s in drawn))
    if not all_points:
        # Nothing to draw: the template shows `empty_text` as a sentence instead of a blank frame.
        return Chart(
            svg=mark_safe(""),
            legend=mark_safe(""),
            title=title,
            columns=columns,
            rows=(),
            empty=True,
            series=tuple(series),
            empty_text=empty_text,
        )

    top_max = max(p.y for p in all_points)
    y_hi = y_max if y_max is not None else max(y_min + 1, top_max)
    if y_max is None:
        step = _nice_step(y_hi - y_min, 5)
        y_hi = y_min + math.ceil((y_hi - y_min) / step) * step
    xs = [_x_number(p.x) for p in all_points]
    x_min, x_max = min(xs), max(xs)
    if x_range is not None:
        # A fixed axis (weeks 0–12) shows where the person is in the program, even with one point.
        x_min, x_max = min(x_min, x_range[0]), max(x_max, x_range[1])

    top = TOP_GAP
    height = top + PLOT_HEIGHT + BOTTOM
    plot_w = WIDTH - LEFT - RIGHT

    def sx(value: float) -> float:
        if x_max == x_min:
            return LEFT + plot_w / 2
        return LEFT + (value - x_min) / (x_max - x_min) * plot_w

    def sy(value: float) -> float:
        clamped = min(max(value, y_min), y_hi)
        return top + PLOT_HEIGHT - (clamped - y_min) / (y_hi - y_min) * PLOT_HEIGHT

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    # Grid lines, axis lines and labels, each kind in a group carrying its shared look (SVG inherits it).
    grid: list[str] = []
    axis: list[str] = []
    labels: list[str] = []
    for tick in _y_ticks(y_min, y_hi):
        y = sy(tick)
        grid.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        labels.append(f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{_fmt_y(tick)}</text>')
    labels.append(
        f'<text x="12" y="{top + PLOT_HEIGHT / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + PLOT_HEIGHT / 2:.1f})">{escape(y_label)}</text>'
    )
    base = top + PLOT_HEIGHT
    axis.append(f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke-width="1.2"/>')
    x_values = [p.x for p in all_points]
    x_ticks = [
        (sx(_x_number(t)), _fmt_x_tick(t) if isinstance(t, datetime.date) else str(t))
        for t in _x_ticks(x_values, x_min, x_max)
    ]
    for tick_x, _label in x_ticks:
        axis.append(f'<line x1="{tick_x:.1f}" y1="{base}" x2="{tick_x:.1f}" y2="{base + 5}"/>')
    for tick_x, label, anchor in _x_labels(x_ticks):
        labels.append(f'<text x="{tick_x:.1f}" y="{base + 20}" text-anchor="{anchor}">{escape(label)}</text>')
    if x_label:
        labels.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{base + 40}" text-anchor="middle">{escape(x_label)}</text>'
        )
    parts.append(f'<g stroke="{GRID_COLOUR}" stroke-width="1">{"".join(grid)}</g>')
    parts.append(f'<g stroke="{INK_COLOUR}">{"".join(axis)}</g>')
    parts.append(f'<g font-size="{FONT}" fill="{INK_COLOUR}">{"".join(labels)}</g>')

    # All the lines first, then every point on top, so no line hides a point and each has a tooltip.
    marked_by_series = []
    for i, s in enumerate(drawn):
        colour = PALETTE[i % len(PALETTE)]
        ordered = sorted(s.points, key=lambda p: _x_number(p.x))
        coords = " ".join(f"{sx(_x_number(p.x)):.1f},{sy(p.y):.1f}" for p in ordered)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        if len(ordered) > 1:
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-linejoin="round" stroke-linecap="round"{dash}/>'
            )
        marked_by_series.append(ordered if len(ordered) <= MAX_MARKED_POINTS else ordered[-1:])
    sharing = _shared_spots(marked_by_series, sx, sy)
    for i, (s, marked) in enumerate(zip(drawn, marked_by_series, strict=True)):
        marks = []
        for p in marked:
            x, y = sx(_x_number(p.x)), sy(p.y)
            x += _side_step(sharing, i, x, y)
            data_x = p.x.isoformat() if isinstance(p.x, datetime.date) else str(p.x)
            label = f"{s.name}, {_fmt_x(p.x, x_label)}: {_fmt_y(p.y)}"
            marks.append(_marker(MARKERS[i % len(MARKERS)], x, y, label, data_x, _fmt_y(p.y)))
        parts.append(_series_marks(PALETTE[i % len(PALETTE)], marks))
    parts.append("</svg>")

    by_x: dict[XValue, list[str]] = {}
    for i, s in enumerate(drawn):
        for p in s.points:
            by_x.setdefault(p.x, [""] * len(drawn))[i] = _fmt_y(p.y)
    rows = tuple(
        (_fmt_x(x, x_label), *values)
        for x, values in sorted(by_x.items(), key=lambda kv: _x_number(kv[0]), reverse=True)
    )
    return Chart(
        svg=mark_safe("".join(parts)),
        legend=_legend(drawn),
        title=title,
        columns=columns,
        rows=rows,
        series=tuple(drawn),
    )


def _legend(drawn: Sequence[Series]) -> SafeString:
    """A list of the series, each with its line and marker drawn small, as in the chart."""
    items = []
    for i, s in enumerate(drawn):
        colour = PALETTE[i % len(PALETTE)]
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        mark = _marker(MARKERS[i % len(MARKERS)], 14, 8, "", "", "").replace(
            'class="point"', 'class="legend-mark"'
        )
        mark = _series_marks(colour, [mark.replace("<title></title>", "")])
        items.append(
            f'<li><svg width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">'
            f'<line x1="1" y1="8" x2="27" y2="8" stroke="{colour}" stroke-width="2.5"{dash}/>{mark}</svg> '
            f"{escape(s.name)}</li>"
        )
    return mark_safe(f'<ul class="chart-legend">{"".join(items)}</ul>') if len(items) > 1 else mark_safe("")
