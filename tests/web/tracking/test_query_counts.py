"""The check-in and progress pages make the same number of queries for a week of history as for two years."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backwell.web.accounts.models import User

from .factories import started_program
from .history import add_bulk_history

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _person(*, days: int, program_age_days: int) -> User:
    today = timezone.localdate()
    program = started_program(start_date=today - datetime.timedelta(days=program_age_days))
    add_bulk_history(user=program.user, program=program, days=days, today=today)
    return program.user


def _queries(client: Client, user: User, url: str) -> int:
    client.force_login(user)
    client.get(url)  # the first visit may apply a due adaptation; count a normal visit
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["tracking:progress", "tracking:daily", "tracking:weekly"])
def test_pages_make_as_many_queries_for_two_years_as_for_one_week(
    client: Client, name: str, django_assert_num_queries
) -> None:
    week = _person(days=7, program_age_days=6)
    years = _person(days=730, program_age_days=80)
    expected = _queries(client, week, reverse(name))
    client.force_login(years)
    client.get(reverse(name))
    with django_assert_num_queries(expected):
        response = client.get(reverse(name))
    assert response.status_code == 200
    if name == "tracking:progress":
        # The long history is really on the page: weekly averages over two years, not a blank plot.
        assert "weekly average" in response.content.decode()


def test_a_redrawn_progress_page_also_makes_as_many_queries_for_two_years_as_for_one_week(
    client: Client, django_assert_num_queries
) -> None:
    from django.core.cache import cache

    week = _person(days=7, program_age_days=6)
    years = _person(days=730, program_age_days=80)
    url = reverse("tracking:progress")
    _queries(client, week, url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    expected = len(context.captured_queries)
    _queries(client, years, url)
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
