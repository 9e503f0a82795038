"""The site-wide bad-input probe (tests/web/foundation) as a linked clinician, on every clinic URL with
real ids: the probe there signs in as a person, who gets 403 before any input is read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backwell.web.clinic.models import ClinicianLink
from tests.web.clinic.world import World
from tests.web.foundation.bad_input import Endpoint
from tests.web.foundation.test_bad_input import ENDPOINTS, Prober, _probe_endpoint

pytestmark = pytest.mark.django_db
CLINIC = [e for e in ENDPOINTS if e.name.startswith("clinic:")]


@dataclass
class RealIds:
    world: World

    def path_values(self, endpoint: Endpoint) -> dict[str, object]:
        w = self.world
        link = ClinicianLink.objects.get(person=w.person, clinician=w.with_consent)
        known = {
            "person_id": w.person.pk,
            "photo_id": w.analysis.photo_id,
            "link_id": link.pk,
            "note_id": w.note.pk,
            "code": "ABCDEFGH",
        }
        return {name: known.get(name, 1) for name in endpoint.params()}


def test_every_clinic_url_is_probed() -> None:
    assert len(CLINIC) == 19


@pytest.mark.parametrize("endpoint", CLINIC, ids=[e.name for e in CLINIC])
def test_a_linked_clinician_and_the_person_get_clear_refusals_never_a_server_error(
    endpoint: Endpoint, world: World
) -> None:
    failures: list[str] = []
    for prober in (Prober("linked clinician", world.with_consent), Prober("the person", world.person)):
        _probe_endpoint(prober, endpoint, RealIds(world))  # type: ignore[arg-type]
        failures += prober.failures
    assert not failures, "\n".join(failures)
