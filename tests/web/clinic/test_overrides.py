"""A clinician's program overrides: safety-checked, recorded, shown to the person, and steering
weekly adaptation (locks, approval with a diff)."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backwell.web.clinic import plan_edits, services
from backwell.web.clinic.models import ClinicianLink, PendingAdaptation
from backwell.web.programs.models import Program, ProgramChange
from backwell.web.tracking.selectors import person_stamp
from tests.web.clinic.world import World

# Raw SQL (the worklist stamp and access log insert), row locks and constraints: run on PostgreSQL too.
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _program(w: World) -> Program:
    return Program.objects.filter(user=w.person).latest("created_at")


def _link(w: World) -> ClinicianLink:
    return ClinicianLink.objects.get(person=w.person, clinician=w.with_consent)


def _with_condition(w: World, condition: str) -> Program:
    program = _program(w)
    program.inputs["profile"]["conditions"] = [condition]
    program.save(update_fields=["inputs"])
    return program


def _planned(program: Program) -> list[str]:
    program.refresh_from_db()
    week = services.current_week(program, timezone.localdate())
    return plan_edits.planned_slugs(program.plan["program"], week)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_contraindicated_exercise_is_refused_without_an_acknowledged_reason(world: World) -> None:
    program = _with_condition(world, "joint_replacement_hip")
    client = _client(world.with_consent)
    url = reverse("clinic:override", args=[world.person.pk])
    data = {"action": "add", "exercise": "clamshell", "reason": "Strengthen the hip abductors"}

    refused = client.post(url, data)

    assert refused.status_code == 400
    assert "not advised with" in refused.content.decode()
    assert "clamshell" not in _planned(program)

    client.post(url, {**data, "acknowledge": "on"})
    assert "clamshell" in _planned(program)
    change = ProgramChange.objects.filter(program=program, kind="clinician").latest("id")
    assert change.changes[0]["why"] == "Strengthen the hip abductors"
    assert change.changes[0]["by"] == str(world.with_consent)
    assert any("not advised" in problem for problem in change.changes[0]["overrode"])


def test_the_person_sees_the_change_who_made_it_and_why_and_their_cached_page_is_redrawn(
    world: World,
) -> None:
    program = _program(world)
    slug = _planned(program)[0]
    person = _client(world.person)
    before = person.get(reverse("programs:overview"))
    stamp = person_stamp(user=world.person).cache_stamp

    _client(world.with_consent).post(
        reverse("clinic:override", args=[world.person.pk]),
        {"action": "remove", "exercise": slug, "reason": "Gives you pins and needles: we try another later"},
    )

    assert slug not in _planned(program)
    assert person_stamp(user=world.person).cache_stamp != stamp
    after = person.get(reverse("programs:overview")).content.decode()
    assert "Gives you pins and needles: we try another later" in after
    assert str(world.with_consent) in after
    assert before.content.decode() != after


def test_overrides_need_the_program_consent_and_a_reason(world: World) -> None:
    slug = _planned(_program(world))[0]
    url = reverse("clinic:override", args=[world.person.pk])
    without = _client(world.without).post(url, {"action": "remove", "exercise": slug, "reason": "x"})
    assert without.status_code == 404
    no_reason = _client(world.with_consent).post(url, {"action": "remove", "exercise": slug, "reason": " "})
    assert no_reason.status_code == 400
    assert slug in _planned(_program(world))


def test_a_dose_change_rewrites_every_later_day_and_the_session_minutes(world: World) -> None:
    program = _program(world)
    slug = next(
        s for s in _planned(program) if "reps" in str(plan_edits.item_of(program.plan["program"], s, 1))
    )
    services.program_override(
        link=_link(world),
        action="dose",
        exercise=slug,
        dose=services.Dose(sets=4, reps=12),
        reason="Ready for more",
        today=timezone.localdate(),
    )
    program.refresh_from_db()
    week = services.current_week(program, timezone.localdate())
    for day in program.plan["program"]["days"]:
        for item in day["items"]:
            if item["exercise"] == slug and day["week"] >= week:
                assert (item["dose"]["sets"], item["dose"]["reps"]) == (4, 12)
        assert day["minutes"] == pytest.approx(sum(i["minutes"] for i in day["items"]), abs=0.01)


def test_a_locked_exercise_survives_the_weekly_adaptation(world: World) -> None:
    program = _program(world)
    slug = _planned(program)[0]
    services.item_lock(link=_link(world), exercise=slug, locked=True, today=timezone.localdate())
    proposed = copy.deepcopy(program.plan["program"])
    plan_edits.remove(proposed, slug=slug, from_week=1)
    raw = [{"change": "drop", "exercise": slug, "reason": "it hurt"}]

    steered, lines = services.adaptation_steer(
        program=program, week=1, proposed=proposed, raw=raw, described=[{"what": "dropped", "why": "it hurt"}]
    )

    assert steered is not None
    assert slug in plan_edits.planned_slugs(steered, 2)
    assert [line["what"] for line in lines] == [
        f"{plan_edits.item_of(steered, slug, 2)['name']} stays as it is"
    ]


def test_held_adaptation_waits_then_is_approved_in_part(world: World) -> None:
    program = _program(world)
    link = _link(world)
    services.adaptation_mode_set(link=link, mode="approve", today=timezone.localdate())
    first, second = _planned(program)[:2]
    proposed = copy.deepcopy(program.plan["program"])
    plan_edits.remove(proposed, slug=first, from_week=3)
    plan_edits.remove(proposed, slug=second, from_week=3)
    raw = [{"change": "drop", "exercise": first}, {"change": "drop", "exercise": second}]
    described = [{"what": "first out", "why": "a"}, {"what": "second out", "why": "b"}]

    steered, lines = services.adaptation_steer(
        program=program, week=2, proposed=proposed, raw=raw, described=described
    )
    assert steered is None and lines[0]["what"] == "Waiting for your clinician"
    page = _client(world.with_consent).get(reverse("clinic:person", args=[world.person.pk])).content.decode()
    assert "adaptation waits for you" in page and "(left out)" in page

    pending = PendingAdaptation.objects.get(program=program)
    response = _client(world.with_consent).post(
        reverse("clinic:decide", args=[world.person.pk]),
        {"pending": pending.pk, "decision": "edited", "keep": [first], "reason": "Keep the second for now"},
    )
    assert response.status_code == 302
    remaining = _planned(program)
    assert first not in remaining and second in remaining
    change = ProgramChange.objects.filter(program=program, kind="clinician").latest("id")
    assert [c["what"] for c in change.changes] == ["first out"]


def test_rejecting_needs_a_reason_and_leaves_the_program(world: World) -> None:
    program = _program(world)
    link = _link(world)
    services.adaptation_mode_set(link=link, mode="approve", today=timezone.localdate())
    before = copy.deepcopy(program.plan["program"])
    slug = _planned(program)[0]
    proposed = copy.deepcopy(before)
    plan_edits.remove(proposed, slug=slug, from_week=3)
    services.adaptation_steer(
        program=program,
        week=2,
        proposed=proposed,
        raw=[{"change": "drop", "exercise": slug}],
        described=[{"what": "x", "why": "y"}],
    )
    pending = PendingAdaptation.objects.get(program=program)
    url = reverse("clinic:decide", args=[world.person.pk])
    assert (
        _client(world.with_consent).post(url, {"pending": pending.pk, "decision": "rejected"}).status_code
        == 400
    )
    _client(world.with_consent).post(
        url, {"pending": pending.pk, "decision": "rejected", "reason": "Not yet"}
    )
    program.refresh_from_db()
    assert program.plan["program"] == before
    pending.refresh_from_db()
    assert pending.decision == "rejected"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "swap", "exercise": "dead_bug", "reason": "r"},  # no replacement
        {"action": "dose", "exercise": "dead_bug", "reason": "r", "sets": "0"},
        {"action": "explode", "exercise": "dead_bug", "reason": "r"},
        {"action": "add", "exercise": "../../etc", "reason": "r"},
        {"action": "remove", "exercise": "dead_bug", "reason": "r" * 600},
    ],
)
def test_bad_override_input_is_a_clear_400(world: World, data: dict[str, str]) -> None:
    response = _client(world.with_consent).post(reverse("clinic:override", args=[world.person.pk]), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
