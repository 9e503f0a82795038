"""The program pages over HTTP: who may see what, bad input, and pages that stay cheap as history grows."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.programs import selectors, services
from backwell.web.programs.models import ItemLog, Program, SessionLog
from tests.web.factories import AssessmentFactory, UserFactory
from tests.web.programs.conftest import start_program

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = [
    ("programs:overview", {}),
    ("programs:print", {}),
    ("programs:day", {"week": 1, "day": 1}),
    ("programs:session", {"week": 1, "day": 1}),
    ("programs:swap", {"week": 1, "day": 1, "index": 0}),
]


@pytest.mark.parametrize(("name", "kwargs"), PRIVATE_PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client: Client, name: str, kwargs: dict) -> None:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ["programs:log_item", "programs:log_pain"])
def test_anonymous_visitor_cannot_post_logs(client: Client, name: str) -> None:
    response = client.post(reverse(name, kwargs={"week": 1, "day": 1}), {"index": 0})
    assert response.status_code == 302
    assert not ItemLog.objects.exists()


@pytest.mark.parametrize(("name", "kwargs"), PRIVATE_PAGES)
def test_owner_sees_their_program_pages(client: Client, program: Program, name: str, kwargs: dict) -> None:
    client.force_login(program.user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PRIVATE_PAGES[1:])
def test_person_without_a_program_gets_not_found(client: Client, name: str, kwargs: dict) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


def test_another_person_never_sees_my_program(client: Client, program: Program) -> None:
    other = start_program()
    services.session_pain_record(program=program, week=1, day=1, before=7)
    client.force_login(other.user)
    page = client.get(reverse("programs:session", kwargs={"week": 1, "day": 1}))
    assert json.loads(page.context["state"] and json.dumps(page.context["state"]))["painBefore"] is None


def test_another_person_cannot_reuse_my_log_id_to_touch_my_session(client: Client, program: Program) -> None:
    client_id = uuid.uuid4()
    services.item_log_record(program=program, week=1, day=1, index=0, outcome="done", client_id=client_id)
    other = start_program()
    client.force_login(other.user)
    response = client.post(
        reverse("programs:log_item", kwargs={"week": 1, "day": 1}),
        {"index": 0, "outcome": "hurt", "client_id": str(client_id)},
    )
    assert response.status_code == 409
    assert ItemLog.objects.get(client_id=client_id).outcome == "done"
    assert not SessionLog.objects.filter(program=other).exists()


def test_overview_offers_to_start_once_the_assessment_is_done(client: Client) -> None:
    assessment = AssessmentFactory(completed=True)
    client.force_login(assessment.user)
    page = client.get(reverse("programs:overview"))
    assert b"Start my program today" in page.content
    response = client.post(reverse("programs:start"))
    assert response.status_code == 302
    page = client.get(reverse("programs:overview"))
    assert b"Today&#x27;s session" in page.content or b"Today's session" in page.content


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"index": 0, "outcome": "done"}, "This field is required"),
        ({"index": 0, "outcome": "done", "client_id": "<script>"}, "not valid"),
        ({"index": "one", "outcome": "done", "client_id": str(uuid.uuid4())}, "whole number"),
        ({"index": 0, "outcome": "exploded", "client_id": str(uuid.uuid4())}, "valid choice"),
        ({"index": 500, "outcome": "done", "client_id": str(uuid.uuid4())}, "less than or equal"),
    ],
)
def test_bad_item_logs_get_a_clear_message_and_save_nothing(
    client: Client, program: Program, body: dict, message: str
) -> None:
    client.force_login(program.user)
    response = client.post(
        reverse("programs:log_item", kwargs={"week": 1, "day": 1}),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ItemLog.objects.exists()


def test_malformed_json_is_refused_plainly(client: Client, program: Program) -> None:
    client.force_login(program.user)
    response = client.post(
        reverse("programs:log_item", kwargs={"week": 1, "day": 1}),
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "The data sent is not valid JSON (Expecting property name enclosed in double quotes, "
        "line 1 column 2).",
    }


def test_pain_form_without_js_saves_and_explains_bad_values(client: Client, program: Program) -> None:
    client.force_login(program.user)
    url = reverse("programs:log_pain", kwargs={"week": 1, "day": 1})
    response = client.post(url, {"before": "12"}, follow=True)
    assert "less than or equal to 10" in response.content.decode()
    assert not SessionLog.objects.exists()
    client.post(url, {"before": "4"})
    assert SessionLog.objects.get(program=program).pain_before == 4


def test_swap_page_lists_alternatives_and_rejects_a_forged_choice(client: Client, program: Program) -> None:
    client.force_login(program.user)
    url = reverse("programs:swap", kwargs={"week": 1, "day": 1, "index": 0})
    page = client.get(url)
    assert page.status_code == 200
    before = Program.objects.get(pk=program.pk).plan
    response = client.post(url, {"replacement": "not_an_exercise"})
    assert response.status_code == 200
    assert "valid choice" in response.content.decode()
    assert Program.objects.get(pk=program.pk).plan == before
    assert client.get(reverse("programs:swap", kwargs={"week": 1, "day": 1, "index": 99})).status_code == 404


def test_exercise_pictures_are_svg_and_unknown_ones_are_not_found(client: Client) -> None:
    response = client.get(reverse("programs:exercise_picture", args=["glute_bridge"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content
    animated = client.get(reverse("programs:exercise_picture", args=["glute_bridge"]) + "?animated=1")
    assert b"animate" in animated.content
    assert client.get(reverse("programs:exercise_picture", args=["no_such_thing"])).status_code == 404
    assert client.get(reverse("programs:exercise", args=["no_such_thing"])).status_code == 404


def test_exercise_page_shows_steps_and_evidence(client: Client) -> None:
    page = client.get(reverse("programs:exercise", args=["glute_bridge"]))
    assert page.status_code == 200
    assert b"Steps" in page.content and b"Evidence" in page.content


def _history(program: Program, weeks: int) -> None:
    days = [d for d in selectors.program_days(program) if d["week"] <= weeks]
    sessions = SessionLog.objects.bulk_create(
        SessionLog(program=program, week=d["week"], day=d["day"], date=datetime.date.fromisoformat(d["date"]))
        for d in days
    )
    ItemLog.objects.bulk_create(
        ItemLog(session=s, index=0, exercise="glute_bridge", outcome="done", client_id=uuid.uuid4())
        for s in sessions
    )


@pytest.mark.parametrize("name", ["programs:session", "programs:overview", "programs:day"])
def test_pages_make_as_many_queries_for_twelve_weeks_as_for_one(
    client: Client, django_assert_num_queries, name: str
) -> None:
    short, long = start_program(), start_program()
    _history(short, 1)
    _history(long, 12)
    kwargs = {} if name == "programs:overview" else {"week": 1, "day": 1}
    counts = []
    for program in (short, long):
        client.force_login(program.user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_overview_explains_adaptations_including_a_week_without_changes(
    client: Client, program: Program
) -> None:
    from backwell.web.programs.models import ProgramChange

    ProgramChange.objects.create(program=program, kind="adaptation", week=1, changes=[])
    ProgramChange.objects.create(
        program=program,
        kind="adaptation",
        week=2,
        changes=[
            {"what": "Bridge steps up to Bridge with march", "why": "It was easy and painless for two weeks."}
        ],
    )
    client.force_login(program.user)
    page = client.get(reverse("programs:overview")).content.decode()
    assert "the week went as planned" in page
    assert "Bridge steps up to Bridge with march" in page and "easy and painless" in page
