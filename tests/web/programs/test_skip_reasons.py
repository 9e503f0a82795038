"""Why an item was skipped: asked after "Skip", saved online and through the API's queue, in the export."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.programs import services
from backwell.web.programs.export import programs_export
from backwell.web.programs.models import ItemLog, Program
from tests.web.api.world import app_token

pytestmark = pytest.mark.django_db


def _record(program: Program, **fields: Any) -> ItemLog:
    return services.item_log_record(program=program, week=1, day=1, index=0, client_id=uuid.uuid4(), **fields)


def test_a_skip_keeps_its_reason_and_a_later_reason_is_added_to_the_same_item(program: Program) -> None:
    assert _record(program, outcome="skipped", skip_reason="no_time").skip_reason == "no_time"
    # The player's way: the skip goes at once, the reason after it, under a new id.
    services.item_log_record(
        program=program, week=1, day=1, index=1, outcome="skipped", client_id=uuid.uuid4()
    )
    services.item_log_record(
        program=program,
        week=1,
        day=1,
        index=1,
        outcome="skipped",
        skip_reason="unsure",
        client_id=uuid.uuid4(),
    )
    logs = ItemLog.objects.filter(session__program=program).order_by("index")
    assert [(log.index, log.outcome, log.skip_reason) for log in logs] == [
        (0, "skipped", "no_time"),
        (1, "skipped", "unsure"),
    ]


@pytest.mark.parametrize(
    ("outcome", "reason", "message"),
    [
        ("done", "no_time", "only with a skipped item"),
        ("hurt", "too_hard", "only with a skipped item"),
        ("skipped", "it_hurt", "Choose a reason for skipping from: no_time"),
    ],
)
def test_a_reason_that_does_not_fit_is_refused_with_its_field(
    program: Program, outcome: str, reason: str, message: str
) -> None:
    with pytest.raises(services.ItemLogInvalid, match=message) as refused:
        _record(program, outcome=outcome, skip_reason=reason)
    assert refused.value.field == "skip_reason"
    assert not ItemLog.objects.exists()


def test_the_session_page_offers_the_reasons_and_the_log_saves_one(client: Client, program: Program) -> None:
    client.force_login(program.user)
    page = client.get(reverse("programs:session", kwargs={"week": 1, "day": 1})).content.decode()
    assert "What got in the way?" in page
    for label in (
        "No time",
        "Too hard",
        "No equipment or space",
        "Not sure how to do it",
        "Go on without saying",
    ):
        assert label in page
    assert 'data-outcome="skipped" data-ask-reason' in page

    url = reverse("programs:log_item", kwargs={"week": 1, "day": 1})
    body = {"index": 0, "outcome": "skipped", "skip_reason": "no_equipment", "client_id": str(uuid.uuid4())}
    saved = client.post(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["ok"]
    assert ItemLog.objects.get(session__program=program, index=0).skip_reason == "no_equipment"

    wrong = {**body, "index": 1, "outcome": "done", "client_id": str(uuid.uuid4())}
    refused = client.post(url, json.dumps(wrong), content_type="application/json")
    assert refused.status_code == 400
    assert "only with a skipped item" in refused.json()["error"]
    assert not ItemLog.objects.filter(session__program=program, index=1).exists()


def _api_post(program: Program, body: dict[str, Any]) -> Any:
    token = app_token(program.user)
    return Client().post(
        "/api/v1/sessions/1/1/items",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_api_saves_a_reason_and_refuses_a_wrong_one_with_422(program: Program) -> None:
    saved = _api_post(
        program, {"index": 0, "outcome": "skipped", "skip_reason": "too_hard", "client_id": str(uuid.uuid4())}
    )
    assert saved.status_code == 200
    assert ItemLog.objects.get(session__program=program, index=0).skip_reason == "too_hard"

    unknown = _api_post(
        program, {"index": 1, "outcome": "skipped", "skip_reason": "bored", "client_id": str(uuid.uuid4())}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "skip_reason"
    assert "no_time" in unknown.json()["errors"][0]["message"]

    mismatch = _api_post(
        program, {"index": 1, "outcome": "done", "skip_reason": "no_time", "client_id": str(uuid.uuid4())}
    )
    assert mismatch.status_code == 422
    assert mismatch["Content-Type"] == "application/problem+json"
    assert mismatch.json()["errors"] == [
        {
            "field": "skip_reason",
            "message": "A reason for skipping goes only with a skipped item: leave it out, or log the item as skipped.",
        }
    ]
    assert not ItemLog.objects.filter(session__program=program, index=1).exists()


def test_the_schema_documents_the_reasons(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    field = schema["components"]["schemas"]["ItemLogIn"]["properties"]["skip_reason"]
    text = json.dumps(field)
    for value in ItemLog.SkipReason.values:
        assert value in text
    assert "Only with `outcome` `skipped`" in field["description"]


def test_download_my_data_includes_the_reason(program: Program) -> None:
    _record(program, outcome="skipped", skip_reason="other")
    items = programs_export(program.user)[0]["sessions"][0]["items"]
    assert items[0]["outcome"] == "skipped" and items[0]["skip_reason"] == "other"
