"""People see words: no page of the demo person's journey shows one of the engine's snake_case ids."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from backwell.web.core.plain_words import engine_ids, plain_words

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


class VisibleText(HTMLParser):
    """The text a person reads or hears: page text plus alt, title, aria-label and placeholder."""

    SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            # hidden inputs carry form plumbing, not words for people
            if name in self.SPOKEN_ATTRIBUTES and value and ("type", "hidden") not in attrs:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def shown_ids(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    known = engine_ids()
    return {word for word in SNAKE_CASE.findall(" ".join(parser.parts)) if word in known}


def test_a_bracketed_list_of_ids_goes_and_a_lone_id_becomes_its_name() -> None:
    why = (
        "Your results suggest a forward-tilted pelvis and short hip flexors "
        "(anterior_pelvic_tilt, hip_flexor_tightness), with the hip flexors likely tight: this stretches them."
    )
    assert plain_words(why) == (
        "Your results suggest a forward-tilted pelvis and short hip flexors, with the hip flexors likely "
        "tight: this stretches them."
    )
    assert plain_words("Left out because of hiatal_hernia.") == "Left out because of hiatus hernia."
    # brackets that are words, and snake_case that is no engine id, are left alone
    assert plain_words("Hold (about 30 s) on a yoga_mat") == "Hold (about 30 s) on a yoga_mat"


def test_the_scan_finds_an_id_in_text_and_in_a_title_but_not_in_a_script() -> None:
    assert shown_ids("<p>sway_back</p>") == {"sway_back"}
    assert shown_ids('<svg><polygon><title>x</title></polygon><img alt="hip_flexor_tightness"></svg>') == {
        "hip_flexor_tightness"
    }
    assert shown_ids('<script>const k = "sway_back";</script><p data-key="sway_back">Sway back</p>') == set()


@pytest.mark.django_db
def test_no_page_of_the_demo_persons_journey_shows_an_internal_id(client: Client) -> None:
    from backwell.commands.demo import demo_person
    from backwell.web.assessment.models import Assessment
    from tests.web.photos.factories import PostureAnalysisFactory

    user, _password, _ = demo_person()
    analysis = PostureAnalysisFactory(
        user=user, confirmed=True, confirmed_measures={"pelvic_obliquity_deg": 5.0}
    )
    assessment = Assessment.objects.filter(user=user, completed_at__isnull=False).latest("completed_at")
    client.force_login(user)
    pages = [
        "/",
        "/program/",
        "/program/week/1/day/1/",
        "/program/week/9/day/1/",
        "/program/session/9/1/",
        "/program/print/",
        "/progress/",
        "/progress/check-in/",
        "/progress/weekly/",
        "/progress/reminders/",
        "/assessment/",
        f"/assessment/{assessment.pk}/results/",
        "/photos/",
        "/photos/history/",
        f"/photos/analysis/{analysis.pk}/",
        "/accounts/settings/",
    ]
    found = {}
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        ids = shown_ids(response.content.decode())
        if ids:
            found[url] = sorted(ids)
    assert not found, f"pages show internal ids: {found}"
