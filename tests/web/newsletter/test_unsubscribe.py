"""Unsubscribing works at once, without logging in: from the page link or the RFC 8058 one-click POST."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.newsletter.emails import unsubscribe_urls
from backwell.web.newsletter.models import ConsentEvent, Subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


@pytest.fixture
def subscriber() -> Subscriber:
    return Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.CONFIRMED)


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_the_unsubscribe_link_opens_a_one_button_page_that_unsubscribes(
    client: Client, subscriber: Subscriber
) -> None:
    page_url, _ = unsubscribe_urls(subscriber)
    assert b"Unsubscribe" in client.get(_path(page_url)).content
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    response = client.post(_path(page_url))
    assert b"You are unsubscribed" in response.content
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert ConsentEvent.objects.filter(action="unsubscribed").count() == 1


def test_mail_clients_unsubscribe_with_one_post_and_no_csrf_token(subscriber: Subscriber) -> None:
    mail_client = Client(enforce_csrf_checks=True)
    _, one_click = unsubscribe_urls(subscriber)
    response = mail_client.post(_path(one_click), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    # Repeating it is harmless.
    assert mail_client.post(_path(one_click), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ConsentEvent.objects.filter(action="unsubscribed").count() == 1


def test_the_one_click_endpoint_accepts_only_the_rfc_8058_request(subscriber: Subscriber) -> None:
    mail_client = Client(enforce_csrf_checks=True)
    page_url, one_click = unsubscribe_urls(subscriber)
    assert mail_client.post(_path(one_click), {"something": "else"}).status_code == 400
    assert mail_client.get(_path(one_click))["Location"] == _path(page_url)
    # The person's page still needs its CSRF token.
    assert mail_client.post(_path(page_url)).status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_forged_unsubscribe_links_are_refused(client: Client, subscriber: Subscriber) -> None:
    other = Subscriber.objects.create(email="other@example.org", status=Subscriber.Status.CONFIRMED)
    page_url, one_click = unsubscribe_urls(other)
    token = page_url.rstrip("/").split("/")[-1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/newsletter/unsubscribe/{forged}/").status_code == 400
    assert client.get("/newsletter/unsubscribe/<script>/").status_code == 400
    assert (
        Client()
        .post(f"/newsletter/unsubscribe/{forged}/one-click/", {"List-Unsubscribe": "One-Click"})
        .status_code
        == 400
    )
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"confirmed"}
