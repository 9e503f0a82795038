"""A session this process has seen is read in one statement with its person (accounts/sessions.py), and the
session's own data still decides who is signed in."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backwell.web.accounts import backends
from backwell.web.accounts.models import User
from tests.web.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


@pytest.fixture(autouse=True)
def _read_with_person(settings) -> None:
    # On where the shared cache is Redis (settings.py); these tests run with the disk cache.
    settings.SESSION_READ_WITH_PERSON = True


PAGE = "/accounts/settings/"


def _signed_in(user: User) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def _statements(client: Client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(PAGE).status_code
    return status, [q["sql"] for q in queries.captured_queries]


def _person_loads(statements: list[str]) -> list[str]:
    return [sql for sql in statements if User._meta.db_table in sql and "FROM" in sql]


def test_the_second_request_reads_the_session_and_the_person_in_one_statement() -> None:
    user = UserFactory()
    client, key = _signed_in(user)
    assert client.get(PAGE).status_code == 200  # the first: session from the cache, then the person
    assert backends.session_person(key) == user.pk
    status, statements = _statements(client)
    assert status == 200
    loads = _person_loads(statements)
    assert len(loads) == 1 and Session._meta.db_table in loads[0]
    # The session key is kept only as a digest: the map never holds the secret itself.
    assert (
        all(len(k) == 16 for k in backends._session_people) and key.encode() not in backends._session_people
    )


def test_a_remembered_person_the_session_does_not_name_is_not_used() -> None:
    user, other = UserFactory(display_name="Right Person"), UserFactory(display_name="Wrong Person")
    client, key = _signed_in(user)
    client.get(PAGE)
    backends._session_people[backends._digest(key)] = other.pk  # as a wrong hint would be
    status, statements = _statements(client)
    assert status == 200
    response = client.get(PAGE)
    assert response.wsgi_request.user.pk == user.pk
    # The joined statement loaded the wrong person; the session named another, who was then loaded alone.
    assert len(_person_loads(statements)) == 2
    assert backends.session_person(key) == user.pk  # and the hint is corrected


def test_a_session_gone_from_the_database_signs_nobody_in_even_while_the_cache_still_has_it() -> None:
    # Signing out on another server removes the row; a copy left in the cache must not count.
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    Session.objects.filter(session_key=key).delete()
    assert client.get(PAGE).status_code == 302  # sent to sign in
    assert backends.session_person(key) is None


def test_an_expired_session_signs_nobody_in() -> None:
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(PAGE).status_code == 302


def test_a_tampered_session_row_signs_nobody_in() -> None:
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    Session.objects.filter(session_key=key).update(session_data="not-signed:data")
    assert client.get(PAGE).status_code == 302


def test_signing_out_forgets_the_session() -> None:
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    client.post("/accounts/logout/")
    assert backends.session_person(key) is None


def test_a_person_loaded_for_one_request_is_never_handed_to_the_next() -> None:
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    assert backends.load_session_with_person(key, user.pk) is not None
    # A new request begins before anyone asked for that person (the receiver runs at every request start;
    # sending the signal here would also run Django's connection clean-up inside the test's transaction).
    connected = [receiver[1]() for receiver in request_started.receivers]
    assert backends._forget_prefetched in connected
    backends._forget_prefetched()
    with CaptureQueriesContext(connection) as queries:
        assert backends.user_by_pk(user.pk) == user
    assert len(queries.captured_queries) == 1  # loaded afresh


def test_the_page_companion_rides_in_the_same_statement() -> None:
    from tests.web.programs.conftest import start_program

    program = start_program()
    client = Client()
    client.force_login(program.user)
    path = "/program/session/1/1/"
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1 and Session._meta.db_table in statements[0]


def test_with_the_disk_cache_sessions_are_read_from_it_as_django_reads_them(settings) -> None:
    # Measured: a local disk-cache read costs less than the joined statement's extra work on SQLite.
    settings.SESSION_READ_WITH_PERSON = False
    user = UserFactory()
    client, key = _signed_in(user)
    client.get(PAGE)
    assert backends.session_person(key) is None
    status, statements = _statements(client)
    assert status == 200
    assert not any(Session._meta.db_table in sql for sql in statements)
    assert len(_person_loads(statements)) == 1
