"""Consents, "download my data" and deleting the account: the same rules as the settings pages."""

import datetime
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest
from ninja import Router, Schema, Status

from backwell.web.accounts import services
from backwell.web.accounts.forms import DeleteAccountForm
from backwell.web.accounts.selectors import account_export
from backwell.web.clinic.selectors import links_of_person
from backwell.web.photos import selectors as photo_selectors
from backwell.web.photos import services as photo_services

from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person

router = Router(tags=["account"])


class ClinicianShare(Schema):
    clinician: str
    shares_scores: bool
    consent_changed_at: datetime.datetime | None


class ConsentsOut(Schema):
    privacy_consent_at: datetime.datetime | None
    photos_measures_only: bool
    clinicians: list[ClinicianShare]


class PhotoConsentIn(Schema):
    measures_only: bool


class DeleteIn(Schema):
    current_password: str
    understood: bool


def _consents(request: HttpRequest) -> dict[str, Any]:
    user = person(request)
    return {
        "privacy_consent_at": user.privacy_consent_at,
        "photos_measures_only": photo_selectors.photo_preference_measures_only(user=user),
        "clinicians": [
            {
                "clinician": str(link.clinician),
                "shares_scores": link.shares_scores,
                "consent_changed_at": link.consent_changed_at,
            }
            for link in links_of_person(person=user)
        ],
    }


@router.get("/consents", response={200: ConsentsOut, **refusals(401, 403)}, auth=PERSON_READ)
def consents_get(request: HttpRequest) -> dict[str, Any]:
    """What you agreed to: the privacy terms, keeping photos or only their measures, and sharing."""
    return _consents(request)


@router.put("/consents/photos", response={200: ConsentsOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def photo_consent_set(request: HttpRequest, payload: PhotoConsentIn) -> dict[str, Any]:
    """Keep your posture photos (false) or only the measures taken from them (true)."""
    photo_services.photo_preference_set(user=person(request), measures_only=payload.measures_only)
    return _consents(request)


@router.get("/export", response={200: dict[str, Any], **refusals(401, 403)}, auth=PERSON_READ)
def export_get(request: HttpRequest) -> dict[str, Any]:
    """Everything backwell holds about you, as data.json of the download (photo files: /accounts/my-data.zip)."""
    return account_export(user=person(request))


@router.post("/delete", response={204: None, **refusals(401, 403)}, auth=PERSON_WRITE)
def account_delete(request: HttpRequest, payload: DeleteIn) -> Status[None]:
    """Delete your account and everything in it, for good: needs your password and `understood: true`."""
    user = person(request)
    form = DeleteAccountForm(
        user, {"current_password": payload.current_password, "understood": "on" if payload.understood else ""}
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise ApiProblem(422, " ".join(str(e) for e in errors), field=field)
    services.user_delete(user=user)
    logout(request)
    return Status(204, None)
