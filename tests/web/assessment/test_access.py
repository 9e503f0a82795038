"""Who may open each assessment page: anonymous visitors log in, owners see theirs, others get 404."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.assessment.models import Assessment
from tests.web.factories import AssessmentFactory, UserFactory

from .wizard_answers import safety_data

pytestmark = pytest.mark.django_db


def _urls(unfinished: Assessment, finished: Assessment, stopped: Assessment) -> list[tuple[str, str]]:
    return [
        ("get", f"/assessment/{unfinished.pk}/safety/"),
        ("post", f"/assessment/{unfinished.pk}/safety/"),
        ("get", f"/assessment/{finished.pk}/results/"),
        ("get", f"/assessment/{stopped.pk}/stop/"),
        ("post", f"/assessment/{stopped.pk}/stop/"),
        ("post", f"/assessment/{unfinished.pk}/discard/"),
    ]


@pytest.fixture
def owned() -> tuple[object, list[tuple[str, str]]]:
    owner = UserFactory()
    unfinished = AssessmentFactory(user=owner)
    finished = AssessmentFactory(user=owner, completed=True)
    stopped = AssessmentFactory(user=owner, step="stopped", answers={"red_flags": ["major_trauma"]})
    return owner, _urls(unfinished, finished, stopped)


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client: Client, owned) -> None:
    _, urls = owned
    for method, url in [*urls, ("get", "/assessment/"), ("post", "/assessment/")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_another_signed_in_person_gets_not_found_and_changes_nothing(client: Client, owned) -> None:
    _, urls = owned
    before = list(Assessment.objects.values_list("pk", "step", "answers"))
    client.force_login(UserFactory())
    for method, url in urls:
        data = safety_data() if url.endswith("/safety/") and method == "post" else {"cleared": "on"}
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 404, url
    assert list(Assessment.objects.values_list("pk", "step", "answers")) == before


def test_the_owner_can_open_every_page(client: Client, owned) -> None:
    owner, urls = owned
    client.force_login(owner)
    for method, url in urls:
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get("/assessment/").status_code == 200


def test_forms_refuse_a_post_without_a_csrf_token(owned) -> None:
    owner, urls = owned
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    for method, url in urls:
        if method == "post":
            assert strict.post(url, safety_data()).status_code == 403, url


def test_an_unknown_step_is_not_found(client: Client, owned) -> None:
    owner, _ = owned
    client.force_login(owner)
    assessment = AssessmentFactory(user=owner)
    assert client.get(f"/assessment/{assessment.pk}/payment/").status_code == 404
