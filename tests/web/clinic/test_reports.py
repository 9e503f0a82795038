"""PDF reports (the clinician's and the person's own plan) and the FHIR R4 export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from backwell.engine import instruments
from backwell.web.clinic import fhir, report
from backwell.web.clinic.models import DataKind
from backwell.web.programs.models import Program
from backwell.web.tracking.models import WeeklyCheckIn
from tests.web.clinic.world import World, clinician, link
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_the_clinicians_report_opens_and_holds_the_name_scores_program_and_shared_notes(world: World) -> None:
    response = _client(world.with_consent).get(reverse("clinic:report_pdf", args=[world.person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, text = _text(response.content)
    assert pages >= 1
    assert str(world.person) in text
    assert "Scores" in text and "Current program" in text
    assert "Shared hello" in text


def test_the_report_shows_only_what_is_shared(world: World) -> None:
    response = _client(world.without).get(reverse("clinic:report_pdf", args=[world.person.pk]))
    _pages, text = _text(response.content)
    assert "Adherence" in text
    assert "Scores" not in text and "Current program" not in text


def test_the_person_downloads_their_own_plan_with_pictures(world: World) -> None:
    response = _client(world.person).get(reverse("clinic:own_plan_pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    program = Program.objects.filter(user=world.person).latest("created_at")
    first = program.plan["program"]["days"][0]["items"][0]["name"]
    assert first in text
    assert any("/XObject" in str(page.get("/Resources", {})) for page in reader.pages)  # the pictures


def test_weasyprint_never_fetches_from_the_network() -> None:
    with pytest.raises(report.RemoteFetchRefused):
        report.LocalOnlyFetcher().fetch("https://example.com/tracker.png")
    with pytest.raises(report.RemoteFetchRefused):
        report.LocalOnlyFetcher().fetch("file:///etc/passwd")
    pdf = report.to_pdf('<p>x</p><img src="https://example.com/x.png">')
    assert pdf.startswith(b"%PDF")


def test_the_fhir_bundle_validates_and_reads_back_into_the_same_scores(world: World) -> None:
    response = _client(world.with_consent).get(reverse("clinic:fhir", args=[world.person.pk]))
    assert response.status_code == 200
    document = response.json()
    Bundle.model_validate(document)
    assert fhir.binding_problems(document) == []
    kinds = [e["resource"]["resourceType"] for e in document["entry"]]
    assert {
        "Patient",
        "QuestionnaireResponse",
        "Observation",
        "CarePlan",
        "ServiceRequest",
        "Procedure",
    } <= set(kinds)

    program = Program.objects.filter(user=world.person).latest("created_at")
    q = program.inputs["questionnaires"]
    start = program.start_date.isoformat()
    scores = fhir.read_scores(document)
    assert ("72514-3", start, float(program.inputs["pain"]["nrs"])) in scores
    if q.get("rmdq"):
        assert ("rmdq-total", start, float(instruments.rmdq(q["rmdq"]))) in scores
    if len(q.get("start_back", {}).get("answers") or []) == 8:
        total = instruments.start_back(
            q["start_back"]["answers"], q["start_back"].get("bothersomeness", "")
        ).total
        assert ("91351-7", start, float(total)) in scores
    weekly = WeeklyCheckIn.objects.get(user=world.person)
    assert ("rmdq-total", weekly.date.isoformat(), float(weekly.rmdq_score)) in scores

    requests = [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]
    assert all(r["code"]["coding"][0]["code"] == "229065009" for r in requests)
    assert all(r["patientInstruction"] for r in requests)


def test_the_fhir_bundle_holds_only_consented_kinds(world: World) -> None:
    document = _client(world.without).get(reverse("clinic:fhir", args=[world.person.pk])).json()
    kinds = {e["resource"]["resourceType"] for e in document["entry"]}
    assert kinds == {"Patient", "Procedure"}


def test_a_bad_status_is_caught_by_the_binding_check() -> None:
    document = {"entry": [{"resource": {"resourceType": "Observation", "status": "bogus"}}]}
    assert fhir.binding_problems(document) == ["Observation.status 'bogus'"]


def test_the_clinicians_person_page_links_to_the_report_and_fhir_only_within_consent(world: World) -> None:
    report_url = reverse("clinic:report_pdf", args=[world.person.pk])
    fhir_url = reverse("clinic:fhir", args=[world.person.pk])
    page = _client(world.with_consent).get(reverse("clinic:person", args=[world.person.pk])).content.decode()
    assert f'href="{report_url}"' in page and f'href="{fhir_url}"' in page
    # Photos only: the report (which shows what is shared) but no FHIR export, which would be empty.
    photos_only = clinician()
    link(world.person, photos_only, (DataKind.PHOTOS,))
    page = _client(photos_only).get(reverse("clinic:person", args=[world.person.pk])).content.decode()
    assert f'href="{report_url}"' in page and f'href="{fhir_url}"' not in page
    assert _client(photos_only).get(fhir_url).status_code == 404
    # Neither is open to the unlinked or, after revocation, to the former clinician.
    for outsider in (world.unlinked, world.revoked):
        assert _client(outsider).get(reverse("clinic:person", args=[world.person.pk])).status_code == 404
        assert _client(outsider).get(report_url).status_code == 404
        assert _client(outsider).get(fhir_url).status_code == 404


def test_the_persons_program_overview_offers_their_plan_as_pdf(world: World) -> None:
    own = reverse("clinic:own_plan_pdf")
    page = _client(world.person).get(reverse("programs:overview")).content.decode()
    assert "Download my plan as PDF" in page and f'href="{own}"' in page
    assert _client(world.person).get(own)["Content-Type"] == "application/pdf"
    # Someone without a program has no overview to show the link on, and no plan to download.
    newcomer = UserFactory()
    assert _client(newcomer).get(own).status_code == 404
