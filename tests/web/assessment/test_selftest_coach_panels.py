"""The self-tests page offers the camera coach on the tests whose knowledge entry has a coach block."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from .test_wizard import _started, _walk

pytestmark = pytest.mark.django_db


def _coach_specs(page: str) -> dict[str, dict]:
    found = re.findall(r'<script id="coach-([a-z_]+)" type="application/json">(.*?)</script>', page, re.S)
    return {slug: json.loads(spec) for slug, spec in found}


def test_the_holds_and_the_single_leg_stance_offer_the_camera_coach_and_the_rest_do_not(
    client: Client,
) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    page = client.get(f"/assessment/{assessment.pk}/tests/").content.decode()
    specs = _coach_specs(page)
    assert specs["single_leg_stance"]["mode"] == "pelvis_drop"
    assert specs["plank"]["mode"] == "hold"
    assert "ober" not in specs and "wall_test" not in specs
    assert page.count("Use the camera coach") == len(specs)
    assert "The video stays on this device: nothing is recorded or sent." in page
    assert "Fill in these results" in page
    assert "programs/coach/selftest-coach.js" in page
    # The camera model is not loaded until someone turns the coach on.
    assert "mediapipe/pose/pose.js" not in page
