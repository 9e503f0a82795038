"""Writes for the newsletter: sign-up with double opt-in, confirm, unsubscribe, and sending issues."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from backwell.web.content.markup import render_markdown

from .emails import issue_message
from .models import ConsentEvent, Delivery, Issue, Subscriber
from .tokens import TokenProblem, email_hash, read_confirmation_token, read_unsubscribe_token

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 50
# Chains of batches sending one issue at once (NEWSLETTER_SENDERS), so that every worker helps. More
# chains than workers: a chain stops with a worker killed mid-batch (until its queue retries that
# batch), and the surviving workers should not then sit idle.
DEFAULT_SENDERS = 4
# At most this many confirmation emails per address per day, so nobody can flood a stranger's inbox.
CONFIRMATIONS_PER_DAY = 3


def _confirmation_allowed(email: str) -> bool:
    key = "newsletter:confirm-sent:" + hashlib.sha256(email.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=24 * 3600):
        return True
    try:
        return cache.incr(key) <= CONFIRMATIONS_PER_DAY
    except ValueError:
        return cache.add(key, 1, timeout=24 * 3600)


def _queue_confirmation(subscriber: Subscriber) -> None:
    from .tasks import send_confirmation_email

    if _confirmation_allowed(subscriber.email):
        transaction.on_commit(lambda: send_confirmation_email.enqueue(subscriber_id=subscriber.pk))


@transaction.atomic
def subscriber_sign_up(*, email: str, wording: str, source: str) -> None:
    """Ask for a confirmation; returns nothing, so callers answer the same whoever signs up.

    A confirmed address is left exactly as it is. A pending one gets its confirmation again. An
    unsubscribed one is asked to confirm afresh, with the new request recorded.
    """
    address = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(email=address)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return
    if created or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        ConsentEvent.objects.create(
            subscriber=subscriber, action=ConsentEvent.Action.REQUESTED, wording=wording, source=source
        )
    _queue_confirmation(subscriber)


@dataclass(frozen=True)
class ConfirmOutcome:
    confirmed: bool
    already: bool = False
    problem: TokenProblem | None = None


@transaction.atomic
def subscriber_confirm(*, token: str) -> ConfirmOutcome:
    result = read_confirmation_token(token)
    if result.problem is not None or result.subscriber_id is None:
        return ConfirmOutcome(False, problem=result.problem or TokenProblem.INVALID)
    subscriber = Subscriber.objects.select_for_update().filter(pk=result.subscriber_id).first()
    if subscriber is None or email_hash(subscriber.email) != result.email_hash:
        return ConfirmOutcome(False, problem=TokenProblem.INVALID)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return ConfirmOutcome(True, already=True)
    last_request = subscriber.consent_events.filter(action=ConsentEvent.Action.REQUESTED).last()
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    ConsentEvent.objects.create(
        subscriber=subscriber,
        action=ConsentEvent.Action.CONFIRMED,
        wording=last_request.wording if last_request else "",
        source="confirmation link",
    )
    return ConfirmOutcome(True)


def subscriber_for_unsubscribe(*, token: str) -> tuple[Subscriber | None, TokenProblem | None]:
    result = read_unsubscribe_token(token)
    if result.problem is not None or result.subscriber_id is None:
        return None, result.problem or TokenProblem.INVALID
    subscriber = Subscriber.objects.filter(pk=result.subscriber_id).first()
    if subscriber is None or email_hash(subscriber.email) != result.email_hash:
        return None, TokenProblem.INVALID
    return subscriber, None


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, source: str) -> None:
    """Stop all mail to this address at once, including deliveries still queued for an issue."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
        ConsentEvent.objects.create(
            subscriber=subscriber, action=ConsentEvent.Action.UNSUBSCRIBED, wording="", source=source
        )
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.QUEUED).delete()


# --- Issues -------------------------------------------------------------------------------------


def issue_send_test(*, issue: Issue, to_email: str) -> None:
    """Send the issue to an editor's own address now, marked as a test, without recording a delivery."""
    preview = Subscriber(pk=0, email=to_email)
    message = issue_message(issue, preview)
    message.subject = f"[TEST] {issue.subject}"
    message.send()


@transaction.atomic
def issue_start_sending(*, issue: Issue) -> int:
    """Queue a delivery for every confirmed subscriber not yet queued, and start the workers."""
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        [Delivery(issue=locked, subscriber_id=pk) for pk in confirmed.iterator()],
        ignore_conflicts=True,
        batch_size=500,
    )
    locked.status = Issue.Status.SENDING
    locked.send_started_at = locked.send_started_at or timezone.now()
    locked.save(update_fields=["status", "send_started_at"])
    transaction.on_commit(lambda: _start_senders(locked.pk))
    return Delivery.objects.filter(issue=locked).count()


def _start_senders(issue_id: int) -> None:
    """Queue one chain of batches per sender; each chain queues its next batch until none are left."""
    from .tasks import send_issue_batch

    for _ in range(max(1, int(getattr(settings, "NEWSLETTER_SENDERS", DEFAULT_SENDERS)))):
        send_issue_batch.enqueue(issue_id=issue_id)


