"""The pieces every signed-in request goes through: the shared cache, cached sessions, loading the person."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import engines
from django.test import Client
from django.utils import translation

from backwell.web.accounts.backends import AccountBackend
from backwell.web.core.cache import DiskCache
from backwell.web.core.templatetags import memo
from tests.web.factories import UserFactory


def _two_workers(tmp_path) -> tuple[DiskCache, DiskCache]:
    # Two gunicorn workers each open the cache folder on their own.
    return DiskCache(str(tmp_path), {}), DiskCache(str(tmp_path), {})


def test_the_disk_cache_is_shared_between_workers_and_survives_a_finished_request(tmp_path) -> None:
    one, other = _two_workers(tmp_path)
    one.set("greeting", "hello", 60)
    one.close()  # Django closes caches after each request: the next read still works
    assert other.get("greeting") == "hello" and one.get("greeting") == "hello"
    other.delete("greeting")
    assert one.get("greeting") is None


def test_the_disk_cache_adds_a_key_only_once_across_workers(tmp_path) -> None:
    # Rate limits and replay protection rely on add() being atomic.
    one, other = _two_workers(tmp_path)
    assert one.add("solution", 1, 60) is True
    assert other.add("solution", 2, 60) is False
    assert other.get("solution") == 1


def test_settings_use_the_disk_cache_and_cached_sessions_without_redis() -> None:
    assert settings.CACHES["default"]["BACKEND"] in ("backwell.web.core.cache.DiskCache",)
    from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseStore

    from backwell.web.accounts.sessions import SessionStore

    assert settings.SESSION_ENGINE == "backwell.web.accounts.sessions"
    assert issubclass(SessionStore, CachedDatabaseStore)  # written as Django's cached_db store writes


@pytest.mark.django_db
@pytest.mark.datalayer
def test_a_logged_out_session_cookie_no_longer_signs_anyone_in() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/accounts/settings/").status_code == 200
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get("/accounts/settings/").status_code == 302  # sent to log in


@pytest.mark.django_db
@pytest.mark.datalayer
def test_the_backend_loads_an_active_person_and_nobody_for_anything_else() -> None:
    backend = AccountBackend()
    active = UserFactory()
    inactive = UserFactory(is_active=False)
    loaded = backend.get_user(active.pk)
    assert loaded == active and loaded is not None and loaded.date_joined == active.date_joined
    assert loaded.date_joined.tzinfo is not None  # the ORM's converters ran: an aware datetime
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(999_999) is None
    assert backend.get_user("not a number") is None


@pytest.mark.django_db
@pytest.mark.datalayer
def test_a_deactivated_person_is_signed_out_on_their_next_request() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/accounts/settings/").status_code == 302


def test_memo_draws_its_part_once_per_language_and_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "_drawn", {})
    template = engines["django"].from_string(
        '{% load memo %}{% memo "test-part" flavour %}{{ flavour }} {{ counter.next }}{% endmemo %}'
    )

    class Counter:
        calls = 0

        def next(self) -> int:
            Counter.calls += 1
            return Counter.calls

    counter = Counter()
    with translation.override("en"):
        assert template.render({"flavour": "a", "counter": counter}) == "a 1"
        assert template.render({"flavour": "a", "counter": counter}) == "a 1"  # drawn once
        assert template.render({"flavour": "b", "counter": counter}) == "b 2"  # another argument
    assert Counter.calls == 2


def test_memo_without_a_name_is_a_template_error() -> None:
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="needs a name"):
        engines["django"].from_string("{% load memo %}{% memo %}x{% endmemo %}")
