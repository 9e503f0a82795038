"""A finished session shows as done, with what was done and when the next one is, through the page cache."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.programs import services
from backwell.web.programs.selectors import program_days

from .conftest import start_program

pytestmark = pytest.mark.django_db


def test_my_program_and_the_session_page_show_today_done_after_the_last_item(client: Client) -> None:
    program = start_program()
    client.force_login(program.user)
    overview = reverse("programs:overview")
    assert "Start today's session" in client.get(overview).content.decode()  # now stored in the cache

    items = next(d for d in program_days(program) if (d["week"], d["day"]) == (1, 1))["items"]
    services.session_pain_record(program=program, week=1, day=1, before=6)
    services.item_log_record(program=program, week=1, day=1, index=0, outcome="hurt", client_id=uuid.uuid4())
    page = client.get(overview).content.decode()
    assert "Continue today's session" in page and "is done" not in page
    for index in range(1, len(items)):
        outcome = "skipped" if index == 1 else "done"
        services.item_log_record(
            program=program, week=1, day=1, index=index, outcome=outcome, client_id=uuid.uuid4()
        )
    services.session_pain_record(program=program, week=1, day=1, after=4)

    page = client.get(overview).content.decode()
    assert "Today's session is done" in page
    assert "Start today's session" not in page and "Continue today's session" not in page
    assert f'data-count="done">{len(items) - 2}<' in page
    assert 'data-count="skipped">1<' in page and 'data-count="hurt">1<' in page
    assert 'data-pain="before">6<' in page and 'data-pain="after">4<' in page
    assert "Next session:" in page and "(week 1, day 2)" in page

    session = client.get(reverse("programs:session", args=[1, 1])).content.decode()
    assert "This session is done" in session and 'id="finished" hidden' not in session
    assert 'data-count="hurt">1<' in session and "(week 1, day 2)" in session
