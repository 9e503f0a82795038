"""A person with rows in every model that holds personal data, each text carrying a unique marker.

Shared by the export-coverage test and the erasure tests (including the one that runs in a separate
process on a SQLite file, tests/web/accounts/erase_in_sqlite_file.py).

Which models hold a person's data is discovered, not listed: every model with a foreign key or
one-to-one link to the user model, directly or through another such model, plus the models keyed by
an email address (EMAIL_KEYED; `email_keyed_is_complete` checks no EmailField is missing from it).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from backwell.engine import plan
from backwell.web.accounts.models import PendingEmailChange, User
from backwell.web.assessment.models import Assessment
from backwell.web.comments.models import Comment
from backwell.web.newsletter.models import ConsentEvent, Delivery, Issue, Subscriber
from backwell.web.photos.models import PhotoPreference, PostureVideoJob
from backwell.web.photos.selectors import photo_archive_name
from backwell.web.programs import services as program_services
from backwell.web.programs.models import ItemLog, ProgramChange, SessionLog
from backwell.web.tracking.models import CalendarFeed, DailyCheckIn, EnduranceTest, WeeklyCheckIn, WeekReview
from tests.web.content.factories import ArticleFactory
from tests.web.factories import DEFAULT_PASSWORD, UserFactory, complete_answers
from tests.web.photos.factories import PostureAnalysisFactory, PosturePhotoFactory

# Models that belong to a person through an email address rather than a link to the account:
# comments and newsletter subscriptions are made without an account. Value: the email field.
EMAIL_KEYED = {"comments.Comment": "email", "newsletter.Subscriber": "email"}


def owner_lookups() -> dict[type[models.Model], str]:
    """Every model holding a person's data, with the lookup that finds a person's rows.

    The lookup ends in `pk` (the user's id) or `email` (the account's address, case-insensitive).
    """
    user_model = get_user_model()
    owned: dict[type[models.Model], str] = {user_model: "pk"}
    for label, email_field in EMAIL_KEYED.items():
        owned[apps.get_model(label)] = f"{email_field}__iexact"
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in owned:
                continue
            for relation in model._meta.get_fields():
                if (
                    relation.concrete
                    and (relation.many_to_one or relation.one_to_one)
                    and relation.related_model in owned
                    and relation.related_model is not model
                ):
                    parent_lookup = owned[relation.related_model]
                    owned[model] = f"{relation.name}__{parent_lookup}"
                    grew = True
                    break
    return owned


def rows_of(model: type[models.Model], lookup: str, user: User) -> models.QuerySet[Any]:
    value = user.email if lookup.endswith("email__iexact") else user.pk
    return model._default_manager.filter(**{lookup: value})


def email_fields_outside_ownership() -> list[str]:
    """EmailFields on models that are neither linked to the user nor declared in EMAIL_KEYED."""
    owned = owner_lookups()
    return [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.EmailField) and model not in owned
    ]


@dataclass
class MarkedPerson:
    user: User
    tag: str
    # Marker strings in the text fields the person (or the site on their behalf) filled.
    markers: list[str] = field(default_factory=list)
    # The marker of the published comment: documented to stay, anonymised, after deletion.
    published_comment_marker: str = ""
    photo_bytes: bytes = b""
    photo_archive_name: str = ""

    @property
    def email(self) -> str:
        return self.user.email


def marked_person() -> MarkedPerson:
    """A person with every kind of record backwell keeps, and one other person's for contrast."""
    tag = uuid.uuid4().hex[:12]
    person = MarkedPerson(user=UserFactory(email=f"m{tag}@example.org", display_name=f"Name{tag}"), tag=tag)

    def mark(what: str) -> str:
        marker = f"{what}{tag}"
        person.markers.append(marker)
        return marker

    user = person.user
    user.privacy_consent_at = timezone.now()
    user.is_staff = True
    user.save()
    PendingEmailChange.objects.create(user=user, new_email=f"{mark('next')}@example.org")

    answers = complete_answers()
    answers["questionnaires"]["psfs"][0]["activity"] = mark("assessmentactivity")
    assessment = Assessment.objects.create(
        user=user, step="results", answers=answers, result=plan(answers), completed_at=timezone.now()
    )
    program = program_services.program_start(
        user=user, assessment=assessment, start_date=datetime.date.today()
    )
    program.paused_reason = mark("pausedreason")
    program.save()
    ProgramChange.objects.create(
        program=program, kind="swap", week=1, changes=[{"what": mark("swapwhat"), "why": mark("swapwhy")}]
    )
    session = SessionLog.objects.create(
        program=program, week=1, day=1, date=datetime.date.today(), pain_before=4, pain_after=3
    )
    ItemLog.objects.create(
        session=session, index=0, exercise=mark("exercise"), outcome="done", client_id=uuid.uuid4()
    )

    DailyCheckIn.objects.create(user=user, date=datetime.date.today(), pain=4, note=mark("dailynote"))
    WeeklyCheckIn.objects.create(
        user=user,
        program=program,
        week=1,
        date=datetime.date.today(),
        pain=4,
        rmdq_answers=[False] * 24,
        rmdq_score=0,
        psfs=[{"activity": mark("weeklyactivity"), "score": 6}],
        psfs_mean=6.0,
        triage={"level": "ok", "reasons": [mark("triagereason")]},
    )
    WeekReview.objects.create(program=program, week=1, advice=[mark("reviewadvice")])
    EnduranceTest.objects.create(user=user, date=datetime.date(2030, 1, 2), plank_s=41)
    CalendarFeed.objects.create(user=user, token=mark("feedtoken"))

    PhotoPreference.objects.create(user=user, measures_only=False)
    photo = PosturePhotoFactory(user=user)
    person.photo_bytes = photo.path.read_bytes()
    person.photo_archive_name = photo_archive_name(photo)
    PostureAnalysisFactory(user=user, photo=photo, warnings=[mark("posturewarning")])
    PostureVideoJob.objects.create(
        user=user, view="side", filename=f"{mark('videofile')}.mp4", message=mark("videomessage")
    )

    article = ArticleFactory()
    published = Comment.objects.create(
        article=article,
        name=mark("commentername"),
        email=user.email.upper(),  # typed in another case: still the person's
        website=f"https://{mark('website')}.example.org",
        body=mark("publishedcomment"),
        status=Comment.Status.APPROVED,
        moderated_at=timezone.now(),
    )
    person.published_comment_marker = f"publishedcomment{tag}"
    Comment.objects.create(
        article=article, name=user.display_name, email=user.email, body=mark("pendingcomment")
    )
    # Someone else replies to the published comment: their reply must survive the deletion.
    Comment.objects.create(
        article=article,
        parent=published,
        name="Other reader",
        email="reader@example.org",
        body="A kind reply.",
    )

    subscriber = Subscriber.objects.create(email=user.email, status=Subscriber.Status.CONFIRMED)
    ConsentEvent.objects.create(
        subscriber=subscriber, action="requested", wording=mark("consentwording"), source="footer"
    )
    issue = Issue.objects.create(subject="Spring issue", body="Hello")
    Delivery.objects.create(
        issue=issue,
        subscriber=subscriber,
        status="failed",
        claimed_at=timezone.now(),
        error=mark("deliveryerror"),
    )

    # What the person did as staff in the admin, and what staff did to their account (named by them).
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Issue),
        object_id=str(issue.pk),
        object_repr="Spring issue",
        action_flag=CHANGE,
        change_message=mark("adminmessage"),
    )
    staff = UserFactory(email=f"staff{tag}@example.org", is_staff=True)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message="Changed is_clinician.",
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=str(published.pk),
        object_repr=str(published),
        action_flag=CHANGE,
        change_message="Approved.",
    )
    _clinic_records(user, mark)
    _api_records(user, mark)
    person.markers.append(user.display_name)
    return person


