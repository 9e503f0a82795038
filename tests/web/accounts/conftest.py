"""Account tests run background tasks at once, so the emails they send can be read in the outbox."""

from __future__ import annotations

import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _own_file_cache(settings, tmp_path) -> None:
    # The lockout counters live in the cache. Each test gets its own file cache (the production
    # kind), so no test sees another's counters, nor clears a cache other test processes share.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@pytest.fixture(autouse=True)
def _own_private_root(settings, tmp_path) -> None:
    # Private files of test people never mix with those of tests running in parallel.
    settings.PRIVATE_ROOT = tmp_path / "private"
