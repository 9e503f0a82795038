"""A clinician's link to a person: invitations, per-kind consent, who opened what (audit), and notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKind(models.TextChoices):
    """What a person may share with a clinician, one consent each."""

    SCORES = "scores", _("Scores and check-ins")
    ADHERENCE = "adherence", _("Session adherence")
    PHOTOS = "photos", _("Posture photos")
    PROGRAM = "program", _("Program changes")


# The link's consent flag for each kind: one boolean column per kind keeps "who may see what" a plain
# filter in one query (the worklist asks it for hundreds of people at once).
CONSENT_FIELDS: dict[str, str] = {
    DataKind.SCORES: "shares_scores",
    DataKind.ADHERENCE: "shares_adherence",
    DataKind.PHOTOS: "shares_photos",
    DataKind.PROGRAM: "shares_program",
}


class Invitation(models.Model):
    """A clinician's invitation: a short code (and its join link / QR code), optionally sent by email.

    Single use: accepting it creates or renews the link and deletes the invitation, so the invitee's
    address is kept no longer than needed.
    """

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_invitations"
    )
    code = models.CharField(max_length=16, unique=True)
    # Where the invitation was emailed, if it was; never shown to anyone but the clinician who typed it.
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"invitation #{self.pk}"


class ClinicianLink(models.Model):
    """A person's consent for one clinician to see some kinds of their data; revocable at any time.

    A revoked link is kept (without any consent) so the person's history of sharing stays readable; a
    new invitation from the same clinician renews it.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_links"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    shares_scores = models.BooleanField(default=False)
    shares_adherence = models.BooleanField(default=False)
    shares_photos = models.BooleanField(default=False)
    shares_program = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    consent_changed_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The newest weekly adaptation the clinician has looked over; a newer one is "waiting for review".
    adaptations_reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = (models.UniqueConstraint(fields=("person", "clinician"), name="one_link_per_pair"),)
        indexes = (models.Index(fields=("clinician", "revoked_at"), name="clinic_link_clinician_active"),)

    def __str__(self) -> str:
        return f"link #{self.pk}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def shares(self, kind: str) -> bool:
        return self.active and bool(getattr(self, CONSENT_FIELDS[kind]))

    @property
    def shared_kinds(self) -> list[str]:
        return [kind for kind in CONSENT_FIELDS if self.shares(kind)]


class AccessLogEntry(models.Model):
    """One time a clinician opened some of a person's health data: who, what, when.

    Kept when the clinician's account is deleted (the name is copied in), because the log is the
    person's record of who saw their data; deleted with the person's account.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_access_log"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clinician_name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=DataKind.choices)
    # What was opened, in words the person understands ("the worklist", "a posture photo").
    what = models.CharField(max_length=120)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-at",)
        indexes = (models.Index(fields=("person", "-at"), name="clinic_access_person_at"),)

    def __str__(self) -> str:
        return f"{self.clinician_name} opened {self.what}"


class Note(models.Model):
    """A clinician's note about a person, private or shared with them, or the person's reply to a shared one.

    Belongs to its author: a clinician's private notes are their working record (in their download,
    never shown to the person); shared notes and replies are in both people's downloads.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private to the clinician")
        SHARED = "shared", _("Shared with the person")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_notes"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The clinician the conversation is with (the author for a clinician's note, the addressee of a reply).
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=8, choices=Visibility.choices)
    reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)
        indexes = (models.Index(fields=("person", "clinician", "created_at"), name="clinic_note_thread"),)

    def __str__(self) -> str:
        return f"note #{self.pk}"


class AdaptationMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Apply weekly adaptations automatically")
    APPROVE = "approve", _("Wait for my approval")


class ProgramSteering(models.Model):
    """How a clinician steers one program: whether weekly adaptations wait for them, and which
    exercises adaptation must leave as they are (`locked`, exercise slugs)."""

    program = models.OneToOneField("programs.Program", on_delete=models.CASCADE, related_name="steering")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adaptation_mode = models.CharField(
        max_length=16, choices=AdaptationMode.choices, default=AdaptationMode.AUTOMATIC
    )
    locked = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"steering of program #{self.program_id}"


class PendingAdaptation(models.Model):
    """A weekly adaptation held for the clinician's approval: the engine's proposed program part and its
    changes, applied (whole or in part) or rejected by the clinician."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        EDITED = "edited", _("Approved with edits")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Replaced by a later week's")

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    week = models.PositiveSmallIntegerField()
    # The engine's rewritten "program" part, its raw changes, and those changes in the person's words.
    proposed = models.JSONField()
    raw_changes = models.JSONField(default=list)
    changes = models.JSONField(default=list)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-week",)
        constraints = (models.UniqueConstraint(fields=("program", "week"), name="one_pending_per_week"),)

    def __str__(self) -> str:
        return f"adaptation of week {self.week} ({self.decision})"


class WorklistVersion(models.Model):
    """A number that changes whenever anything a clinician's worklist shows changes: the worklist's stamp
    (`worklist.stamp`) in one primary-key lookup, whatever the number of linked people.

    Database triggers keep it (`clinic/worklist_triggers.py`): every insert, update and delete of a row
    the worklist shows gives the clinicians linked to that person a new number. Nothing in Python
    writes it (only the migration's first fill does), so no write path — the ORM, bulk updates, raw SQL,
    cascades, the admin — can leave a clinician looking at a stored worklist that hides a red flag.

    The numbers are random rather than counting up, so a number is never seen twice for different
    data: not after a transaction rolls back and the next clinician gets the same id (SQLite reuses
    it), nor after a database restore, while the cache still holds pages stored under later numbers.
    """

    clinician = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="worklist_version"
    )
    # Changes on every write to anything the worklist shows.
    version = models.BigIntegerField(default=0)
    # Changes only when the clinician's links do: the worklist's visit is logged again then (services.
    # worklist_view_record), not on every check-in.
    links_version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"worklist version of clinician #{self.clinician_id}"