def _api_records(user: User, mark: Any) -> None:
    """An app the person registered (as staff) and authorised, with every kind of token and code, and
    an answer kept for a retried request."""
    from oauth2_provider.models import AccessToken, Application, DeviceGrant, Grant, IDToken, RefreshToken

    from backwell.web.api.models import IdempotentRequest

    later = timezone.now() + datetime.timedelta(hours=1)
    app = Application.objects.create(
        user=user,
        name=mark("appname"),
        client_type="public",
        authorization_grant_type="authorization-code",
        redirect_uris=f"https://{mark('redirect')}.example.org/cb",
    )
    id_token = IDToken.objects.create(user=user, application=app, expires=later, scope=mark("idscope"))
    access = AccessToken.objects.create(
        user=user,
        application=app,
        token=uuid.uuid4().hex,
        expires=later,
        scope=mark("scope"),
        id_token=id_token,
    )
    RefreshToken.objects.create(user=user, application=app, token=uuid.uuid4().hex, access_token=access)
    Grant.objects.create(
        user=user,
        application=app,
        code=uuid.uuid4().hex,
        expires=later,
        redirect_uri=f"https://{mark('grantredirect')}.example.org/cb",
        scope="person:read",
        claims=mark("claims"),
        nonce=mark("nonce"),
    )
    DeviceGrant.objects.create(
        user=user,
        device_code=uuid.uuid4().hex,
        user_code=uuid.uuid4().hex[:8],
        scope=mark("devicescope"),
        expires=later,
        client_id=app.client_id,
        last_checked=timezone.now(),
    )
    IdempotentRequest.objects.create(
        user=user,
        key=mark("idempotencykey"),
        method="POST",
        path="/api/v1/checkins/daily",
        fingerprint="0" * 64,
        status=200,
        response={"note": mark("keptresponse")},
    )


