"""Writes of the accounts app: sign-up, email and password changes, and deleting an account."""

from __future__ import annotations

import logging
import shutil
from functools import partial
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from . import data_registry
from .email_change import email_change_from_token
from .login_lockout import password_reset_allowed
from .models import PendingEmailChange, User
from .tasks import send_email_change_confirmation, send_password_reset_email

logger = logging.getLogger(__name__)


class EmailTaken(Exception):
    """Another account already uses the address."""


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


@transaction.atomic
def user_sign_up(*, email: str, password: str, display_name: str = "") -> User:
    email = email_normalize(email)
    if User.objects.filter(email=email).exists():
        raise EmailTaken(email)
    return User.objects.create_user(
        email, password, display_name=display_name.strip(), privacy_consent_at=timezone.now()
    )


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
        task_path=send_password_reset_email.module_path, args_kwargs__kwargs__user_id=user.pk
    ).delete()
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
    # Every row with a foreign key to the user goes with it (on_delete=CASCADE).
    user.delete()
    # Files go only once the rows are gone for good, so a failed delete leaves nothing half-done.
    transaction.on_commit(partial(_remove_folder, folder))
