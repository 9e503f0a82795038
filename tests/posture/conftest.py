"""Shared fixtures for the posture tests: the test photo folder and synthetic landmark sets."""

from __future__ import annotations

from pathlib import Path

import pytest

# Tests refer to the shared photos relative to the repository: ../shared/data/photos.
PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "photos"


@pytest.fixture(scope="session")
def photos() -> Path:
    if not PHOTOS.is_dir():
        pytest.fail(f"the shared test photos are missing: {PHOTOS}")
    return PHOTOS
