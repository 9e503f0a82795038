"""The clinician's operations do what the pages do: the worklist, data within consent (each read in
the person's access log), overrides through the engine's safety check, deciding a held adaptation,
notes and replies, the PDF report and the FHIR export."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from backwell.web.clinic import services
from backwell.web.clinic.models import AccessLogEntry, ClinicianLink, DataKind, PendingAdaptation
from backwell.web.programs.models import ProgramChange
from tests.web.api.clinic_world import CLINIC_SCOPES, MARKERS, Caller, Clinic, clinic_world
from tests.web.api.world import app_token, person_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Clinic:
    owner = person_with_history()
    owner.user.display_name = "Ada Lovelace"
    owner.user.save()
    return clinic_world(owner)


def _get(caller: Caller, path: str) -> Any:
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {caller.token}")


def _send(caller: Caller, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(Client(), method)(
        f"/api/v1{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {caller.token}",
    )


def _people(world: Clinic) -> str:
    return f"/clinic/people/{world.owner.user.pk}"


def test_the_worklist_lists_linked_people_with_their_alerts_and_is_logged(world: Clinic) -> None:
    response = _get(world.with_consent, "/clinic/people?q=ada")
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [row["name"] for row in rows] == ["Ada Lovelace"]
    assert set(rows[0]["shares"]) == set(DataKind.values)
    assert all({"code", "title", "reason"} <= set(alert) for alert in rows[0]["alerts"])
    assert _get(world.with_consent, "/clinic/people?q=nobody").json() == {"items": [], "count": 0}
    assert AccessLogEntry.objects.filter(person=world.owner.user, clinician=world.with_consent.user).exists()

    refused = _get(world.with_consent, "/clinic/people?alert=not-an-alert")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "alert"


def test_a_person_is_not_a_clinician(world: Clinic) -> None:
    # Even with the clinic scopes granted, a person who is not a clinician is refused.
    person = Caller(world.owner.user, app_token(world.owner.user, CLINIC_SCOPES))
    refused = _get(person, "/clinic/people")
    assert refused.status_code == 403
    assert "Only clinicians" in refused.json()["detail"]


def test_each_read_shows_only_its_kind_and_is_in_the_persons_access_log(world: Clinic) -> None:
    lacking_photos = world.lacking[DataKind.PHOTOS]
    assert _get(lacking_photos, f"{_people(world)}/photos").status_code == 404
    weekly = _get(lacking_photos, f"{_people(world)}/checkins/weekly")
    assert weekly.status_code == 200
    assert weekly.json()["items"][0]["psfs"][0]["activity"] == MARKERS[DataKind.SCORES]
    logged = AccessLogEntry.objects.filter(person=world.owner.user, clinician=lacking_photos.user)
    assert list(logged.values_list("kind", flat=True)) == [DataKind.SCORES]

    # Session pain is a score: a clinician seeing adherence without scores gets the sessions, no pain.
    sessions = _get(world.lacking[DataKind.SCORES], f"{_people(world)}/sessions").json()["items"]
    assert sessions and all(s["pain_before"] is None for s in sessions)


def test_revoking_takes_effect_on_the_next_request(world: Clinic) -> None:
    path = f"{_people(world)}/checkins/daily"
    assert _get(world.with_consent, path).status_code == 200
    link = ClinicianLink.objects.get(person=world.owner.user, clinician=world.with_consent.user)
    services.link_revoke(link=link)
    assert _get(world.with_consent, path).status_code == 404


def test_a_contraindicated_override_is_refused_with_the_engines_reasons_until_acknowledged(
    world: Clinic,
) -> None:
    program = world.owner.program
    program.inputs["profile"]["conditions"] = ["joint_replacement_hip"]
    program.save(update_fields=["inputs"])
    path = f"{_people(world)}/program/overrides"
    body = {"action": "add", "exercise": "clamshell", "reason": "Strengthen the hip abductors"}
    changes_before = ProgramChange.objects.filter(program=program).count()

    refused = _send(world.with_consent, "post", path, body)

    assert refused.status_code == 422, refused.content
    problem = refused.json()
    assert "not advised" in problem["detail"]
    assert problem["errors"] and all(e["field"] == "acknowledge" for e in problem["errors"])
    assert ProgramChange.objects.filter(program=program).count() == changes_before

    no_reason = _send(world.with_consent, "post", path, {**body, "acknowledge": True, "reason": "  "})
    assert no_reason.status_code == 422
    assert "Write why" in no_reason.json()["detail"]

    done = _send(world.with_consent, "post", path, {**body, "acknowledge": True})
    assert done.status_code == 201, done.content
    assert done.json()["changes"][0]["overrode"] == [e["message"] for e in problem["errors"]]
    program.refresh_from_db()
    assert any(i["exercise"] == "clamshell" for d in program.plan["program"]["days"] for i in d["items"])


def test_a_held_adaptation_is_rejected_with_a_reason(world: Clinic) -> None:
    path = f"{_people(world)}/program/adaptations/{world.pending_id}/decision"
    assert _send(world.with_consent, "post", path, {"decision": "rejected"}).status_code == 422
    done = _send(world.with_consent, "post", path, {"decision": "rejected", "reason": "Too soon."})
    assert done.status_code == 201
    assert PendingAdaptation.objects.get(pk=world.pending_id).decision == "rejected"
    again = _send(world.with_consent, "post", path, {"decision": "approved"})
    assert again.status_code == 422
    assert "already been decided" in again.json()["detail"]


def test_a_shared_note_is_answered_by_the_person_and_private_ones_stay_private(world: Clinic) -> None:
    posted = _send(
        world.with_consent, "post", f"{_people(world)}/notes", {"body": "Walk daily", "shared": True}
    )
    assert posted.status_code == 201
    owner = Caller(world.owner.user, world.owner.token)
    notes = _get(owner, "/sharing/notes").json()["items"]
    assert "Walk daily" in [n["body"] for n in notes]
    assert all(n["body"] != "Private-note-marker-7f3a" for n in notes)

    reply = _send(owner, "post", f"/sharing/notes/{posted.json()['id']}/replies", {"body": "Will do"})
    assert reply.status_code == 201
    thread = _get(world.with_consent, f"{_people(world)}/notes").json()["items"]
    assert [(n["body"], n["by_person"]) for n in thread][-1] == ("Will do", True)
    empty = _send(owner, "post", f"/sharing/notes/{posted.json()['id']}/replies", {"body": "   "})
    assert empty.status_code == 422


def test_the_report_is_a_pdf_and_the_fhir_export_needs_a_carried_consent(world: Clinic) -> None:
    report = _get(world.with_consent, f"{_people(world)}/report")
    assert report.status_code == 200
    assert report["Content-Type"] == "application/pdf"
    assert "Ada Lovelace" in PdfReader(io.BytesIO(report.content)).pages[0].extract_text()
    assert "no-store" in report["Cache-Control"]

    export = _get(world.with_consent, f"{_people(world)}/fhir")
    assert export.status_code == 200
    assert export["Content-Type"] == "application/fhir+json"
    assert json.loads(export.content)["resourceType"] == "Bundle"
    kinds = AccessLogEntry.objects.filter(person=world.owner.user, what__icontains="FHIR").values_list(
        "kind", flat=True
    )
    assert set(kinds) == set(DataKind.values)  # logged as the page logs it: every kind shared

    link = ClinicianLink.objects.get(person=world.owner.user, clinician=world.with_consent.user)
    services.consents_update(link=link, kinds=[DataKind.PHOTOS])
    refused = _get(world.with_consent, f"{_people(world)}/fhir")
    assert refused.status_code == 404
    assert "FHIR" in refused.json()["detail"]


def test_the_program_pdf_is_the_persons_plan(world: Clinic) -> None:
    response = _get(Caller(world.owner.user, world.owner.token), "/program/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _get(Caller(world.owner.user, person_with_history().token), "/program/pdf").status_code == 200
