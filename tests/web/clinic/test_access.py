"""Who may open each clinic URL: every URL × {anonymous, the person, linked clinician with that consent,
linked clinician without it, unlinked clinician, clinician after revocation, admin}. No leaks: a
refused request shows none of the person's data, and nobody's email address is shown to anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backwell.web.clinic import plan_edits, services
from backwell.web.clinic.models import AccessLogEntry, ClinicianLink, Note
from backwell.web.programs.models import Program
from tests.web.clinic.world import DAILY_NOTE, World

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "person", "with_consent", "without", "unlinked", "revoked", "admin")
LOGIN = "login"  # a redirect to the login page


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, object]]
    expected: dict[str, int | str]


def _page(w: World) -> str:
    return reverse("clinic:person", args=[w.person.pk])


def _planned_first(w: World) -> str:
    program = Program.objects.filter(user=w.person).latest("created_at")
    return plan_edits.planned_slugs(
        program.plan["program"], services.current_week(program, timezone.localdate())
    )[0]


CLINICIAN_ONLY = {"anonymous": LOGIN, "person": 403, "admin": 403}
PERSON_SCOPED = {**CLINICIAN_ONLY, "unlinked": 404, "revoked": 404}
SIGNED_IN = {"anonymous": LOGIN}

ENDPOINTS = (
    Endpoint(
        "worklist",
        "get",
        lambda w: reverse("clinic:worklist"),
        lambda w: {},
        {**CLINICIAN_ONLY, "with_consent": 200, "without": 200, "unlinked": 200, "revoked": 200},
    ),
    Endpoint(
        "invite",
        "get",
        lambda w: reverse("clinic:invite"),
        lambda w: {},
        {**CLINICIAN_ONLY, "with_consent": 200, "without": 200, "unlinked": 200, "revoked": 200},
    ),
    Endpoint("person", "get", _page, lambda w: {}, {**PERSON_SCOPED, "with_consent": 200, "without": 200}),
    Endpoint(
        "note_add",
        "post",
        lambda w: reverse("clinic:note_add", args=[w.person.pk]),
        lambda w: {"body": "A note"},
        {**PERSON_SCOPED, "with_consent": 302, "without": 302},
    ),
    Endpoint(
        "reviewed",
        "post",
        lambda w: reverse("clinic:reviewed", args=[w.person.pk]),
        lambda w: {},
        {**PERSON_SCOPED, "with_consent": 302, "without": 404},
    ),
    Endpoint(
        "override",
        "post",
        lambda w: reverse("clinic:override", args=[w.person.pk]),
        lambda w: {"action": "remove", "exercise": _planned_first(w), "reason": "Not for now"},
        {**PERSON_SCOPED, "with_consent": 302, "without": 404},
    ),
    Endpoint(
        "lock",
        "post",
        lambda w: reverse("clinic:lock", args=[w.person.pk]),
        lambda w: {"exercise": _planned_first(w), "locked": "on"},
        {**PERSON_SCOPED, "with_consent": 302, "without": 404},
    ),
    Endpoint(
        "adaptation_mode",
        "post",
        lambda w: reverse("clinic:adaptation_mode", args=[w.person.pk]),
        lambda w: {"mode": "approve"},
        {**PERSON_SCOPED, "with_consent": 302, "without": 404},
    ),
    Endpoint(
        "decide",
        "post",
        lambda w: reverse("clinic:decide", args=[w.person.pk]),
        lambda w: {"pending": 1, "decision": "approved"},
        {**PERSON_SCOPED, "with_consent": 400, "without": 404},
    ),
    Endpoint(
        "report_pdf",
        "get",
        lambda w: reverse("clinic:report_pdf", args=[w.person.pk]),
        lambda w: {},
        {**PERSON_SCOPED, "with_consent": 200, "without": 200},
    ),
    Endpoint(
        "fhir",
        "get",
        lambda w: reverse("clinic:fhir", args=[w.person.pk]),
        lambda w: {},
        {**PERSON_SCOPED, "with_consent": 200, "without": 200},
    ),
    Endpoint(
        "own_plan_pdf",
        "get",
        lambda w: reverse("clinic:own_plan_pdf"),
        lambda w: {},
        {
            "anonymous": LOGIN,
            "person": 200,
            "with_consent": 404,
            "without": 404,
            "unlinked": 404,
            "revoked": 404,
            "admin": 404,
        },
    ),
    Endpoint(
        "photo",
        "get",
        lambda w: reverse("clinic:photo", args=[w.person.pk, w.analysis.photo_id]),
        lambda w: {},
        {**PERSON_SCOPED, "with_consent": 200, "without": 404},
    ),
    Endpoint(
        "join",
        "get",
        lambda w: reverse("clinic:join"),
        lambda w: {},
        {**SIGNED_IN, **dict.fromkeys(ROLES[1:], 200)},
    ),
    Endpoint(
        "sharing",
        "get",
        lambda w: reverse("clinic:sharing"),
        lambda w: {},
        {**SIGNED_IN, **dict.fromkeys(ROLES[1:], 200)},
    ),
    Endpoint(
        "consent",
        "post",
        lambda w: reverse(
            "clinic:consent", args=[ClinicianLink.objects.get(person=w.person, clinician=w.with_consent).pk]
        ),
        lambda w: {
            f"l{ClinicianLink.objects.get(person=w.person, clinician=w.with_consent).pk}-kinds": ["scores"]
        },
        {**SIGNED_IN, "person": 302, **dict.fromkeys(ROLES[2:], 404)},
    ),
    Endpoint(
        "revoke",
        "post",
        lambda w: reverse(
            "clinic:revoke", args=[ClinicianLink.objects.get(person=w.person, clinician=w.with_consent).pk]
        ),
        lambda w: {},
        {**SIGNED_IN, "person": 302, **dict.fromkeys(ROLES[2:], 404)},
    ),
    Endpoint(
        "reply",
        "post",
        lambda w: reverse("clinic:reply", args=[w.note.pk]),
        lambda w: {f"n{w.note.pk}-body": "Thanks"},
        {**SIGNED_IN, "person": 302, **dict.fromkeys(ROLES[2:], 404)},
    ),
)


def test_the_matrix_covers_every_clinic_url() -> None:
    from backwell.web.clinic import urls

    tested = {e.name for e in ENDPOINTS} | {"join_code"}  # join_code: test_linking.py
    assert {p.name for p in urls.urlpatterns} == tested
    assert all(set(e.expected) == set(ROLES) for e in ENDPOINTS)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("role", ROLES)
def test_access(world: World, endpoint: Endpoint, role: str) -> None:
    client = Client()
    user = world.role(role)
    if user is not None:
        client.force_login(user)
    response = getattr(client, endpoint.method)(endpoint.url(world), endpoint.data(world))
    expected = endpoint.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        return
    assert response.status_code == expected, f"{endpoint.name} as {role}: {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if role != "person":
        # Nobody but the person sees the person's email address; a refused request shows none of their data.
        assert world.person.email.encode() not in body
        if expected in (403, 404):
            assert DAILY_NOTE.encode() not in body and str(world.person).encode() not in body
    if role == "person":
        for other in (world.with_consent, world.without, world.revoked):
            assert other.email.encode() not in body


def test_the_person_page_shows_only_the_kinds_consented(world: World) -> None:
    client = Client()
    client.force_login(world.with_consent)
    full = client.get(_page(world)).content.decode()
    client.force_login(world.without)
    partial = client.get(_page(world)).content.decode()
    assert "Scores over time" in full and "Assessment and findings" in full and "Posture photos" in full
    assert "Adherence" in partial and "Per exercise" in partial
    for absent in (
        "Scores over time",
        "Assessment and findings",
        "Posture photos and measures",
        "Program changes",
    ):
        assert absent not in partial
    assert reverse("clinic:photo", args=[world.person.pk, world.analysis.photo_id]) not in partial


def test_revocation_takes_effect_on_the_very_next_request(world: World) -> None:
    client = Client()
    client.force_login(world.with_consent)
    assert client.get(_page(world)).status_code == 200
    person = Client()
    person.force_login(world.person)
    link = ClinicianLink.objects.get(person=world.person, clinician=world.with_consent)
    person.post(reverse("clinic:revoke", args=[link.pk]))
    assert client.get(_page(world)).status_code == 404
    worklist = client.get(reverse("clinic:worklist")).content.decode()
    assert str(world.person) not in worklist


def test_a_changed_consent_hides_photos_at_once(world: World) -> None:
    client = Client()
    client.force_login(world.with_consent)
    photo = reverse("clinic:photo", args=[world.person.pk, world.analysis.photo_id])
    assert client.get(photo).status_code == 200
    link = ClinicianLink.objects.get(person=world.person, clinician=world.with_consent)
    person = Client()
    person.force_login(world.person)
    person.post(reverse("clinic:consent", args=[link.pk]), {f"l{link.pk}-kinds": ["scores", "adherence"]})
    assert client.get(photo).status_code == 404


def test_every_opening_is_logged_and_shown_to_the_person(world: World) -> None:
    client = Client()
    client.force_login(world.with_consent)
    client.get(_page(world))
    client.get(reverse("clinic:photo", args=[world.person.pk, world.analysis.photo_id]))
    entries = AccessLogEntry.objects.filter(person=world.person, clinician=world.with_consent)
    assert {e.kind for e in entries} == {"scores", "adherence", "photos", "program"}
    assert entries.filter(kind="photos", what="a posture photo").exists()
    person = Client()
    person.force_login(world.person)
    privacy = person.get(reverse("accounts:privacy")).content.decode()
    sharing = person.get(reverse("clinic:sharing")).content.decode()
    for page in (privacy, sharing):
        assert str(world.with_consent) in page and "a posture photo" in page
    # Refused requests leave no entry: nothing was opened.
    client.force_login(world.unlinked)
    client.get(_page(world))
    assert not AccessLogEntry.objects.filter(clinician=world.unlinked).exists()


def test_a_clinician_never_sees_another_clinicians_private_notes(world: World) -> None:
    link = ClinicianLink.objects.get(person=world.person, clinician=world.with_consent)
    Note.objects.create(
        author=world.with_consent,
        person=world.person,
        clinician=world.with_consent,
        visibility="private",
        body="PRIVATE-MARKER",
    )
    client = Client()
    client.force_login(world.without)
    assert "PRIVATE-MARKER" not in client.get(_page(world)).content.decode()
    person = Client()
    person.force_login(world.person)
    assert "PRIVATE-MARKER" not in person.get(reverse("clinic:sharing")).content.decode()
    client.force_login(world.with_consent)
    assert "PRIVATE-MARKER" in client.get(_page(world)).content.decode()
    assert link.active
