"""Background tasks of the accounts app: the emails it sends.

They name the person by id, so no address sits in a queue; a sign-up link is the exception (there is
no account yet), and its queue row is removed once the account is made or deleted.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .email_change import email_change_token
from .models import PendingEmailChange, User

logger = logging.getLogger(__name__)


def _send(*, template: str, to: str, context: dict[str, object]) -> None:
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_password_reset_email(*, user_id: int) -> bool:
    """Mails a one-time reset link; the link stops working once the password changes."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:  # deleted or deactivated since the request: nothing to send
        return False
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    _send(template="password_reset", to=user.email, context={"user": user, "link": settings.SITE_URL + path})
    return True


@task()
def send_email_change_confirmation(*, change_id: int) -> bool:
    """Mails the confirmation link to the new address and a heads-up to the current one."""
    change = PendingEmailChange.objects.select_related("user").filter(pk=change_id).first()
    if change is None:  # confirmed, replaced or the account deleted in the meantime
        return False
    path = reverse("accounts:email_change_confirm", kwargs={"token": email_change_token(change)})
    context = {"user": change.user, "link": settings.SITE_URL + path, "new_email": change.new_email}
    _send(template="email_change_confirm", to=change.new_email, context=context)
    _send(template="email_change_notice", to=change.user.email, context=context)
    return True


@task()
def send_sign_up_confirmation(*, email: str, token: str) -> bool:
    """Mails the link that finishes a sign-up; the address has no account yet, so it is named here."""
    path = reverse("accounts:signup_confirm", kwargs={"token": token})
    _send(template="sign_up_confirm", to=email, context={"link": settings.SITE_URL + path})
    return True


@task()
def send_sign_up_attempt_notice(*, user_id: int) -> bool:
    """Tells an account's owner that someone tried to sign up with their address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "user": user,
        "login_link": settings.SITE_URL + reverse("accounts:login"),
        "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    _send(template="sign_up_attempt", to=user.email, context=context)
    return True
