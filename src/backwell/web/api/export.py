"""The API's part of "download my data": the apps a person authorised (their tokens' scopes and
times, never the token values) and the answers kept for retried requests.

Deleting the account removes all of it: every row here has a foreign key to the person (CASCADE).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import models
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)

from backwell.web.accounts.models import User

from .models import IdempotentRequest

# Secrets: a token or code in a lost download would let its finder act as the person.
SECRET_FIELDS = frozenset(
    {"token", "token_checksum", "code", "client_secret", "device_code", "user_code", "code_challenge"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    fields = [
        f for f in queryset.model._meta.concrete_fields if f.name not in SECRET_FIELDS and not f.is_relation
    ]
    out = []
    for row in queryset:
        record = {f.name: _plain(getattr(row, f.attname)) for f in fields}
        application = getattr(row, "application", None)
        if application is not None:
            record["application"] = application.name
        out.append(record)
    return out


def _device_grants(user: User) -> list[dict[str, Any]]:
    try:
        from oauth2_provider.models import get_device_grant_model
    except ImportError:  # pragma: no cover - older toolkits have no device flow
        return []
    return _rows(get_device_grant_model().objects.filter(user=user))


def api_export(user: User) -> dict[str, Any]:
    return {
        "access_tokens": _rows(
            get_access_token_model().objects.filter(user=user).select_related("application")
        ),
        "refresh_tokens": _rows(
            get_refresh_token_model().objects.filter(user=user).select_related("application")
        ),
        "authorization_codes": _rows(
            get_grant_model().objects.filter(user=user).select_related("application")
        ),
        "id_tokens": _rows(get_id_token_model().objects.filter(user=user).select_related("application")),
        "device_grants": _device_grants(user),
        "registered_applications": _rows(get_application_model().objects.filter(user=user)),
        "retried_requests": _rows(IdempotentRequest.objects.filter(user=user)),
    }
