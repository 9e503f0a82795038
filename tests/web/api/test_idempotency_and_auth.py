"""Auth, scopes, rate limits, problem documents and safe retries, as an app and a browser see them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from backwell.web.api.models import IdempotentRequest
from backwell.web.core import dates
from backwell.web.programs.models import ItemLog, SessionLog
from backwell.web.tracking.models import DailyCheckIn
from tests.web.api.world import app_token, person_with_history

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_export_with_a_token_is_the_persons_data() -> None:
    me = person_with_history()
    response = Client().get("/api/v1/account/export", **_bearer(me.token))
    assert response.status_code == 200, response.content[:2000]
    assert response.json()["account"]["email"] == me.user.email


def test_a_retried_daily_check_in_with_the_same_key_is_answered_again_and_saved_once() -> None:
    me = person_with_history()
    client = Client()
    send = {"path": "/api/v1/checkins/daily", "content_type": "application/json", **_bearer(me.token)}
    first = client.post(data={"pain": 4, "note": "after the drive"}, HTTP_IDEMPOTENCY_KEY="k-1", **send)
    # The person then changes today's pain on another device; the offline client's retry of its
    # old post must not overwrite that.
    client.post(data={"pain": 6}, HTTP_IDEMPOTENCY_KEY="k-2", **send)
    retry = client.post(data={"pain": 4, "note": "after the drive"}, HTTP_IDEMPOTENCY_KEY="k-1", **send)
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert list(DailyCheckIn.objects.filter(user=me.user).values_list("pain", flat=True)) == [6]
    assert IdempotentRequest.objects.filter(user=me.user).count() == 2


def test_a_key_reused_for_a_different_entry_is_refused_with_a_field_message() -> None:
    me = person_with_history()
    client = Client()
    send = {"path": "/api/v1/checkins/daily", "content_type": "application/json", **_bearer(me.token)}
    client.post(data={"pain": 4}, HTTP_IDEMPOTENCY_KEY="same", **send)
    reused = client.post(data={"pain": 9}, HTTP_IDEMPOTENCY_KEY="same", **send)
    assert reused.status_code == 422
    assert reused["Content-Type"] == "application/problem+json"
    assert reused.json()["errors"][0]["field"] == "Idempotency-Key"
    assert DailyCheckIn.objects.get(user=me.user).pain == 4


def test_an_item_log_retried_offline_is_stored_once() -> None:
    me = person_with_history()
    client = Client()
    body = {"index": 0, "outcome": "done", "client_id": str(uuid.uuid4())}
    for _attempt in range(3):
        response = client.post(
            "/api/v1/sessions/1/1/items",
            data=body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="item-0",
            **_bearer(me.token),
        )
        assert response.status_code == 200
    assert ItemLog.objects.filter(session__program=me.program).count() == 1
    assert SessionLog.objects.get(program=me.program, week=1, day=1).position == 1


def test_a_read_only_token_may_read_but_not_write_and_is_told_which_permission_is_missing() -> None:
    me = person_with_history()
    reader = app_token(me.user, "person:read", name="Reader")
    client = Client()
    assert client.get("/api/v1/me", **_bearer(reader)).json()["email"] == me.user.email
    refused = client.post(
        "/api/v1/checkins/daily", data={"pain": 3}, content_type="application/json", **_bearer(reader)
    )
    assert refused.status_code == 403
    assert "person:write" in refused.json()["detail"]
    assert not DailyCheckIn.objects.filter(user=me.user).exists()


def test_a_bad_value_names_the_field_and_what_to_send() -> None:
    me = person_with_history()
    response = Client().post(
        "/api/v1/checkins/daily",
        data={"pain": 11, "note": "x"},
        content_type="application/json",
        **_bearer(me.token),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "pain", "message": "Give a number at most 10."}]
    broken = Client().post(
        "/api/v1/checkins/daily", data="{pain: 3", content_type="application/json", **_bearer(me.token)
    )
    assert broken.status_code == 400
    assert "not valid JSON" in broken.json()["detail"]


def test_the_browser_session_needs_its_csrf_token_to_write() -> None:
    me = person_with_history()
    client = Client(enforce_csrf_checks=True)
    client.force_login(me.user)
    assert client.get("/api/v1/me").status_code == 200
    forged = client.post("/api/v1/checkins/daily", data={"pain": 3}, content_type="application/json")
    assert forged.status_code == 403
    assert not DailyCheckIn.objects.filter(user=me.user).exists()


def test_calls_beyond_the_rate_limit_of_a_token_are_refused_until_the_minute_ends(settings) -> None:
    settings.API_RATE_LIMIT = (3, 60)
    me = person_with_history()
    client = Client()
    answers = [client.get("/api/v1/me", **_bearer(me.token)).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    # Another app of the same person has its own allowance.
    assert client.get("/api/v1/me", **_bearer(app_token(me.user, name="Other app"))).status_code == 200


def test_the_browser_session_is_not_counted_as_its_pages_are_not(settings) -> None:
    settings.API_RATE_LIMIT = (3, 60)
    me = person_with_history()
    client = Client()
    client.force_login(me.user)
    assert {client.get("/api/v1/me").status_code for _ in range(6)} == {200}
    # The same person's app still has its own limit.
    answers = [client.get("/api/v1/me", **_bearer(me.token)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_docs_page_and_schema_are_served_from_the_site_itself() -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    refusal = schema["paths"]["/api/v1/checkins/daily"]["post"]["responses"]["422"]
    assert list(refusal["content"]) == ["application/problem+json"]
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_a_days_json_is_fresh_after_a_log_and_never_kept_by_a_cache() -> None:
    me = person_with_history()
    client = Client()
    before = client.get("/api/v1/program/days/1/1", **_bearer(me.token))
    assert before.status_code == 200
    assert "no-store" in before["Cache-Control"] and "private" in before["Cache-Control"]
    assert before.json()["done"] == 0
    client.post(
        "/api/v1/sessions/1/1/items",
        data={"index": 0, "outcome": "hurt", "client_id": str(uuid.uuid4())},
        content_type="application/json",
        **_bearer(me.token),
    )
    after = client.get("/api/v1/program/days/1/1", **_bearer(me.token)).json()
    assert after["hurt"] == 1
    assert after["entries"][0]["outcome"] == "hurt"


def test_a_check_in_sent_late_keeps_the_day_it_was_made_within_three_days() -> None:
    me = person_with_history()
    today = timezone.localdate()
    send = {"path": "/api/v1/checkins/daily", "content_type": "application/json", **_bearer(me.token)}
    two_days_ago = (today - datetime.timedelta(days=2)).isoformat()
    late = Client().post(data={"pain": 5, "date": two_days_ago}, **send)
    assert late.status_code == 200, late.content
    assert late.json() == {"date": two_days_ago, "pain": 5}
    assert DailyCheckIn.objects.get(user=me.user, date=today - datetime.timedelta(days=2)).pain == 5


def test_a_device_a_time_zone_ahead_checks_in_for_today() -> None:
    me = person_with_history()
    today = timezone.localdate()
    send = {"path": "/api/v1/checkins/daily", "content_type": "application/json", **_bearer(me.token)}
    ahead = Client().post(data={"pain": 3, "date": (today + datetime.timedelta(days=1)).isoformat()}, **send)
    assert ahead.status_code == 200
    assert ahead.json()["date"] == today.isoformat()


@pytest.mark.parametrize(("offset", "words"), [(-4, "up to 3 days late"), (2, "in the future")])
def test_a_check_in_too_late_or_in_the_future_is_refused_saying_what_to_do(offset: int, words: str) -> None:
    me = person_with_history()
    send = {"path": "/api/v1/checkins/daily", "content_type": "application/json", **_bearer(me.token)}
    day = (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()
    before = DailyCheckIn.objects.filter(user=me.user).count()
    refused = Client().post(data={"pain": 3, "date": day}, **send)
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["errors"][0]["field"] == "date"
    assert words in problem["detail"]
    if offset < 0:  # the day it was for, as the site writes days
        assert dates.day(datetime.date.fromisoformat(day)) in problem["detail"]
    assert DailyCheckIn.objects.filter(user=me.user).count() == before
