"""Newsletter tests: tasks run at once, mail goes to a loopback SMTP server, caches start empty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.web.newsletter.mailbox import mailbox  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _immediate_tasks_and_empty_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        SITE_URL="http://testserver",
    ):
        yield
    cache.clear()
