"""Background work for the newsletter, run by the tasks API's workers (`backwell db_worker`)."""

from __future__ import annotations

import logging

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
        send_issue_batch.enqueue(issue_id=issue_id)
    logger.info("newsletter issue %s: sent %s in this batch", issue_id, sent)
    return sent