def issue_resume_sending(*, issue: Issue) -> None:
    """Start the workers again after an interruption; deliveries already sent are not sent twice."""
    _start_senders(issue.pk)


def _claims_roll_back() -> bool:
    """Whether a claim can be a row lock that a dying worker's database connection gives back.

    PostgreSQL's `FOR UPDATE SKIP LOCKED` lets each worker hold the delivery it is sending inside a
    transaction while the others pass it by. SQLite has no row locks: a transaction there would hold
    the database's only write lock through each SMTP conversation, so it keeps the committed claim.
    """
    return bool(connection.features.has_select_for_update_skip_locked)


def delivery_claim_next(*, issue_id: int) -> Delivery | None:
    """Take the next queued delivery for this worker alone, or None when none are left."""
    while True:
        candidate = (
            Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        # A conditional update is the claim: of two workers racing for the row only one changes it.
        won = Delivery.objects.filter(pk=candidate, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now()
        )
        if won:
            return Delivery.objects.select_related("subscriber", "issue").get(pk=candidate)


def _mark(delivery: Delivery, status: str, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, sent_at=timezone.now() if status == Delivery.Status.SENT else None, error=error[:300]
    )


def issue_send_batch(*, issue_id: int, batch_size: int | None = None) -> int:
    """Send up to one batch over one SMTP connection; returns how many went out.

    On PostgreSQL each delivery is claimed, recorded as sent and sent inside one transaction, its row
    locked: if the worker dies first, PostgreSQL rolls the transaction back and another worker sends
    that delivery — nothing is lost. A second copy needs the worker to die in the microseconds between
    the mail server taking the message and the COMMIT leaving; it then has the same Message-ID. On
    SQLite (one machine) a claim is committed before sending and an interrupted one is never retried:
    at most once.
    """
    size = batch_size or int(getattr(settings, "NEWSLETTER_BATCH_SIZE", DEFAULT_BATCH_SIZE))
    issue = Issue.objects.get(pk=issue_id)
    body_html = render_markdown(issue.body)
    send_one = _send_locked if _claims_roll_back() else _send_claimed
    sent = 0
    with get_connection() as mail:
        for _ in range(size):
            outcome = send_one(issue, mail, body_html)
            if outcome is None:
                break
            sent += outcome
    return sent


def _send(issue: Issue, delivery: Delivery, mail: BaseEmailBackend, body_html: str) -> tuple[str, str]:
    """Hand one message to the mail server; the status and error to record for it."""
    if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
        return Delivery.Status.FAILED, "unsubscribed before sending"
    message = issue_message(issue, delivery.subscriber, connection=mail, body_html=body_html)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        return Delivery.Status.FAILED, f"refused: {error.recipients}"
    return Delivery.Status.SENT, ""


def _send_claimed(issue: Issue, mail: BaseEmailBackend, body_html: str) -> int | None:
    """At most once: the committed claim stays `sending` if the worker dies before recording it."""
    delivery = delivery_claim_next(issue_id=issue.pk)
    if delivery is None:
        return None
    status, error = _send(issue, delivery, mail, body_html)
    _mark(delivery, status, error)
    return int(status == Delivery.Status.SENT)


def _send_locked(issue: Issue, mail: BaseEmailBackend, body_html: str) -> int | None:
    """Claim, record and send in one transaction (see issue_send_batch)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A COMMIT then waits for no disk flush. A worker dying is unaffected (PostgreSQL has the
            # COMMIT); only PostgreSQL itself crashing could forget the last moment's "sent" marks,
            # and those messages would go again, with their same Message-IDs.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        # Any queued delivery will do: no ORDER BY, which would sort every queued row for each one.
        delivery = next(
            iter(
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscriber")
                .filter(issue_id=issue.pk, status=Delivery.Status.QUEUED)[:1]
            ),
            None,
        )
        if delivery is None:
            return None
        # Recorded before sending, so that once the message is out only the COMMIT remains to do.
        _mark(delivery, Delivery.Status.SENT)
        status, error = _send(issue, delivery, mail, body_html)
        if status != Delivery.Status.SENT:
            _mark(delivery, status, error)
    return int(status == Delivery.Status.SENT)


def issue_finish_if_done(*, issue_id: int) -> bool:
    """Mark the issue sent once nothing is queued; True when it is finished."""
    if Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.QUEUED).exists():
        return False
    Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    return True


@dataclass(frozen=True)
class SendProgress:
    total: int
    sent: int
    queued: int
    in_flight: int
    failed: int

    @property
    def percent(self) -> int:
        return round(100 * self.sent / self.total) if self.total else 0


def issue_progress(*, issue: Issue) -> SendProgress:
    counts = Delivery.objects.filter(issue=issue).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        queued=Count("pk", filter=Q(status=Delivery.Status.QUEUED)),
        in_flight=Count("pk", filter=Q(status=Delivery.Status.SENDING)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
    )
    return SendProgress(**counts)
