"""The curated starter articles: enough of them, on every promised topic, with sources, loaded idempotently."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from backwell.web.content import curated
from backwell.web.content.models import Article, Author, Category

TOPICS = {
    "combination-treatment": "combination",
    "muscle-imbalances-and-posture": "evidence",
    "anterior-pelvic-tilt": "hip flexors",
    "flat-back": "hamstrings",
    "sway-back": "plumb line",
    "lateral-pelvic-tilt": "Trendelenburg",
    "rounded-shoulders-forward-head": "upper crossed",
    "core-endurance": "side bridge",
    "trigger-points-self-treatment": "Stop",
    "inversion-therapy": "Who must not invert",
    "staying-active-and-exercise": "Staying active",
    "pain-science-and-attitude": "positive attitude",
    "red-flags": "emergency",
    "sitting-lifting-sleep": "Lifting",
}


@pytest.mark.datalayer
@pytest.mark.django_db
def test_loading_twice_updates_by_slug_and_never_duplicates() -> None:
    first = curated.load()
    counts = (Article.objects.count(), Author.objects.count(), Category.objects.count())
    Article.objects.filter(slug="red-flags").update(title="Edited by mistake")
    second = curated.load()
    assert (Article.objects.count(), Author.objects.count(), Category.objects.count()) == counts
    assert Article.objects.get(slug="red-flags").title.startswith("Red flags")
    assert "14 new" in first and "(0 new)" in second


@pytest.mark.datalayer
@pytest.mark.django_db
def test_starter_articles_cover_every_promised_topic_with_sources() -> None:
    curated.load()
    published = Article.objects.published()
    assert published.count() >= 10
    for slug, phrase in TOPICS.items():
        article = published.get(slug=slug)
        assert phrase.lower() in (article.title + article.body).lower(), f"{slug} does not cover {phrase!r}"
        assert article.sources, f"{slug} cites no sources"
        assert all(source["title"] for source in article.sources)
        assert article.hero_alt and article.categories.exists()
    assert 2 <= Author.objects.count() <= 3
    assert all(author.bio_html and author.picture_alt for author in Author.objects.all())


@pytest.mark.django_db
def test_inversion_article_names_who_must_not_invert_and_the_guideline_verdict(client: Client) -> None:
    curated.load()
    page = client.get("/articles/inversion-therapy/").content.decode()
    for warning in ("glaucoma", "high blood pressure", "pregnancy", "osteoporosis", "blood thinners"):
        assert warning in page
    assert "not to offer traction" in page
    assert "20 to 30 degrees" in page


@pytest.mark.django_db
def test_every_internal_link_in_the_articles_leads_to_a_published_article(client: Client) -> None:
    curated.load()
    targets: set[str] = set()
    for article in Article.objects.published():
        links = re.findall(r'href="(/articles/[^"]+)"', article.body_html)
        assert links, f"{article.slug} links to no other article"
        targets.update(links)
    assert len(targets) >= 10
    for target in sorted(targets):
        assert client.get(target).status_code == 200, f"broken internal link {target}"


def test_a_malformed_curated_file_is_reported_with_its_name(tmp_path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("title: no front matter fence\n")
    with pytest.raises(curated.CuratedContentError, match=r"broken\.md: must start with a '---' line"):
        curated.read_document(path)


def test_every_picture_the_curated_files_name_exists_as_an_svg() -> None:
    from django.contrib.staticfiles import finders

    pictures = []
    for path in sorted((curated.HERE / "articles").glob("*.md")):
        pictures.append("content/heroes/" + curated.read_document(path).meta["hero"])
    for path in sorted((curated.HERE / "authors").glob("*.md")):
        pictures.append(curated.read_document(path).meta["picture"])
    for picture in pictures:
        found = finders.find(picture)
        assert found, f"{picture} is not a static file"
        with open(found, encoding="utf-8") as svg:
            text = svg.read()
        assert (
            text.startswith("<svg") and "viewBox" in text and "<script" not in text and "style=" not in text
        )
