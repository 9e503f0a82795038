"""Who may call the clinician operations, and whose data they reach: the pages' own rules.

A caller must be a clinician (else 403) with a token granted `clinic:read`, `clinic:write` or
`fhir:export` (or the site's session). A person not linked to them, linked no longer, or not sharing
the kind asked for is the same 404 as nobody at all, as on the pages; the link is read afresh from the
database on every request, so a revocation holds from the next one.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja.errors import AuthorizationError

from backwell.web.accounts.models import User
from backwell.web.clinic import selectors
from backwell.web.clinic.models import ClinicianLink

from ..security import SESSION, BearerToken, person

CLINIC_READ = [BearerToken(scopes=["clinic:read"]), SESSION]
CLINIC_WRITE = [BearerToken(scopes=["clinic:write"]), SESSION]
FHIR_EXPORT = [BearerToken(scopes=["fhir:export"]), SESSION]

# Marks an operation's schema with the consent it needs, for apps and for the access-matrix test.
CONSENT_KEY = "x-backwell-consent"


def needs(kind: str) -> dict[str, str]:
    return {CONSENT_KEY: str(kind)}


NOT_LINKED = "No person with this number shares their data with you."


def clinician(request: HttpRequest) -> User:
    user = person(request)
    if not selectors.is_clinician(user):
        raise AuthorizationError(403, "Only clinicians can do this: this account is not a clinician's.")
    return user


def link_or_404(request: HttpRequest, person_id: int) -> ClinicianLink:
    link = selectors.link_for(clinician=clinician(request), person_id=person_id)
    if link is None:
        raise Http404(NOT_LINKED)
    return link


def shared_or_404(request: HttpRequest, person_id: int, kind: str) -> ClinicianLink:
    """The link, when the person shares `kind` with this clinician now."""
    link = link_or_404(request, person_id)
    if not link.shares(kind):
        raise Http404(f"This person does not share their {kind} data with you.")
    return link
