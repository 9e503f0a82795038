"""Writes of the accounts app: sign-up, email and password changes, and deleting an account."""

from __future__ import annotations

import logging
import shutil
from functools import partial
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from backwell.web.core.erasure import storage_scrub

from . import data_registry
from .email_change import email_change_from_token
from .login_lockout import email_allowed, password_reset_allowed
from .models import PendingEmailChange, User
from .signup_confirmation import sign_up_from_token, sign_up_token
from .tasks import (
    send_email_change_confirmation,
    send_password_reset_email,
    send_sign_up_attempt_notice,
    send_sign_up_confirmation,
)

logger = logging.getLogger(__name__)


class EmailTaken(Exception):
    """Another account already uses the address."""


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


class WrongPassword(Exception):
    """The password typed to finish a sign-up is not the one chosen when signing up."""


def sign_up_request(*, email: str, password: str, display_name: str = "") -> None:
    """Mails a link that finishes the sign-up, or, if the address has an account, a note to its owner.

    Returns nothing either way, so the page answers the same whether or not the address is known.
    """
    email = email_normalize(email)
    # Hashing the password is the slow part: it is done for known addresses too, so the time the
    # answer takes does not tell them apart either.
    token = sign_up_token(
        email=email, display_name=display_name.strip(), password=password, consent_at=timezone.now()
    )
    existing = User.objects.filter(email=email).values_list("pk", flat=True).first()
    if not email_allowed(kind="sign-up", email=email):
        return
    if existing is not None:
        transaction.on_commit(partial(send_sign_up_attempt_notice.enqueue, user_id=existing))
    else:
        transaction.on_commit(partial(send_sign_up_confirmation.enqueue, email=email, token=token))


@transaction.atomic
def sign_up_confirm(*, token: str, password: str) -> User:
    """Makes the account a sign-up link names (raises InvalidSignUpLink, WrongPassword or EmailTaken)."""
    request = sign_up_from_token(token)
    if not request.password_matches(password):
        raise WrongPassword
    if User.objects.filter(email=request.email).exists():  # the link was used already, or a twin
        raise EmailTaken(request.email)
    user = User(email=request.email, display_name=request.display_name, privacy_consent_at=request.consent_at)
    user.password = request.password_hash
    user.save()
    # The queued email held the address and the link; it has done its work.
    _sign_up_task_rows_delete(request.email)
    return user


def _sign_up_task_rows_delete(email: str) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        task_path=send_sign_up_confirmation.module_path, args_kwargs__kwargs__email=email
    ).delete()


@transaction.atomic
def user_profile_update(*, user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def password_reset_request(*, email: str) -> None:
    """Sends a reset link if an active account has this address; says nothing either way."""
    user = User.objects.filter(email=email_normalize(email), is_active=True).first()
    if user is not None and password_reset_allowed(email=user.email):
        transaction.on_commit(partial(send_password_reset_email.enqueue, user_id=user.pk))


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> PendingEmailChange:
    new_email = email_normalize(new_email)
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise EmailTaken(new_email)
    # Only the latest request counts: older links stop working.
    PendingEmailChange.objects.filter(user=user).delete()
    change = PendingEmailChange.objects.create(user=user, new_email=new_email)
    transaction.on_commit(partial(send_email_change_confirmation.enqueue, change_id=change.pk))
    return change


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Applies the change a confirmation link names (raises InvalidEmailChangeLink or EmailTaken)."""
    change = email_change_from_token(token)
    user = User.objects.select_for_update().get(pk=change.user_id)
    if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
        raise EmailTaken(change.new_email)
    user.email = change.new_email
    user.save(update_fields=["email"])
    PendingEmailChange.objects.filter(user=user).delete()
    return user


def user_private_dir(user: User) -> Path:
    """The folder for a person's private files (photos and the like), removed with the account."""
    return Path(settings.PRIVATE_ROOT) / str(user.pk)


def _sessions_of(user_pk: int) -> list[str]:
    # Sessions store the user's id only inside their encoded data, so each live one is decoded.
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_pk):
            keys.append(session.session_key)
    return keys


def _remove_folder(path: Path) -> None:
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass
    except OSError:
        logger.exception("could not remove the private folder %s of a deleted account", path)


def _account_task_rows_delete(user: User) -> None:
    """Queued account emails name the person by id only, but those rows go too."""
    from django_tasks_db.models import DBTaskResult

    change_ids = list(user.pending_email_changes.values_list("pk", flat=True))
    DBTaskResult.objects.filter(
        task_path__in=[send_password_reset_email.module_path, send_sign_up_attempt_notice.module_path],
        args_kwargs__kwargs__user_id=user.pk,
    ).delete()
    _sign_up_task_rows_delete(user.email)
    if change_ids:
        DBTaskResult.objects.filter(
            task_path=send_email_change_confirmation.module_path,
            args_kwargs__kwargs__change_id__in=change_ids,
        ).delete()


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the person and everything of theirs: rows, sessions, queued emails and private files."""
    folder = user_private_dir(user)
    _account_task_rows_delete(user)
    for name, eraser in data_registry.erasers().items():
        logger.debug("erasing %s for a deleted account", name)
        eraser(user)
    # Through the session store, so a copy in the cache (cached_db sessions) goes with the row.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in _sessions_of(user.pk):
        store(session_key=session_key).delete()
    _admin_history_redact(user)
    # Every row with a foreign key to the user goes with it (on_delete=CASCADE).
    user.delete()
    # Files go only once the rows are gone for good, so a failed delete leaves nothing half-done.
    transaction.on_commit(partial(_remove_folder, folder))
    transaction.on_commit(storage_scrub)


def _admin_history_redact(user: User) -> None:
    """Staff edits of this account stay in the admin's history, but no longer under the person's name."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr="a deleted account")
