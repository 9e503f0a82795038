"""Pages cached per person: served again only while nothing on them changed, never to anyone else."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backwell.web.accounts.services import user_delete
from backwell.web.core import personal_cache
from backwell.web.core.release import release
from backwell.web.programs import selectors, services, swaps
from backwell.web.programs.models import Program
from backwell.web.tracking import services as tracking_services
from tests.web.programs.conftest import start_program

# The stamps are plain SQL, so these run on PostgreSQL too (`-m datalayer`).
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]

SESSION = reverse("programs:session", kwargs={"week": 1, "day": 1})
PROGRESS = reverse("tracking:progress")
OVERVIEW = reverse("programs:overview")


def _signed_in(program: Program) -> Client:
    client = Client()
    client.force_login(program.user)
    return client


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _state(page: str) -> str:
    found = re.search(r'<script id="player-state" type="application/json">(.*?)</script>', page)
    assert found, "the session page carries the player's state"
    return found.group(1)


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    return found.group(1)


@pytest.mark.parametrize("url", [SESSION, PROGRESS, OVERVIEW])
def test_a_second_visit_is_served_from_the_cache_with_fewer_queries(url: str) -> None:
    client = _signed_in(start_program())
    first, first_page = _queries(client, url)
    second, second_page = _queries(client, url)
    assert second < first
    # The same page, apart from the CSRF token (masked afresh on every response).
    assert re.sub(r'value="[^"]{64}"', "", first_page) == re.sub(r'value="[^"]{64}"', "", second_page)


def test_the_session_page_shows_a_new_pain_rating_and_position_at_once() -> None:
    program = start_program()
    client = _signed_in(program)
    assert '"painBefore": null' in _state(client.get(SESSION).content.decode())
    services.session_pain_record(program=program, week=1, day=1, before=6)
    services.item_log_record(program=program, week=1, day=1, index=0, outcome="done", client_id=uuid.uuid4())
    state = _state(client.get(SESSION).content.decode())
    assert '"painBefore": 6' in state and '"position": 1' in state


def test_the_session_page_shows_a_swap_and_a_pause_at_once() -> None:
    program = start_program()
    client = _signed_in(program)
    item = selectors.program_day(program, week=1, day=1)["items"][0]  # type: ignore[index]
    replacement = swaps.alternatives(program, item, week=1)[0]
    assert replacement.name not in client.get(SESSION).content.decode()
    swaps.program_swap(program=program, week=1, day=1, index=0, replacement=replacement.slug)
    assert replacement.name in client.get(SESSION).content.decode()
    services.program_pause(program=Program.objects.get(pk=program.pk), week=1, reason="See a doctor first.")
    page = client.get(SESSION).content.decode()
    assert "Your program is paused" in page and "See a doctor first." in page


def test_the_progress_page_shows_a_new_check_in_at_once() -> None:
    program = start_program()
    client = _signed_in(program)
    assert "Check in today's pain" in client.get(PROGRESS).content.decode()
    tracking_services.daily_checkin_record(user=program.user, date=timezone.localdate(), pain=4)
    assert "Checked in today ✓" in client.get(PROGRESS).content.decode()


def test_the_program_overview_shows_a_finished_day_and_a_swap_at_once() -> None:
    program = start_program()
    client = _signed_in(program)
    page = client.get(OVERVIEW).content.decode()
    assert '<a class="dot done"' not in page and "What changed and why" not in page
    entry = selectors.program_day(program, week=1, day=1)
    assert entry is not None
    for index in range(len(entry["items"])):
        services.item_log_record(
            program=program, week=1, day=1, index=index, outcome="done", client_id=uuid.uuid4()
        )
    assert '<a class="dot done"' in client.get(OVERVIEW).content.decode()
    replacement = swaps.alternatives(program, entry["items"][0], week=1)[0]
    swaps.program_swap(program=program, week=1, day=1, index=0, replacement=replacement.slug)
    assert "What changed and why" in client.get(OVERVIEW).content.decode()


def test_each_person_gets_only_their_own_page() -> None:
    mine, theirs = start_program(), start_program()
    services.session_pain_record(program=mine, week=1, day=1, before=9)
    assert '"painBefore": 9' in _state(_signed_in(mine).get(SESSION).content.decode())
    page = _signed_in(theirs).get(SESSION).content.decode()
    assert '"painBefore": null' in _state(page)
    assert f"backwell-session-{theirs.pk}-1-1" in page and f"backwell-session-{mine.pk}-" not in page


def test_a_stored_page_carries_each_browsers_own_csrf_token_which_it_can_post_with() -> None:
    program = start_program()
    phone, laptop = _signed_in(program), _signed_in(program)
    phone.get(SESSION)  # stores the page
    laptop_client = Client(enforce_csrf_checks=True)
    laptop_client.cookies = laptop.cookies
    page = laptop_client.get(SESSION).content.decode()
    assert personal_cache.CSRF_PLACEHOLDER not in page
    response = laptop_client.post(
        reverse("programs:log_pain", kwargs={"week": 1, "day": 1}),
        {"before": "3", "csrfmiddlewaretoken": _token(page)},
    )
    assert response.status_code == 302  # a wrong token would be 403
    assert '"painBefore": 3' in _state(laptop_client.get(SESSION).content.decode())


def test_a_one_off_message_is_shown_once_and_never_stored() -> None:
    program = start_program()
    client = _signed_in(program)
    client.get(PROGRESS)  # a stored copy exists
    saved = client.get(PROGRESS + "?saved=daily").content.decode()
    assert "today&#x27;s pain is saved" in saved
    assert "today&#x27;s pain is saved" not in client.get(PROGRESS).content.decode()
    # A flash message (here: a refused pain rating) shows on the next page, then not again.
    client.post(reverse("programs:log_pain", kwargs={"week": 1, "day": 1}), {"before": "11"})
    assert 'class="messages"' in client.get(SESSION).content.decode()
    assert 'class="messages"' not in client.get(SESSION).content.decode()


def test_a_new_release_draws_the_page_again(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _signed_in(start_program())
    client.get(SESSION)
    cached, _page = _queries(client, SESSION)
    monkeypatch.setattr(personal_cache, "release", lambda: "a later release")
    redrawn, _page = _queries(client, SESSION)
    assert redrawn > cached


def test_deleting_the_account_removes_its_stored_pages() -> None:
    program = start_program()
    client = _signed_in(program)
    client.get(SESSION)
    client.get(PROGRESS)
    client.get(OVERVIEW)
    pk = program.user.pk
    names = [SESSION, PROGRESS, OVERVIEW, "progress-body"]
    assert all(cache.get(personal_cache.entry_key(pk, name)) is not None for name in names)
    user_delete(user=program.user)
    assert all(cache.get(personal_cache.entry_key(pk, name)) is None for name in names)
    assert client.get(SESSION).status_code == 302  # signed out: the session went with the account


def test_the_stamp_queries_name_real_tables_and_columns() -> None:
    from django.apps import apps

    from backwell.web.tracking.selectors import PROGRESS_SQL

    columns = {
        model._meta.db_table: {field.column for field in model._meta.concrete_fields}
        for model in apps.get_models()
    }
    for sql in (selectors.SESSION_PAGE_STAMP_SQL, PROGRESS_SQL):
        aliases = dict(re.findall(r"FROM (\w+)(?: (\w)\b)?", sql))
        assert aliases and set(aliases) <= set(columns), sql
        named = {alias: table for table, alias in aliases.items() if alias}
        for alias, column in re.findall(r"\b(\w)\.(\w+)", sql):
            assert column in columns[named[alias]], f"{alias}.{column}"
        for table, where in re.findall(r"FROM (\w+) WHERE (\w+)", sql):
            assert where in columns[table], f"{table}.{where}"


def test_the_release_changes_with_any_file_but_not_with_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import backwell

    package = tmp_path / "backwell"
    (package / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    monkeypatch.setattr(backwell, "__file__", str(package / "__init__.py"))

    def release_after(path: Path, mtime: int) -> str:
        path.write_text("")
        os.utime(path, ns=(mtime, mtime))
        release.cache_clear()
        return release()

    try:
        before = release_after(package / "__init__.py", 10**18)
        # Python writes bytecode as modules are first imported, after some workers have started.
        assert release_after(package / "__pycache__" / "views.cpython-311.pyc", 2 * 10**18) == before
        assert release_after(package / "page.html", 3 * 10**18) != before  # a changed template
    finally:
        release.cache_clear()
