"""People for the API tests: one with a program and history, another with their own, and an app
with tokens for each."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model

from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.photos.models import PostureVideoJob
from backwell.web.programs.models import Program
from tests.web.factories import AssessmentFactory, UserFactory
from tests.web.photos.factories import PostureAnalysisFactory
from tests.web.programs.conftest import start_program

ALL_SCOPES = "person:read person:write"


def app_token(user: User, scope: str = ALL_SCOPES, *, name: str = "Pocket coach") -> str:
    """A bearer token of a registered app, as the token endpoint would have issued it."""
    application, _ = get_application_model().objects.get_or_create(
        name=name,
        defaults={
            "client_type": "public",
            "authorization_grant_type": "authorization-code",
            "redirect_uris": "https://app.example.org/callback",
        },
    )
    token = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(
        user=user,
        application=application,
        token=token,
        scope=scope,
        expires=timezone.now() + datetime.timedelta(hours=1),
    )
    return token


@dataclass
class Person:
    user: User
    program: Program
    assessment: Assessment
    analysis_id: int
    video_id: int
    token: str


def person_with_history() -> Person:
    user = UserFactory()
    program = start_program(user, start=timezone.localdate() - datetime.timedelta(days=3))
    in_progress = AssessmentFactory(user=user)
    analysis = PostureAnalysisFactory(user=user)
    video = PostureVideoJob.objects.create(user=user, view="side", filename="squat.mp4")
    return Person(user, program, in_progress, analysis.pk, video.pk, app_token(user))