def _clinic_records(user: User, mark: Any) -> None:
    """The person shares with a clinician who opened their data and wrote them a note they answered;
    and, being a clinician too, they sent an invitation and wrote a private note about someone."""
    from backwell.web.clinic.models import (
        AccessLogEntry,
        ClinicianLink,
        Invitation,
        Note,
        PendingAdaptation,
        ProgramSteering,
    )
    from backwell.web.programs.models import Program

    doctor = UserFactory(is_clinician=True)
    program = Program.objects.filter(user=user).latest("created_at")
    ProgramSteering.objects.create(
        program=program, clinician=doctor, adaptation_mode="approve", locked=[mark("locked")]
    )
    PendingAdaptation.objects.create(
        program=program,
        week=1,
        proposed={"weeks": 12, "note": mark("proposed")},
        raw_changes=[{"change": "drop", "exercise": mark("heldexercise")}],
        changes=[{"what": mark("heldwhat"), "why": mark("heldwhy")}],
        decision="rejected",
        decided_at=timezone.now(),
    )
    ClinicianLink.objects.create(
        person=user, clinician=doctor, shares_scores=True, consent_changed_at=timezone.now()
    )
    AccessLogEntry.objects.create(
        person=user,
        clinician=doctor,
        clinician_name=mark("clinicianname"),
        kind="scores",
        what=mark("opened"),
    )
    shared = Note.objects.create(
        author=doctor, person=user, clinician=doctor, visibility="shared", body="How are the stretches going?"
    )
    Note.objects.create(
        author=user, person=user, clinician=doctor, visibility="shared", reply_to=shared, body=mark("reply")
    )
    user.is_clinician = True
    user.save(update_fields=["is_clinician"])
    client = UserFactory()
    Invitation.objects.create(
        clinician=user,
        code=mark("c")[:16],
        email=f"{mark('invitee')}@example.org",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    Note.objects.create(
        author=user, person=client, clinician=user, visibility="private", body=mark("privatenote")
    )


__all__ = ["DEFAULT_PASSWORD", "EMAIL_KEYED", "MarkedPerson", "marked_person", "owner_lookups", "rows_of"]
