"""Reads of the accounts app: the person's data as one JSON document (data.json of the download)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.utils import timezone

from . import data_registry
from .models import User

EXPORT_FORMAT = "backwell-account-export"
# Raised when a key changes meaning or goes away; adding a key or a section keeps the version.
EXPORT_FORMAT_VERSION = 2


def iso(value: Any) -> str | None:
    """A date or time as ISO 8601, or None: how every export writes them."""
    return value.isoformat() if value else None


def _admin_actions(user: User) -> list[dict[str, Any]]:
    # What a staff member did in the admin. The log's description of the object is left out: it names
    # other people's records (a commenter's name), which are not this person's data.
    return [
        {
            "at": iso(entry.action_time),
            "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, "other"),
            "record": f"{entry.content_type.app_label}.{entry.content_type.model}"
            if entry.content_type
            else None,
            "record_id": entry.object_id,
            "change_message": entry.get_change_message(),
        }
        for entry in LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time")
    ]


def account_export(*, user: User) -> dict[str, Any]:
    """Everything backwell holds about the person, as registered by each app."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "privacy_consent_at": iso(user.privacy_consent_at),
            "is_clinician": user.is_clinician,
            "is_staff": user.is_staff,
            "pending_email_changes": [
                {"new_email": change.new_email, "requested_at": iso(change.created_at)}
                for change in user.pending_email_changes.all()
            ],
            "admin_actions": _admin_actions(user),
        },
    }
    for section, exporter in sorted(data_registry.exporters().items()):
        document[section] = exporter(user)
    return document
