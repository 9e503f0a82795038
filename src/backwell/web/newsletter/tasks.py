"""Background work for the newsletter, run by the tasks API's workers (`backwell db_worker`)."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from .models import Subscriber

logger = logging.getLogger(__name__)


@task()
def send_confirmation_email(subscriber_id: int) -> None:
    from .emails import confirmation_message

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.CONFIRMED:
        return
    confirmation_message(subscriber).send()


@task()
def send_issue_batch(issue_id: int) -> int:
    """One batch, then queue the next; any worker may pick up the rest."""
    from .services import issue_finish_if_done, issue_send_batch

    sent = issue_send_batch(issue_id=issue_id)
    if not issue_finish_if_done(issue_id=issue_id):
        _queue_next_batch(issue_id, wait=not sent)
    logger.info("newsletter issue %s: sent %s in this batch", issue_id, sent)
    return sent


# A batch that found nothing to send while the issue is unfinished looks again after this long.
RECHECK_SECONDS = 5


def _queue_next_batch(issue_id: int, *, wait: bool) -> None:
    # Nothing sent yet not finished: the deliveries left are being sent by other workers, or locked by
    # a worker whose machine vanished until PostgreSQL ends its session. Look again a little later
    # instead of spinning through the queue meanwhile.
    next_batch = send_issue_batch
    if wait and next_batch.get_backend().supports_defer:
        next_batch = next_batch.using(run_after=timezone.now() + datetime.timedelta(seconds=RECHECK_SECONDS))
    next_batch.enqueue(issue_id=issue_id)
