"""The newsletter in "download my data" and "delete my account": the subscription of the account's address.

A subscription is kept by email address, not by account (readers subscribe without one), so the
subscription with the account's address is the person's. Deleting the account removes it with its
consent history and deliveries: nobody is mailed once their account is gone.
"""

from __future__ import annotations

from typing import Any

from backwell.web.accounts.models import User
from backwell.web.accounts.selectors import iso

from .models import Subscriber


def newsletter_export(user: User) -> dict[str, Any] | None:
    """The subscription of the person's address with its consent history, or None without one."""
    subscriber = (
        Subscriber.objects.filter(email__iexact=user.email)
        .prefetch_related("consent_events", "deliveries__issue")
        .first()
    )
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "created_at": iso(subscriber.created_at),
        "confirmed_at": iso(subscriber.confirmed_at),
        "unsubscribed_at": iso(subscriber.unsubscribed_at),
        "consent_events": [
            {"action": e.action, "wording": e.wording, "source": e.source, "at": iso(e.at)}
            for e in subscriber.consent_events.all()
        ],
        "deliveries": [
            {
                "issue": d.issue.subject,
                "status": d.status,
                "claimed_at": iso(d.claimed_at),
                "sent_at": iso(d.sent_at),
                "error": d.error,
            }
            for d in sorted(subscriber.deliveries.all(), key=lambda d: d.pk)
        ],
    }


def newsletter_erase(user: User) -> None:
    """Removes the subscription of the person's address; consent events and deliveries go with it."""
    Subscriber.objects.filter(email__iexact=user.email).delete()
