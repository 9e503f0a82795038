"""The busiest pages load the signed-in person and their page stamp in one query, without loosening
what signing in checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backwell.web.accounts.models import User
from backwell.web.programs import services
from tests.web.factories import UserFactory
from tests.web.programs.conftest import start_program

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]

SESSION = reverse("programs:session", kwargs={"week": 1, "day": 1})
API_DAY = reverse("api:day_get", kwargs={"week": 1, "day": 1})


@pytest.fixture(autouse=True)
def _no_stored_pages_left_behind() -> Iterator[None]:
    # Ids come round again after each test's rollback, and the cache outlives it: a page stored here
    # would be another test's person's first visit.
    yield
    cache.clear()


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [SESSION, API_DAY])
def test_a_stored_page_costs_one_query_the_person_and_the_stamp_together(url: str) -> None:
    program = start_program()
    client = _signed_in(program.user)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert "accounts_user" in queries[0]["sql"] and "programs_program" in queries[0]["sql"]
    # The stamp that came with the person still sees a change at once.
    services.session_pain_record(program=program, week=1, day=1, before=7)
    page = client.get(url).content.decode()
    assert '"painBefore": 7' in page or '"pain_before":7' in page.replace(" ", "")


def test_without_a_program_the_combined_query_still_says_there_is_none() -> None:
    client = _signed_in(UserFactory())
    assert client.get(SESSION).status_code == 404
    assert client.get(API_DAY).status_code == 404


def test_a_signed_out_or_changed_password_session_is_refused_on_the_combined_pages() -> None:
    program = start_program()
    client = _signed_in(program.user)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(SESSION).status_code == 200
    # The password changed elsewhere: Django's session hash check still runs on the combined load.
    program.user.set_password("a brand new password 42")
    program.user.save()
    response = client.get(SESSION)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(API_DAY).status_code == 401
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get(SESSION).status_code == 302


def test_a_deactivated_person_is_signed_out_on_the_combined_pages() -> None:
    program = start_program()
    client = _signed_in(program.user)
    User.objects.filter(pk=program.user_id).update(is_active=False)
    assert client.get(SESSION).status_code == 302
    assert client.get(API_DAY).status_code == 401


def test_another_persons_stamp_never_comes_with_ones_own_load() -> None:
    mine, theirs = start_program(), start_program()
    services.session_pain_record(program=theirs, week=1, day=1, before=9)
    page = _signed_in(mine.user).get(SESSION).content.decode()
    assert '"painBefore": 9' not in page and '"painBefore": null' in page


def test_the_combined_row_answers_only_the_same_day_and_person_it_was_asked_for() -> None:
    from backwell.web.accounts import backends
    from backwell.web.programs import selectors

    mine, theirs = start_program(), start_program()
    services.session_pain_record(program=mine, week=1, day=1, before=5)
    companion = selectors.session_page_companion({"week": "1", "day": "1"})
    assert companion is not None
    with backends.person_loaded_with(companion):
        assert backends.user_by_pk(mine.user_id) == mine.user
        with CaptureQueriesContext(connection) as queries:
            own = selectors.session_page_stamp(user=mine.user, week=1, day=1)
        assert own is not None and len(queries) == 0  # taken from the person's load
        # Another day, or another person: asked of the database, never answered from this row.
        with CaptureQueriesContext(connection) as queries:
            other_day = selectors.session_page_stamp(user=mine.user, week=1, day=2)
            other_person = selectors.session_page_stamp(user=theirs.user, week=1, day=1)
        assert len(queries) == 2 and other_person is not None
        assert other_person[0] == str(theirs.pk) and other_day != own
