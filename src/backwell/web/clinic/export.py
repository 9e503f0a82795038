"""The clinic part of "download my data", and the eraser for invitations keyed by the person's address.

A person gets: the clinicians they linked and what they shared when, who opened their data (the
access log), the notes shared with them with their replies, and how clinicians steer their programs
(locked exercises, approval mode, and each weekly adaptation held for approval with its decision). A clinician gets the invitations they
sent and every note they wrote (their private notes included: those are their working record).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from backwell.web.accounts.models import User
from backwell.web.accounts.selectors import iso

from .models import (
    CONSENT_FIELDS,
    AccessLogEntry,
    ClinicianLink,
    Invitation,
    Note,
    PendingAdaptation,
    ProgramSteering,
)


def _link(link: ClinicianLink) -> dict[str, Any]:
    return {
        "clinician": str(link.clinician),
        "shares": [kind for kind, field in CONSENT_FIELDS.items() if getattr(link, field)],
        "created_at": iso(link.created_at),
        "consent_changed_at": iso(link.consent_changed_at),
        "revoked_at": iso(link.revoked_at),
        "adaptations_reviewed_at": iso(link.adaptations_reviewed_at),
    }


def _note(note: Note) -> dict[str, Any]:
    return {
        "id": note.pk,
        "author": str(note.author),
        "person": str(note.person),
        "clinician": str(note.clinician),
        "visibility": note.visibility,
        "reply_to": note.reply_to_id,
        "body": note.body,
        "created_at": iso(note.created_at),
    }


def clinic_export(user: User) -> dict[str, Any]:
    links = ClinicianLink.objects.filter(person=user).select_related("clinician").order_by("created_at")
    notes = (
        Note.objects.filter(Q(author=user) | Q(person=user, visibility=Note.Visibility.SHARED))
        .select_related("author", "person", "clinician")
        .order_by("created_at")
    )
    return {
        "clinicians_linked": [_link(link) for link in links],
        "access_log": [
            {"clinician": e.clinician_name, "kind": e.kind, "what": e.what, "at": iso(e.at)}
            for e in AccessLogEntry.objects.filter(person=user).order_by("at")
        ],
        "notes": [_note(note) for note in notes],
        "program_steering": [
            {
                "program": s.program_id,
                "clinician": str(s.clinician) if s.clinician else None,
                "adaptation_mode": s.adaptation_mode,
                "locked_exercises": s.locked,
                "updated_at": iso(s.updated_at),
            }
            for s in ProgramSteering.objects.filter(program__user=user).select_related("clinician")
        ],
        "adaptations_held_for_approval": [
            {
                "program": p.program_id,
                "week": p.week,
                "decision": p.decision,
                "changes": p.changes,
                "raw_changes": p.raw_changes,
                "proposed_program": p.proposed,
                "created_at": iso(p.created_at),
                "decided_at": iso(p.decided_at),
            }
            for p in PendingAdaptation.objects.filter(program__user=user).order_by("created_at")
        ],
        "invitations_sent": [
            {
                "code": i.code,
                "email": i.email,
                "created_at": iso(i.created_at),
                "expires_at": iso(i.expires_at),
            }
            for i in Invitation.objects.filter(clinician=user).order_by("created_at")
        ],
        "clinician": {
            "is_clinician": user.is_clinician,
            "people_linked": ClinicianLink.objects.filter(clinician=user, revoked_at__isnull=True).count(),
        },
    }


def invitations_to_erase(user: User) -> None:
    """Deleting an account: invitations any clinician sent to its address go too."""
    Invitation.objects.filter(email__iexact=user.email).delete()
