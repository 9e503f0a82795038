"""Expired OAuth 2 tokens leave the database on the deployment's daily schedule: the documented timer
runs `backwell housekeeping`, which runs django-oauth-toolkit's `cleartokens` (and `clearsessions`)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model

from tests.web.api.world import app_token
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db
DEPLOY = Path(__file__).resolve().parents[3] / "docs" / "deploy.md"
AccessToken, RefreshToken, Grant = get_access_token_model(), get_refresh_token_model(), get_grant_model()


def test_the_daily_timer_runs_the_housekeeping_command() -> None:
    text = DEPLOY.read_text()
    unit = text[text.index("`backwell-housekeeping.service`") :]
    assert re.search(r"ExecStart=\S+/backwell housekeeping\n", unit)
    assert "OnCalendar=*-*-* 04:15:00" in unit


def test_housekeeping_removes_expired_tokens_and_keeps_live_ones() -> None:
    user = UserFactory()
    live = app_token(user)
    app_token(user)
    stale = AccessToken.objects.order_by("-pk").first()
    assert stale is not None
    past = timezone.now() - datetime.timedelta(days=1)
    stale.expires = past
    stale.save(update_fields=["expires"])
    # A refresh token revoked longer ago than refresh tokens live: only a record of the past.
    revoked = RefreshToken.objects.create(
        user=user,
        application=stale.application,
        token="revoked-refresh",
        revoked=timezone.now() - datetime.timedelta(days=61),
    )
    Grant.objects.create(
        user=user,
        application=stale.application,
        code="old-code",
        expires=past,
        redirect_uri="https://app.example.org/callback",
        code_challenge="x" * 43,
        code_challenge_method="S256",
    )

    call_command("housekeeping", verbosity=0)

    assert list(AccessToken.objects.exclude(pk=stale.pk).values_list("pk", flat=True)) == list(
        AccessToken.objects.values_list("pk", flat=True)
    )
    assert AccessToken.objects.count() == 1
    assert not RefreshToken.objects.filter(pk=revoked.pk).exists()
    assert not Grant.objects.exists()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {live}")
    assert response.status_code == 200  # the live token still answers
