"""The newsletter's email messages: plain-text and HTML parts, with RFC 8058 one-click unsubscribe."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from backwell.web.content.markup import render_markdown

from .models import Issue, Subscriber
from .tokens import confirm_max_age, confirmation_token, unsubscribe_token


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_urls(subscriber: Subscriber) -> tuple[str, str]:
    """(page a person opens, endpoint a mail client POSTs to for one-click unsubscribe)."""
    token = unsubscribe_token(subscriber_id=subscriber.pk, email=subscriber.email)
    return (
        absolute(reverse("newsletter:unsubscribe", kwargs={"token": token})),
        absolute(reverse("newsletter:one_click_unsubscribe", kwargs={"token": token})),
    )


def _message(
    *, subject: str, to: str, text: str, html: str, one_click_url: str, connection: BaseEmailBackend | None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(
    subscriber: Subscriber, *, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    token = confirmation_token(subscriber_id=subscriber.pk, email=subscriber.email)
    page_url, one_click_url = unsubscribe_urls(subscriber)
    context = {
        "confirm_url": absolute(reverse("newsletter:confirm", kwargs={"token": token})),
        "unsubscribe_url": page_url,
        "days": settings_confirm_days(),
    }
    return _message(
        subject=_("Please confirm your backwell newsletter sign-up"),
        to=subscriber.email,
        text=render_to_string("newsletter/email/confirm.txt", context),
        html=render_to_string("newsletter/email/confirm.html", context),
        one_click_url=one_click_url,
        connection=connection,
    )


def settings_confirm_days() -> int:
    return max(1, confirm_max_age() // 86400)


def issue_context(issue: Issue, unsubscribe_url: str) -> dict[str, object]:
    return {
        "issue": issue,
        "body_html": render_markdown(issue.body),
        "body_text": issue.body.strip(),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }


def issue_message(
    issue: Issue,
    subscriber: Subscriber,
    *,
    connection: BaseEmailBackend | None = None,
    body_html: str | None = None,
) -> EmailMultiAlternatives:
    page_url, one_click_url = unsubscribe_urls(subscriber)
    context = issue_context(issue, page_url)
    if body_html is not None:
        context["body_html"] = body_html
    message = _message(
        subject=issue.subject,
        to=subscriber.email,
        text=render_to_string("newsletter/email/issue.txt", context),
        html=render_to_string("newsletter/email/issue.html", context),
        one_click_url=one_click_url,
        connection=connection,
    )
    if issue.pk and subscriber.pk:
        message.extra_headers["Message-ID"] = issue_message_id(issue.pk, subscriber.pk)
    return message


def issue_message_id(issue_id: int, subscriber_id: int) -> str:
    """The same Message-ID every time this issue goes to this subscriber.

    A worker that dies after the mail server took a message but before it was recorded sends it again
    on resume (see services.issue_send_batch); with the same Message-ID the copy is the same message,
    which mail systems show once.
    """
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<newsletter-issue-{issue_id}-to-{subscriber_id}@{domain}>"
