"""Deleting an account leaves nothing of the person: no row, no column, no cached page, no file.

The one thing kept on purpose is the text of a published comment, as "a former member" without name,
email or website (docs/data-export.md); the test checks that it is the only hit and where it is.
The raw bytes of a SQLite file and its logs are checked in test_erasure_sqlite_file.py.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from backwell.web.comments.models import Comment
from backwell.web.comments.personal_data import FORMER_MEMBER
from backwell.web.core.personal_cache import entry_key
from backwell.web.newsletter.models import Subscriber
from tests.web.accounts.erasure_scan import table_hits
from tests.web.accounts.marked_person import DEFAULT_PASSWORD, marked_person

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def test_deleting_an_account_leaves_its_email_and_every_marker_in_no_table(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    me = marked_person()
    other = marked_person()
    needles = [me.email, *me.markers]
    assert set(table_hits(needles)) == {n.lower() for n in needles}  # the scan sees them all before
    client.force_login(me.user)
    cached_pages = [reverse("tracking:progress"), reverse("programs:overview")]
    for url in cached_pages:
        assert client.get(url).status_code == 200
    assert any(cache.get(entry_key(me.user.pk, url)) for url in cached_pages)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/delete/", {"current_password": DEFAULT_PASSWORD, "understood": "on"}
        )

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'  # and nothing stays on the device
    hits = table_hits(needles)
    # Only the published comment's words stay, in the comment table's text column, under no name.
    assert hits == {me.published_comment_marker.lower(): {"comments_comment.body"}}
    kept = Comment.objects.get(body=me.published_comment_marker)
    assert (kept.name, kept.email, kept.website) == (FORMER_MEMBER, "", "")
    assert kept.replies.filter(name="Other reader").exists()  # someone else's reply survives
    assert not Subscriber.objects.filter(email__iexact=me.email).exists()
    assert [cache.get(entry_key(me.user.pk, url)) for url in cached_pages] == [None, None]
    # The other person is untouched, and the scan still finds every one of their strings.
    assert set(table_hits([other.email, *other.markers])) == {
        n.lower() for n in [other.email, *other.markers]
    }


def test_a_published_comment_of_a_deleted_account_shows_a_former_member_on_the_article(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    me = marked_person()
    article = Comment.objects.get(body=me.published_comment_marker).article
    assert f"commentername{me.tag}" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(me.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"current_password": DEFAULT_PASSWORD, "understood": "on"})

    page = Client().get(article.get_absolute_url()).content.decode()
    assert me.published_comment_marker in page
    assert FORMER_MEMBER in page
    assert f"commentername{me.tag}" not in page
    assert f"website{me.tag}" not in page


def test_the_privacy_page_says_what_deleting_erases_and_what_it_anonymises(client: Client) -> None:
    page = client.get("/accounts/privacy/").content.decode()
    assert "Erased:" in page and "Anonymised:" in page
    assert "a former member" in page
    assert "ZIP file" in page
