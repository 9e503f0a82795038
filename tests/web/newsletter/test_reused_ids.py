"""A link names its subscriber by id and by a hash of the address, because ids come back.

A reader who erased themselves leaves old emails behind; when a new reader later gets the same
primary key (SQLite reuses the highest freed id, a restored backup or a reset sequence does too),
an old link must not unsubscribe or confirm the new reader.
"""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.newsletter.models import ConsentEvent, Subscriber
from backwell.web.newsletter.tokens import confirmation_token, unsubscribe_token

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _replace_with_new_reader(old: Subscriber, *, email: str, status: str) -> Subscriber:
    """Delete `old` and create a different reader under the very same primary key."""
    pk = old.pk
    old.delete()
    new = Subscriber.objects.create(pk=pk, email=email, status=status)
    assert new.pk == pk and Subscriber.objects.count() == 1
    return new


def test_an_old_unsubscribe_link_does_not_unsubscribe_a_new_reader_with_the_same_id(client: Client) -> None:
    old = Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.CONFIRMED)
    token = unsubscribe_token(subscriber_id=old.pk, email=old.email)
    new = _replace_with_new_reader(old, email="new@example.org", status=Subscriber.Status.CONFIRMED)

    page = client.post(f"/newsletter/unsubscribe/{token}/")
    one_click = Client(enforce_csrf_checks=True).post(
        f"/newsletter/unsubscribe/{token}/one-click/", {"List-Unsubscribe": "One-Click"}
    )

    assert page.status_code == 400
    assert one_click.status_code == 400
    reader = Subscriber.objects.get(pk=new.pk)
    assert reader.email == "new@example.org"
    assert reader.status == Subscriber.Status.CONFIRMED
    assert not ConsentEvent.objects.filter(action="unsubscribed").exists()


def test_the_new_readers_own_link_still_unsubscribes_them(client: Client) -> None:
    """The refusal above comes from the address check, not from a broken link format."""
    old = Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.CONFIRMED)
    new = _replace_with_new_reader(old, email="new@example.org", status=Subscriber.Status.CONFIRMED)
    token = unsubscribe_token(subscriber_id=new.pk, email=new.email)
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 200
    assert Subscriber.objects.get(pk=new.pk).status == Subscriber.Status.UNSUBSCRIBED


def test_an_old_confirmation_link_does_not_confirm_a_new_reader_with_the_same_id(client: Client) -> None:
    old = Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.PENDING)
    token = confirmation_token(subscriber_id=old.pk, email=old.email)
    new = _replace_with_new_reader(old, email="new@example.org", status=Subscriber.Status.PENDING)

    response = client.post(f"/newsletter/confirm/{token}/")

    assert response.status_code == 400
    assert Subscriber.objects.get(pk=new.pk).status == Subscriber.Status.PENDING
    assert not ConsentEvent.objects.filter(action="confirmed").exists()
