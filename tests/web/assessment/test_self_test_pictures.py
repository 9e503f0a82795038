"""The self-tests step draws every test with its own knowledge-base picture."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from backwell.engine.knowledge import load
from backwell.web.assessment.models import Assessment
from backwell.web.assessment.self_tests import SELF_TESTS, SelfTest
from tests.web.factories import UserFactory

from .wizard_answers import ABOUT, PAIN, questionnaires_data, safety_data

KB = load()


@pytest.mark.parametrize("test", SELF_TESTS, ids=lambda test: test.slug)
def test_each_self_test_is_a_knowledge_base_self_test_with_the_same_keys_and_sources(test: SelfTest) -> None:
    entry = KB.self_tests.get(test.figures[0])
    assert entry is not None, f"{test.slug}: its first figure {test.figures[0]!r} is no self-test of the base"
    # The form's fields and the base's entry must fill the same engine input keys.
    assert test.keys == entry.keys
    assert test.sources == entry.sources
    assert str(test.name) == entry.name


def test_every_engine_test_key_is_asked_on_the_self_tests_step() -> None:
    asked = sorted(key for test in SELF_TESTS for key in test.keys)
    assert asked == sorted(key for entry in KB.self_tests.values() for key in entry.keys)


@pytest.mark.django_db
def test_self_tests_page_shows_its_own_picture_for_every_test(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post("/assessment/", {"kind": "initial"})
    assessment = Assessment.objects.get(user=user)
    for step, data in (
        ("safety", safety_data()),
        ("about", ABOUT),
        ("pain", PAIN),
        ("questionnaires", questionnaires_data()),
    ):
        assert client.post(f"/assessment/{assessment.pk}/{step}/", data).status_code == 302, step
    page = client.get(f"/assessment/{assessment.pk}/tests/").content.decode()

    sections = re.findall(r'<section class="card self-test".*?</section>', page, flags=re.S)
    assert len(sections) == len(SELF_TESTS) == 9
    for test, section in zip(SELF_TESTS, sections, strict=True):
        assert section.count('class="figure-frame test-picture"') == 1, f"{test.slug} has no picture"
        slug = test.figures[0]
        # The picture is the test's own (not an exercise's), titled with its name for a screen reader.
        title = re.search(rf'<title id="figure-{slug}-title">([^<]*)</title>', section)
        assert title is not None, f"{test.slug} shows a picture that is not its own"
        assert unescape(title.group(1)) == KB.self_tests[slug].name
