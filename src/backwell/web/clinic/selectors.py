"""Reads of the clinic app, and the one access rule: who may see which kind of whose data.

Every clinician page asks `may_see` (or `link_for`) afresh on each request, from the database: a
person's revocation or changed consent takes effect on the clinician's very next request.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from backwell.web.accounts.models import User

from .models import CONSENT_FIELDS, AccessLogEntry, ClinicianLink, Invitation, Note


def is_clinician(user: object) -> bool:
    return isinstance(user, User) and user.is_active and user.is_clinician


def link_for(*, clinician: User, person_id: int) -> ClinicianLink | None:
    """The active link between a clinician and a person, or None (unlinked, revoked, or not a clinician)."""
    if not is_clinician(clinician):
        return None
    return (
        ClinicianLink.objects.filter(clinician=clinician, person_id=person_id, revoked_at__isnull=True)
        .select_related("person")
        .first()
    )


def may_see(clinician: User, person: User | int, kind: str) -> bool:
    """Whether `clinician` may see `person`'s data of `kind` now: linked, not revoked, that kind consented."""
    if kind not in CONSENT_FIELDS or not is_clinician(clinician):
        return False
    person_id = person if isinstance(person, int) else person.pk
    return ClinicianLink.objects.filter(
        clinician=clinician, person_id=person_id, revoked_at__isnull=True, **{CONSENT_FIELDS[kind]: True}
    ).exists()


def active_links_of(*, clinician: User) -> QuerySet[ClinicianLink]:
    """The clinician's linked people (active links), with each person's row."""
    return ClinicianLink.objects.filter(clinician=clinician, revoked_at__isnull=True).select_related("person")


def links_of_person(*, person: User) -> list[ClinicianLink]:
    """Every clinician the person has linked, active ones first, with the clinician's row."""
    links = ClinicianLink.objects.filter(person=person).select_related("clinician")
    return sorted(links, key=lambda link: (not link.active, -link.created_at.timestamp()))


def own_link(*, person: User, pk: int) -> ClinicianLink | None:
    """One of the person's own links; someone else's is indistinguishable from a missing one."""
    return ClinicianLink.objects.filter(person=person, pk=pk).select_related("clinician").first()


def invitation_by_code(code: str) -> Invitation | None:
    """An unexpired invitation with this code, or None."""
    return (
        Invitation.objects.filter(code=code, expires_at__gt=timezone.now())
        .select_related("clinician")
        .first()
    )


def pending_invitations(*, clinician: User) -> list[Invitation]:
    return list(Invitation.objects.filter(clinician=clinician, expires_at__gt=timezone.now()))


def access_log_of(*, person: User, limit: int | None = None) -> list[AccessLogEntry]:
    """Who opened the person's data, newest first."""
    entries = AccessLogEntry.objects.filter(person=person).order_by("-at")
    return list(entries[:limit] if limit else entries)


def thread_for_clinician(*, clinician: User, person_id: int) -> list[Note]:
    """The clinician's notes about the person (private and shared) and the person's replies, oldest first."""
    return list(
        Note.objects.filter(person_id=person_id, clinician=clinician)
        .filter(Q(author=clinician) | Q(visibility=Note.Visibility.SHARED))
        .select_related("author")
        .order_by("created_at")
    )


def shared_notes_for_person(*, person: User) -> list[Note]:
    """Notes shared with the person and their replies, from clinicians they are still linked to."""
    active = ClinicianLink.objects.filter(person=person, revoked_at__isnull=True).values("clinician_id")
    return list(
        Note.objects.filter(person=person, visibility=Note.Visibility.SHARED, clinician_id__in=active)
        .select_related("author", "clinician")
        .order_by("created_at")
    )


def shared_note_for_reply(*, person: User, pk: int) -> Note | None:
    """A clinician's shared note to the person that they may reply to (linked clinician, not a reply itself)."""
    note = (
        Note.objects.filter(pk=pk, person=person, visibility=Note.Visibility.SHARED, reply_to__isnull=True)
        .exclude(author=person)
        .first()
    )
    if (
        note is None
        or not ClinicianLink.objects.filter(
            person=person, clinician_id=note.clinician_id, revoked_at__isnull=True
        ).exists()
    ):
        return None
    return note
