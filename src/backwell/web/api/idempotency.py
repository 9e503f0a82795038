"""Safe retries for an offline client: a write sent with an `Idempotency-Key` header happens once.

The first request runs and its answer is stored with the key, in the same transaction as the write,
so either both are saved or neither. A retry with the key gets the stored answer and writes nothing;
the same key on a different request is refused (422), since that is a client bug, not a retry.
Keys are the person's own: another person's identical key is a different key.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Schema, Status
from pydantic import BaseModel

from backwell.web.accounts.models import User

from .models import IdempotentRequest
from .problems import ApiProblem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# A client that has not heard back in a week has given up; its keys need not be kept longer.
KEEP = datetime.timedelta(days=7)

KeyHeader = Header(
    None,
    alias=HEADER,
    max_length=MAX_KEY_LENGTH,
    description="Any unique string (a UUID) per entry: a retry with the same key is answered, not repeated.",
)

Result = tuple[int, BaseModel]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _replay(stored: IdempotentRequest, fingerprint: str) -> Status[Any]:
    if stored.fingerprint != fingerprint:
        raise ApiProblem(
            422,
            "This Idempotency-Key was already used for a different request: make a new key for each entry.",
            field=HEADER,
        )
    return Status(stored.status, stored.response)


def once(request: HttpRequest, *, user: User, key: str | None, write: Callable[[], Result]) -> Any:
    """Run `write` (returning status and body) once per key; without a key, every time."""
    if not key:
        status, body = write()
        return Status(status, body)
    fingerprint = _fingerprint(request)
    stored = IdempotentRequest.objects.filter(user=user, key=key).first()
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with transaction.atomic():
            status, body = write()
            IdempotentRequest.objects.create(
                user=user,
                key=key,
                method=request.method or "",
                path=request.path[:255],
                fingerprint=fingerprint,
                status=status,
                response=body.model_dump(mode="json") if isinstance(body, Schema | BaseModel) else body,
            )
    except IntegrityError:
        # A retry raced this one and won: its write stands, this one's was rolled back.
        winner = IdempotentRequest.objects.filter(user=user, key=key).first()
        if winner is None:
            raise
        return _replay(winner, fingerprint)
    IdempotentRequest.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    return Status(status, body)
