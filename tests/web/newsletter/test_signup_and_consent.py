"""Double opt-in: sign up, confirm by a signed expiring link, consent recorded, nothing leaked."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from backwell.web.newsletter.consent import CONSENT_WORDING
from backwell.web.newsletter.models import ConsentEvent, Subscriber
from backwell.web.newsletter.services import subscriber_sign_up
from tests.web.newsletter.mailbox import Mailbox

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.datalayer]


def sign_up(client: Client, email: str, **extra: str):
    return client.post(
        "/newsletter/subscribe/", {"email": email, "consent": "on", "source": "article", **extra}
    )


def test_signing_up_sends_a_confirmation_and_the_link_confirms(client: Client, mailbox: Mailbox) -> None:
    response = sign_up(client, "Reader@Example.org")
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and subscriber.status == Subscriber.Status.PENDING
    requested = ConsentEvent.objects.get(action="requested")
    assert requested.wording == str(CONSENT_WORDING) and requested.source == "article" and requested.at

    [message] = mailbox.to("reader@example.org")
    assert "confirm" in message["Subject"].lower()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/newsletter/unsubscribe/")
    assert "Confirm my sign-up" in mailbox.html(message)
    link = mailbox.link(message, "/newsletter/confirm/").removeprefix("http://testserver")

    assert b"Yes, send me the newsletter" in client.get(link).content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # opening the link alone confirms nothing
    confirmed = client.post(link)
    assert b"You are subscribed" in confirmed.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at
    assert ConsentEvent.objects.get(action="confirmed").wording == str(CONSENT_WORDING)
    assert b"already confirmed" in client.post(link).content


def test_a_second_sign_up_changes_nothing_and_looks_the_same(client: Client, mailbox: Mailbox) -> None:
    subscriber = Subscriber.objects.create(email="known@example.org", status=Subscriber.Status.CONFIRMED)
    known = sign_up(client, "known@example.org")
    unknown = sign_up(client, "stranger@example.org")
    assert (known.status_code, known["Location"], known.content) == (
        unknown.status_code,
        unknown["Location"],
        unknown.content,
    )
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert not subscriber.consent_events.exists()
    assert mailbox.to("known@example.org") == []


def test_a_pending_address_gets_its_confirmation_again_but_not_endlessly(
    client: Client, mailbox: Mailbox
) -> None:
    for _ in range(5):
        sign_up(client, "forgetful@example.org")
    assert Subscriber.objects.count() == 1
    assert ConsentEvent.objects.count() == 1
    assert len(mailbox.to("forgetful@example.org")) == 3


def test_forged_and_tampered_confirmation_links_are_refused(client: Client, mailbox: Mailbox) -> None:
    sign_up(client, "reader@example.org")
    link = mailbox.link(mailbox.to("reader@example.org")[0], "/newsletter/confirm/").removeprefix(
        "http://testserver"
    )
    token = link.split("/")[-2]
    for bad in (token[:-3] + "abc", "forged", token.replace(":", ":x", 1), "A" * 400):
        response = client.post(f"/newsletter/confirm/{bad}/")
        assert response.status_code == 400
        assert b"This link does not work" in response.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_confirmation_link_says_so_and_offers_a_new_sign_up(
    client: Client, mailbox: Mailbox
) -> None:
    sign_up(client, "slow@example.org")
    link = mailbox.link(mailbox.to("slow@example.org")[0], "/newsletter/confirm/").removeprefix(
        "http://testserver"
    )
    with override_settings(NEWSLETTER_CONFIRM_MAX_AGE=-1):
        response = client.post(link)
    assert response.status_code == 400
    assert b"This link has expired" in response.content and b'name="email"' in response.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "consent": "on"}, "Please type your email address"),
        ({"email": "not-an-email", "consent": "on"}, "does not look like an email address"),
        (
            {"email": "<script>alert(1)</script>@x.org", "consent": "on"},
            "does not look like an email address",
        ),
        ({"email": "a" * 250 + "@example.org", "consent": "on"}, "too long"),
        ({"email": "ok@example.org"}, "Please tick the box"),
    ],
)
def test_bad_sign_ups_get_a_clear_message_and_save_nothing(
    client: Client, mailbox: Mailbox, data: dict, message: str
) -> None:
    response = client.post("/newsletter/subscribe/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Subscriber.objects.exists() and mailbox.messages == []


def test_the_honeypot_answers_like_a_sign_up_and_keeps_nothing(client: Client, mailbox: Mailbox) -> None:
    response = sign_up(client, "bot@example.org", nickname="buy pills")
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert not Subscriber.objects.exists() and mailbox.messages == []


def test_one_connection_cannot_sign_up_endless_addresses(client: Client, mailbox: Mailbox) -> None:
    for n in range(10):
        sign_up(client, f"victim{n}@example.org")
    response = sign_up(client, "victim10@example.org")
    assert response.status_code == 429 and b"Too many sign-ups" in response.content
    assert Subscriber.objects.count() == 10


def test_an_unsubscribed_reader_can_come_back_through_double_opt_in(mailbox: Mailbox) -> None:
    subscriber = Subscriber.objects.create(email="back@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber_sign_up(email="back@example.org", wording="w", source="page")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert len(mailbox.to("back@example.org")) == 1
