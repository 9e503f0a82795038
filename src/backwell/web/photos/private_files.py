"""A person's private files under settings.PRIVATE_ROOT/<user pk>/: random names, owner-only permissions."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def private_path(stored_name: str) -> Path:
    """The absolute path of a stored name; refuses anything that would leave PRIVATE_ROOT."""
    root = Path(settings.PRIVATE_ROOT).resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError(f"{stored_name!r} is not inside the private folder")
    return path


def private_file_write(*, user_pk: int, folder: str, data: bytes, suffix: str) -> str:
    """Write bytes to a new randomly named file readable only by the server; returns its stored name."""
    # The name says nothing about the person, the date or the upload's own name.
    stored_name = f"{user_pk}/{folder}/{secrets.token_urlsafe(24)}{suffix}"
    path = private_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored_name


def private_file_remove(stored_name: str) -> None:
    """Remove a stored file; a file already gone is fine, other failures are logged for the operator."""
    if not stored_name:
        return
    try:
        private_path(stored_name).unlink(missing_ok=True)
    except OSError:
        logger.exception("could not remove the private file %s", stored_name)
