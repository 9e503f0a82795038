"""The API keeps its own promises: schemathesis sends generated requests to every operation of the
live OpenAPI schema, as a person signed in with the browser session and with a bearer token, and as
a clinician linked to a person with every consent (the person's number in each clinic operation's
path, so the clinic operations are answered, not turned away as unknown people); every answer must
be documented: 0 server errors, 0 bodies off the schema, 0 undocumented statuses,
0 wrong content types (refusals are application/problem+json, as the schema says).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.api.clinic_world import CLINIC_SCOPES, clinic_world
from tests.web.api.world import Person, app_token, person_with_history

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
# Small, so every operation is tried both ways in about a minute on two cores.
EXAMPLES_PER_OPERATION = 12
CSRF_SECRET = "k" * 32  # a well-formed CSRF secret: the cookie and the header carry the same one


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings) -> None:
    settings.API_RATE_LIMIT = (100_000, 60)


def _operations(schema) -> Iterator:
    for result in schema.get_all_operations():
        yield result.ok()


def _session(person: Person) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of the site's own script: the session, and the CSRF token twice."""
    client = Client()
    client.force_login(person.user)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_SECRET}
    return {"X-CSRFToken": CSRF_SECRET}, cookies


def _bearer(person: Person) -> tuple[dict[str, str], dict[str, str]]:
    return {"Authorization": f"Bearer {person.token}"}, {}


def _caller(who: str, how: str) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """Headers, cookies, and the path parameters every case of this caller uses."""
    person = person_with_history()
    if who == "clinician":
        world = clinic_world(person)
        clinician = Person(world.with_consent.user, person.program, person.assessment, 0, 0, "")
        clinician.token = app_token(clinician.user, CLINIC_SCOPES, name="Clinic system")
        fixed = {"person_id": person.user.pk, "pending_id": world.pending_id}
        person = clinician
    else:
        fixed = {}
    headers, cookies = _session(person) if how == "session" else _bearer(person)
    return headers, cookies, fixed


@pytest.mark.parametrize(
    ("who", "how"), [("person", "session"), ("person", "bearer"), ("clinician", "bearer")]
)
def test_every_operation_answers_only_what_the_schema_documents(who: str, how: str) -> None:
    headers, cookies, fixed = _caller(who, how)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    operations = 0
    cases = 0
    statuses: dict[int, int] = {}
    for operation in _operations(schema):
        operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:
            nonlocal cases
            cases += 1
            for name, value in fixed.items():
                if case.path_parameters and name in case.path_parameters:
                    case.path_parameters[name] = value
            response = case.call(headers=headers, cookies=cookies)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        except Exception as exc:  # hypothesis re-raises the simplest failing case: one line per operation
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:300]}")
    print(
        f"{who} by {how}: {operations} operations, {cases} generated cases, statuses {sorted(statuses.items())}"
    )
    assert operations >= 60
    assert failures == []
    # Signed in for real: most generated requests were answered, not turned away at the door.
    assert statuses.get(200, 0) > cases // 5
    assert statuses.get(401, 0) == 0
