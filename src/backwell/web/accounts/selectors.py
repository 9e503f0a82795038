"""Reads of the accounts app: the person's data as one JSON document."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import data_registry
from .models import User

EXPORT_FORMAT = "backwell-account-export/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def account_export(*, user: User) -> dict[str, Any]:
    """Everything backwell holds about the person, as registered by each app."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "privacy_consent_at": _iso(user.privacy_consent_at),
            "is_clinician": user.is_clinician,
            "pending_email_changes": [
                {"new_email": change.new_email, "requested_at": _iso(change.created_at)}
                for change in user.pending_email_changes.all()
            ],
        },
    }
    for section, exporter in sorted(data_registry.exporters().items()):
        document[section] = exporter(user)
    return document
