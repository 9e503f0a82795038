"""A clinician sees, per exercise, why it was skipped — only when the person shares session adherence."""

from __future__ import annotations

import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from backwell.web.clinic.models import DataKind
from backwell.web.programs.models import ItemLog, SessionLog
from tests.web.clinic.world import World, clinician, link

pytestmark = pytest.mark.django_db


def _skips(world: World) -> None:
    session = SessionLog.objects.filter(program__user=world.person).get()
    for index, reason in enumerate(["no_time", "no_time", "unsure", ""], start=1):
        ItemLog.objects.create(
            session=session,
            index=index,
            exercise="bird_dog",
            outcome="skipped",
            skip_reason=reason,
            client_id=uuid.uuid4(),
        )


def _page(client: Client, world: World) -> str:
    response = client.get(reverse("clinic:person", args=[world.person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_page_counts_skips_by_reason_beside_done_and_hurt(world: World) -> None:
    _skips(world)
    client = Client()
    client.force_login(world.without)  # shares session adherence only
    page = _page(client, world)
    assert "Why skipped" in page
    assert "No time: 2 · Not sure how to do it: 1 · 1 without a reason" in page
    assert "Too hard:" not in page, "reasons nobody gave are left out"


def test_without_adherence_consent_no_reason_is_shown(world: World) -> None:
    _skips(world)
    scores_only = clinician()
    link(world.person, scores_only, [k for k in DataKind.values if k != DataKind.ADHERENCE])
    client = Client()
    client.force_login(scores_only)
    page = _page(client, world)
    assert "Scores over time" in page, "the page itself is shown"
    assert "Why skipped" not in page and "No time: 2" not in page


def test_the_pdf_report_counts_skips_by_reason_too(world: World) -> None:
    _skips(world)
    client = Client()
    client.force_login(world.without)  # shares session adherence only
    response = client.get(reverse("clinic:report_pdf", args=[world.person.pk]))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Why skipped" in text
    assert "No time: 2" in " ".join(text.split())
