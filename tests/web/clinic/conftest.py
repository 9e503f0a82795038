"""Clinic tests: a private folder for photos and tasks run at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from tests.web.clinic.world import World, build_world


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path: Path) -> None:
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()  # rate limits and cached pages of other tests must not answer here


@pytest.fixture
def world(db) -> World:
    return build_world()
