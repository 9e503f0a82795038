"""The apps a person has authorised, and taking that back: every token and code of the app goes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model

from backwell.web.accounts.models import User


@dataclass(frozen=True)
class AuthorisedApp:
    application_id: int
    name: str
    scopes: list[str]
    authorised_at: datetime.datetime


def authorised_apps(*, user: User) -> list[AuthorisedApp]:
    """Apps holding a live access or refresh token of the person's, most recently authorised first."""
    now = timezone.now()
    access = get_access_token_model().objects.filter(user=user, expires__gt=now)
    refresh = get_refresh_token_model().objects.filter(user=user, revoked__isnull=True)
    app_ids = set(access.values_list("application_id", flat=True)) | set(
        refresh.values_list("application_id", flat=True)
    )
    apps = []
    for app_id in app_ids - {None}:
        tokens = get_access_token_model().objects.filter(user=user, application_id=app_id)
        latest = tokens.order_by("-created").select_related("application").first()
        when = tokens.aggregate(at=Max("created"))["at"]
        if latest is None or latest.application is None or when is None:
            continue
        apps.append(AuthorisedApp(app_id, latest.application.name, sorted(set(latest.scope.split())), when))
    return sorted(apps, key=lambda a: a.authorised_at, reverse=True)


@transaction.atomic
def authorised_app_revoke(*, user: User, application_id: int) -> bool:
    """Revoke all of the person's tokens and codes for one app; False when it held none."""
    refresh = get_refresh_token_model().objects.filter(
        user=user, application_id=application_id, revoked__isnull=True
    )
    access = get_access_token_model().objects.filter(user=user, application_id=application_id)
    grants = get_grant_model().objects.filter(user=user, application_id=application_id)
    found = refresh.exists() or access.exists() or grants.exists()
    for token in refresh:
        token.revoke()  # also removes its access token
    access.delete()
    grants.delete()
    return found
