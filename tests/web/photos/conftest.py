"""Photos tests: a private folder per test, tasks run at once, and the shared test photos."""

from __future__ import annotations

from pathlib import Path

import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REPO = Path(__file__).resolve().parents[3]
PHOTOS = (REPO / ".." / "shared" / "data" / "photos").resolve()
FRONT_PHOTO = PHOTOS / "tfjs-models" / "pose_squats_frame000.jpg"
SQUATS_VIDEO = PHOTOS / "tfjs-models" / "pose_squats.mp4"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "private"
    settings.PRIVATE_ROOT = root
    settings.TASKS = IMMEDIATE_TASKS
    return root


@pytest.fixture(scope="session")
def front_photo() -> bytes:
    return FRONT_PHOTO.read_bytes()


def files_under(root: Path) -> list[Path]:
    """Every file below a folder (none when the folder does not exist)."""
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
