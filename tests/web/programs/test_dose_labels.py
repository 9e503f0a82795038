"""Doses read as a person says them: minutes for walks and long holds, never "1×300s"."""

from __future__ import annotations

import pytest

from backwell.web.programs.templatetags.program_labels import dose_label


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        ({"kind": "aerobic", "dose": {"sets": 1, "hold_s": 300}}, "5 min walk"),
        ({"kind": "aerobic", "dose": {"sets": 1, "hold_s": 600}}, "10 min walk"),
        ({"kind": "strength", "dose": {"sets": 2, "reps": 10}}, "2 × 10 reps"),
        ({"kind": "strength", "dose": {"sets": 3, "reps": 6, "hold_s": 8}}, "3 × 6 reps, hold each 8 s"),
        ({"kind": "mobility", "dose": {"sets": 1, "reps": 10, "hold_s": 5}}, "10 reps, hold each 5 s"),
        ({"kind": "stretch", "side": "both", "dose": {"sets": 2, "hold_s": 30}}, "2 × 30 s each side"),
        (
            {"kind": "mobility", "side": "both", "dose": {"sets": 2, "reps": 6, "hold_s": 3}},
            "2 × 6 reps each side, hold each 3 s",
        ),
        ({"kind": "stretch", "side": "left", "dose": {"sets": 2, "hold_s": 30}}, "2 × 30 s"),
        ({"kind": "strength", "side": None, "dose": {"sets": 2, "reps": 10}}, "2 × 10 reps"),
        ({"kind": "stretch", "dose": {"sets": 3, "hold_s": 30}}, "3 × 30 s"),
        ({"kind": "inversion", "dose": {"sets": 6, "hold_s": 120}}, "6 × 2 min"),
        ({"kind": "relaxation", "dose": {"sets": 1, "hold_s": 90}}, "1.5 min"),
        ({"kind": "education", "dose": {}}, ""),
    ],
)
def test_dose_label(item: dict, shown: str) -> None:
    assert dose_label(item) == shown


@pytest.mark.django_db
def test_the_print_view_shows_walks_in_minutes(client) -> None:
    from tests.web.programs.conftest import start_program

    program = start_program()
    client.force_login(program.user)
    html = client.get("/program/print/").content.decode()
    assert "300s" not in html and "×300" not in html
    assert "min walk" in html


@pytest.mark.django_db
def test_the_session_player_shows_long_holds_in_minutes(client) -> None:
    from backwell.web.programs.selectors import program_days
    from tests.web.programs.conftest import start_program

    program = start_program()
    client.force_login(program.user)
    long_hold = next(
        (day, item)
        for day in program_days(program)
        for item in day["items"]
        if (item.get("dose") or {}).get("hold_s", 0) >= 60
    )
    day, item = long_hold
    html = client.get(f"/program/session/{day['week']}/{day['day']}/").content.decode()
    assert "second hold" not in html
    assert dose_label(item) in html and "min" in dose_label(item)
