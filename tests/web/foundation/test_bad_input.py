"""No input gives a 500: every URL of the site, found from the URL map, gets the malformed requests an
outside probe sends — as a visitor and as a signed-in person with real data — and a refused request
stores nothing.

A new URL is probed automatically; one that answers any of these with a 5xx fails here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client

from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.content.models import Article
from backwell.web.photos.models import PostureAnalysisRecord, PostureVideoJob
from tests.web.content.factories import ArticleFactory
from tests.web.factories import AssessmentFactory
from tests.web.foundation.bad_input import (
    FORM,
    OUT_OF_RANGE_INTS,
    Endpoint,
    Probe,
    body_probes,
    endpoints,
    form_field_names,
    redirect_problem,
)
from tests.web.photos.factories import PostureAnalysisFactory
from tests.web.programs.conftest import start_program

pytestmark = pytest.mark.django_db

ENDPOINTS = endpoints()
# What NaN and infinity look like once formatted ("± nan %") or serialised (NaN, Infinity).
NOT_A_NUMBER = re.compile(r"\b(nan|inf|NaN|Infinity)\b")


@dataclass
class World:
    """A signed-in person with something behind every kind of URL: a program, an assessment in
    progress, a posture analysis with its photo, a video job; and a published article."""

    person: User
    assessment: Assessment
    analysis: PostureAnalysisRecord
    job: PostureVideoJob
    article: Article

    def path_values(self, endpoint: Endpoint) -> dict[str, object]:
        """Real values for the person's own objects; 1 (or "x") for any other parameter."""
        own: dict[str, dict[str, object]] = {
            "assessment": {"pk": self.assessment.pk, "step": "safety"},
            "photos:analysis": {"pk": self.analysis.pk},
            "photos:measure": {"pk": self.analysis.pk},
            "photos:confirm": {"pk": self.analysis.pk},
            "photos:analysis_delete": {"pk": self.analysis.pk},
            "photos:image": {"pk": self.analysis.photo_id},
            "photos:photo_delete": {"pk": self.analysis.photo_id},
            "photos:video": {"pk": self.job.pk},
            "photos:video_status": {"pk": self.job.pk},
            "comments:post": {"article_id": self.article.pk},
            "content:article_preview": {"pk": self.article.pk},
            "content:article_detail": {"slug": self.article.slug},
            "programs:exercise": {"slug": "walking_easy"},
            "programs:exercise_picture": {"slug": "walking_easy"},
        }
        chosen = own.get(endpoint.name) or own.get(endpoint.name.split(":")[0], {})
        defaults = {name: 1 if name in endpoint.int_params else "x" for name in endpoint.params()}
        return {**defaults, **{k: v for k, v in chosen.items() if k in defaults}}


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.PRIVATE_ROOT = tmp_path / "private"
    cache.clear()  # rate limits and lockouts from other tests must not answer for these endpoints
    program = start_program()
    person = program.user
    analysis = PostureAnalysisFactory(user=person)
    return World(
        person=person,
        assessment=AssessmentFactory(user=person),
        analysis=analysis,
        job=PostureVideoJob.objects.create(user=person, view="front", stage="measuring"),
        article=ArticleFactory(),
    )


def row_counts() -> dict[str, int]:
    """Rows in every table, in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed})
    # Table names come from the model registry, quoted: no outside text reaches this SQL.
    quoted = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


class Prober:
    """Sends probes as one kind of visitor and writes down every answer a person must never get."""

    def __init__(self, who: str, person: User | None) -> None:
        self.who = who
        self.person = person
        self.client = Client(raise_request_exception=False)
        self.failures: list[str] = []
        self.sent = 0

    def send(self, method: str, path: str, probe: Probe) -> int:
        if self.person is not None and self.client.session.get("_auth_user_id") != str(self.person.pk):
            self.client.force_login(self.person)  # again whenever a probe (a logout) signed them out
        url = probe.url(path)
        before = row_counts()
        # In a savepoint, so a database error behind a 500 is reported here and the probes after it
        # still run, instead of the test's transaction breaking.
        with transaction.atomic():
            response = self.client.generic(method, url, probe.body, content_type=probe.content_type)
            after = before if connection.needs_rollback else row_counts()
        self.sent += 1
        where = f"{self.who} {method} {url[:120]} [{probe.kind}] → {response.status_code}"
        self.failures += [f"{where}: {problem}"[:400] for problem in _problems(response, before, after)]
        return response.status_code


def _problems(response: HttpResponse, before: dict[str, int], after: dict[str, int]) -> list[str]:
    """What a person would notice is wrong with this answer to a malformed request."""
    status = response.status_code
    is_json = response.get("Content-Type", "").startswith("application/json")
    if status >= 500:
        exc_info = getattr(response, "exc_info", None)
        return [repr(exc_info[1]) if exc_info else "a server error"]
    problems = []
    if status < 300 and is_json and NOT_A_NUMBER.search(response.content.decode()):
        problems.append("answers with a value that is not a number")
    if 300 <= status < 400 and (problem := redirect_problem(response["Location"])):
        problems.append(f"{problem} ({response['Location'][:120]})")
    if status >= 400:
        changed = sorted(table for table, rows in after.items() if before[table] != rows)
        if changed:
            problems.append(f"refused, yet rows changed in {', '.join(changed)}")
        message = json.loads(response.content).get("error") if is_json else "not JSON"
        if not (isinstance(message, str) and message.strip()):
            problems.append("a JSON refusal without an error message")
    return problems


def _probe_endpoint(prober: Prober, endpoint: Endpoint, world: World) -> None:
    path = world.path_values(endpoint)
    here = endpoint.path(path)
    for name in endpoint.int_params:
        for number in OUT_OF_RANGE_INTS:
            prober.send("GET", endpoint.path({**path, name: number}), Probe(f"{name}={number} in the path"))
    for next_probe in body_probes([])[2:5]:  # the three foreign `next` values, as a query
        prober.send("GET", here, Probe(next_probe.kind, query=next_probe.query))
    # Refused kinds first, the empty body and the `next` values (which may act: a delete deletes)
    # last, so a destructive URL gets every malformed body while its object still exists.
    probes = body_probes(form_field_names())
    ordered = probes[5:] + probes[:5]
    if prober.send("POST", here, ordered[0]) == 405:
        return  # GET-only: no body is ever read
    for name in endpoint.int_params:
        for number in OUT_OF_RANGE_INTS:
            prober.send("POST", endpoint.path({**path, name: number}), Probe(f"{name}={number} in the path"))
    for probe in ordered[1:]:
        prober.send("POST", here, probe)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_malformed_requests_get_a_clear_refusal_never_a_server_error(
    endpoint: Endpoint, world: World
) -> None:
    failures: list[str] = []
    for prober in (Prober("visitor", None), Prober("signed-in person", world.person)):
        _probe_endpoint(prober, endpoint, world)
        failures += prober.failures
    assert not failures, "\n".join(failures)


def test_the_probe_covers_the_sites_json_and_form_endpoints() -> None:
    # Guards the walker itself: if it stopped finding URLs, every test above would pass vacuously.
    names = {e.name for e in ENDPOINTS}
    assert {"programs:log_item", "photos:measure", "photos:confirm", "accounts:login"} <= names
    assert "pk" in next(e for e in ENDPOINTS if e.name == "photos:confirm").int_params
    assert {"index", "before", "landmarks", "email", "next"} <= set(form_field_names())
    assert FORM in {p.content_type for p in body_probes(["x"])}
