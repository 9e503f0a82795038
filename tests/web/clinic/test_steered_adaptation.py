"""A real weekly adaptation (web/tracking/adaptation.py → engine.adapt) as a clinician steers it: an
exercise the clinician locked stays as it is, and in approval mode the week waits for their decision."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.clinic import services
from backwell.web.clinic.models import DataKind, PendingAdaptation
from backwell.web.programs.models import Program, ProgramChange
from backwell.web.programs.selectors import program_days
from backwell.web.tracking import adaptation
from tests.web.clinic.world import clinician, link
from tests.web.tracking.factories import hurt_an_item_that_comes_back_next_week, started_program

# Raw SQL (the worklist stamp and access log insert), row locks and constraints: run on PostgreSQL too.
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]
TODAY = datetime.date(2026, 11, 24)


def _linked_program() -> tuple[Program, Client]:
    """A program one week and a day old, linked to a clinician with every consent, signed in."""
    program = started_program(start_date=TODAY - datetime.timedelta(days=8))
    doctor = clinician(display_name="Dr Steer")
    link(program.user, doctor, tuple(DataKind.values))
    client = Client()
    client.force_login(doctor)
    return program, client


def _week_two(program: Program) -> list[str]:
    program.refresh_from_db()
    return [i["exercise"] for d in program_days(program) if d["week"] == 2 for i in d["items"]]


def _link_of(program: Program):
    return program.user.clinician_links.get()


def test_a_locked_exercise_stays_through_a_real_adaptation_and_the_person_is_told_why() -> None:
    program, client = _linked_program()
    slug = hurt_an_item_that_comes_back_next_week(program)
    services.item_lock(link=_link_of(program), exercise=slug, locked=True, today=TODAY)

    applied = adaptation.apply_due(program=program, today=TODAY)

    assert [c.week for c in applied] == [1]
    # Without the lock the engine takes a hurting item out of week 2 (tests/web/tracking); locked, it stays.
    assert slug in _week_two(program)
    assert any("stays as it is" in line["what"] and "clinician" in line["why"] for line in applied[0].changes)
    assert not any("hurting" in line["why"] for line in applied[0].changes)


def test_approval_mode_holds_a_real_adaptation_until_the_clinician_approves_it() -> None:
    program, client = _linked_program()
    services.adaptation_mode_set(link=_link_of(program), mode="approve", today=TODAY)
    slug = hurt_an_item_that_comes_back_next_week(program)
    before = _week_two(program)

    applied = adaptation.apply_due(program=program, today=TODAY)

    # Held: the program is unchanged, the person reads that it waits, the clinician has it to decide.
    assert [line["what"] for line in applied[0].changes] == ["Waiting for your clinician"]
    assert _week_two(program) == before
    pending = PendingAdaptation.objects.get(program=program)
    assert pending.decision == "pending" and pending.week == 1
    assert any(change.get("exercise") == slug for change in pending.raw_changes)
    # Visiting again does not adapt the week a second time.
    assert adaptation.apply_due(program=program, today=TODAY) == []

    response = client.post(
        reverse("clinic:decide", args=[program.user_id]),
        {"pending": pending.pk, "decision": "approved", "reason": "Fine by me"},
    )
    assert response.status_code == 302
    assert slug not in _week_two(program)
    pending.refresh_from_db()
    assert pending.decision == "approved"
    decided = ProgramChange.objects.filter(program=program, kind="clinician").latest("id")
    assert any("hurting" in line["why"] and "Fine by me" in line["why"] for line in decided.changes)


def test_a_rejected_real_adaptation_leaves_the_program_and_says_why() -> None:
    program, client = _linked_program()
    services.adaptation_mode_set(link=_link_of(program), mode="approve", today=TODAY)
    slug = hurt_an_item_that_comes_back_next_week(program)
    adaptation.apply_due(program=program, today=TODAY)
    pending = PendingAdaptation.objects.get(program=program)

    response = client.post(
        reverse("clinic:decide", args=[program.user_id]),
        {"pending": pending.pk, "decision": "rejected", "reason": "We talked: keep it, gently"},
    )

    assert response.status_code == 302
    assert slug in _week_two(program)
    decided = ProgramChange.objects.filter(program=program, kind="clinician").latest("id")
    assert [(c["what"], c["why"]) for c in decided.changes] == [
        ("Week 1's adaptation is not applied", "We talked: keep it, gently")
    ]
    # The person sees the decision and the reason on their program overview.
    person = Client()
    person.force_login(program.user)
    overview = person.get(reverse("programs:overview")).content.decode()
    assert "We talked: keep it, gently" in overview
