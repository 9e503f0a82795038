"""The SVG line charts: readable structure, accessible names, escaped text and a table of the same numbers."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from backwell.web.tracking import plots

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own chart output, not untrusted XML


def _chart(name: str = "Pain", points: int = 3) -> plots.Chart:
    start = datetime.date(2026, 11, 2)
    series = plots.Series(
        name, tuple(plots.Point(start + datetime.timedelta(days=n), 5 - n) for n in range(points))
    )
    return plots.line_chart(
        title="Pain over time",
        description="Lower is better.",
        series=[series],
        y_min=0,
        y_max=10,
        y_label="Pain",
    )


def test_a_chart_scales_to_its_box_and_names_itself_for_screen_readers() -> None:
    root = _parse(str(_chart().svg))
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 360 ")
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert (
        root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}title").text == "Pain over time"
    )
    assert root.find(f"{SVG}desc").get("id") == desc_id


def test_every_point_is_drawn_with_its_value_and_the_axes_are_labelled() -> None:
    root = _parse(str(_chart().svg))
    points = [p for p in root.iter() if p.get("class") == "point"]
    assert [(p.get("data-x"), p.get("data-y")) for p in points] == [
        ("2026-11-02", "5"),
        ("2026-11-03", "4"),
        ("2026-11-04", "3"),
    ]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"0", "10", "Pain"} <= set(labels)
    # Axis ticks: the site's one date format, the year left off where it does not change.
    assert "2 November" in labels


def test_the_table_holds_the_same_numbers_newest_first() -> None:
    chart = _chart()
    assert chart.rows == (("4 November 2026", "3"), ("3 November 2026", "4"), ("2 November 2026", "5"))
    assert "<td>3</td>" in str(chart.table())


def test_hostile_names_are_escaped_in_the_drawing_legend_and_table() -> None:
    chart = plots.line_chart(
        title="t",
        description="d",
        series=[
            plots.Series("<script>x</script>", (plots.Point(1, 2),)),
            plots.Series("b&b", (plots.Point(2, 3),)),
        ],
        y_min=0,
        y_label="y",
        x_label="Week",
    )
    for html in (str(chart.svg), str(chart.legend), str(chart.table())):
        assert "<script>" not in html
    assert "&lt;script&gt;" in str(chart.legend) and "b&amp;b" in str(chart.table())
    _parse(str(chart.svg))  # still well-formed XML


def test_long_histories_keep_the_line_but_mark_only_the_newest_point() -> None:
    root = _parse(str(_chart(points=200).svg))
    assert len([p for p in root.iter() if p.get("class") == "point"]) == 1
    assert root.find(f"{SVG}polyline") is not None


def test_a_chart_without_data_says_so_instead_of_drawing_an_empty_frame() -> None:
    chart = plots.line_chart(
        title="t",
        description="d",
        series=[plots.Series("a", ())],
        y_min=0,
        y_label="y",
        empty_text="Nothing yet.",
    )
    assert chart.empty and chart.empty_text == "Nothing yet." and str(chart.svg) == ""


def test_equal_points_of_two_series_on_one_day_are_set_side_by_side_not_on_top() -> None:
    import re

    day = datetime.date(2026, 3, 2)
    chart = plots.line_chart(
        title="Pain",
        description="d",
        series=[
            plots.Series(
                "Daily check-in", (plots.Point(day, 4), plots.Point(day + datetime.timedelta(days=1), 5))
            ),
            plots.Series("After a session", (plots.Point(day, 4),), dashed=True),
        ],
        y_min=0,
        y_max=10,
        y_label="Pain",
    )
    marks = re.findall(r'<(circle|rect|polygon) class="point" data-x="2026-03-02"[^>]*>', str(chart.svg))
    assert len(marks) == 2
    circle = re.search(r'<circle class="point" data-x="2026-03-02"[^>]*cx="([\d.]+)"', str(chart.svg))
    square = re.search(
        r'<rect class="point" data-x="2026-03-02"[^>]*x="([\d.]+)"[^>]*width="8"', str(chart.svg)
    )
    assert circle and square
    # the square's centre is its x + 4; the two centres are apart by more than a marker's radius
    assert abs((float(square.group(1)) + 4) - float(circle.group(1))) >= 6
    # a lone point stays exactly on its line's spot
    assert 'data-x="2026-03-03"' in str(chart.svg)
    assert "Daily check-in" in str(chart.legend) and "After a session" in str(chart.legend)


def test_date_labels_that_would_run_into_each_other_are_left_out_but_their_ticks_stay() -> None:
    start = datetime.date(2026, 10, 11)
    days = [start + datetime.timedelta(days=n) for n in range(0, 57)]
    chart = plots.line_chart(
        title="Pain",
        description="d",
        series=[plots.Series("Daily check-in", tuple(plots.Point(d, 3) for d in days))],
        y_min=0,
        y_max=10,
        y_label="Pain",
    )
    root = _parse(str(chart.svg))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("y") == "232"]
    ticks = [line for line in root.iter(f"{SVG}line") if line.get("y2") == "217"]
    # Five ticks two weeks apart; "25 October" and "22 November" would overlap their neighbours.
    assert len(ticks) == 5
    assert labels == ["11 October", "8 November", "6 December"]


def test_short_labels_are_all_kept() -> None:
    placed = plots._x_labels([(38.0, "0"), (100.0, "4"), (200.0, "8"), (346.0, "12")])
    assert [label for _x, label, _anchor in placed] == ["0", "4", "8", "12"]
    assert [anchor for _x, _label, anchor in placed] == ["start", "middle", "middle", "end"]
