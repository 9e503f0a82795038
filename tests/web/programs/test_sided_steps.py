"""A one-sided trigger-point item shows the steps for that side only: "(left side)" never starts on the right."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from backwell.engine.knowledge import load
from backwell.web.programs.exercises import OTHER_SIDE_STEP, SIDE_WORD, steps_for_side
from backwell.web.programs.selectors import program_days
from tests.web.programs.conftest import start_program

SIDED_RELEASES = sorted(e.slug for e in load().exercises.values() if e.kind == "trigger_point" and e.sided)


def _first_side(steps: list[str]) -> str | None:
    return next((m.group(1).lower() for step in steps if (m := SIDE_WORD.search(step))), None)


@pytest.mark.parametrize("slug", SIDED_RELEASES)
def test_a_release_is_written_one_side_first_then_the_other(slug: str) -> None:
    steps = list(load().exercises[slug].steps)
    assert [bool(OTHER_SIDE_STEP.search(s)) for s in steps].count(True) == 1, slug
    assert OTHER_SIDE_STEP.search(steps[-1]), slug


@pytest.mark.parametrize("slug", SIDED_RELEASES)
@pytest.mark.parametrize("side", ["left", "right"])
def test_a_release_for_one_side_starts_and_stays_on_that_side(slug: str, side: str) -> None:
    steps = list(load().exercises[slug].steps)
    shown = steps_for_side(steps, kind="trigger_point", side=side)
    assert len(shown) == len(steps) - 1
    assert not any(OTHER_SIDE_STEP.search(s) for s in shown)
    assert _first_side(shown) in (side, None), shown


def test_a_release_for_both_sides_and_other_kinds_keep_every_step() -> None:
    steps = list(load().exercises["tp_piriformis"].steps)
    assert steps_for_side(steps, kind="trigger_point", side="both") == steps
    assert steps_for_side(steps, kind="stretch", side="left") == steps


@pytest.mark.django_db
def test_the_session_player_shows_a_left_release_on_the_left(client: Client) -> None:
    program = start_program()
    plan = program.plan
    day = next(d for d in plan["program"]["days"] if d["items"])
    day["items"][0] = {
        **day["items"][0],
        "exercise": "tp_piriformis",
        "kind": "trigger_point",
        "side": "left",
    }
    day["items"][0]["name"] = load().exercises["tp_piriformis"].name
    program.save(update_fields=["plan"])
    client.force_login(program.user)
    html = client.get(f"/program/session/{day['week']}/{day['day']}/").content.decode()
    step = html[html.index('id="step-0"') : html.index('id="step-1"') if 'id="step-1"' in html else None]
    assert "(left side)" in re.sub(r"<[^>]+>", "", step)
    assert "under the middle of your left buttock" in step
    assert "Cross your left ankle over your right knee" in step
    assert "right buttock" not in step and "Swap sides" not in step
    assert program_days(program)  # the edited plan is still a valid program
