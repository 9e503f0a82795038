"""Sending issues: to confirmed subscribers only, in batches, at most once each — even after a crash."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from backwell.web.newsletter import services
from backwell.web.newsletter.models import Delivery, Issue, Subscriber
from backwell.web.newsletter.tasks import send_issue_batch
from tests.web.factories import UserFactory
from tests.web.newsletter.mailbox import Mailbox

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.datalayer]


def subscribers(
    count: int, status: str = Subscriber.Status.CONFIRMED, prefix: str = "reader"
) -> list[Subscriber]:
    return [Subscriber.objects.create(email=f"{prefix}{n}@example.org", status=status) for n in range(count)]


def issue(**fields: str) -> Issue:
    return Issue.objects.create(
        subject=fields.get("subject", "November: walking and sleep"),
        body=fields.get(
            "body",
            "## Walk a little more\n\nTen minutes counts. Read [the guide](http://testserver/articles/).",
        ),
    )


@override_settings(NEWSLETTER_BATCH_SIZE=2)
def test_an_issue_reaches_each_confirmed_subscriber_once_in_batches(mailbox: Mailbox) -> None:
    readers = subscribers(5)
    subscribers(2, Subscriber.Status.PENDING, prefix="pending")
    subscribers(1, Subscriber.Status.UNSUBSCRIBED, prefix="gone")
    november = issue()
    assert services.issue_start_sending(issue=november) == 5
    november.refresh_from_db()
    assert november.status == Issue.Status.SENT and november.sent_at
    assert sorted(str(m["To"]) for m in mailbox.messages) == sorted(r.email for r in readers)
    message = mailbox.to("reader0@example.org")[0]
    assert message["Subject"] == "November: walking and sleep"
    assert "<h2>Walk a little more</h2>" in mailbox.html(message)
    assert "Ten minutes counts." in mailbox.text(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/unsubscribe/" in mailbox.link(message, "/newsletter/unsubscribe/")
    assert services.issue_progress(issue=november).sent == 5


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the sending code can catch it."""


def test_a_worker_killed_mid_batch_never_causes_a_second_copy(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    if services._claims_roll_back():
        pytest.skip("PostgreSQL claims by row lock: the test below covers a killed worker there")
    subscribers(6)
    december = issue(subject="December")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        services.issue_start_sending(issue=december)  # queued; no worker has run yet
    real_mark = services._mark
    marks = {"sent": 0}

    def mark_then_die(delivery: Delivery, status: str, error: str = "") -> None:
        # The third message has reached the SMTP server when the worker dies, before it is recorded.
        if status == Delivery.Status.SENT and marks["sent"] == 2:
            raise WorkerKilled
        marks["sent"] += 1
        real_mark(delivery, status, error)

    monkeypatch.setattr(services, "_mark", mark_then_die)
    with pytest.raises(WorkerKilled):
        services.issue_send_batch(issue_id=december.pk, batch_size=10)
    monkeypatch.setattr(services, "_mark", real_mark)
    assert len(mailbox.messages) == 3
    progress = services.issue_progress(issue=december)
    assert (progress.sent, progress.in_flight, progress.queued) == (2, 1, 3)

    send_issue_batch.call(issue_id=december.pk)  # resumed by a fresh worker
    send_issue_batch.call(issue_id=december.pk)  # and resumed once more by mistake
    recipients = [str(m["To"]) for m in mailbox.messages]
    assert len(recipients) == 6 and len(set(recipients)) == 6
    december.refresh_from_db()
    assert december.status == Issue.Status.SENT
    assert Delivery.objects.filter(issue=december).count() == 6


def test_on_postgresql_a_worker_killed_mid_send_loses_nobody(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not services._claims_roll_back():
        pytest.skip("SQLite keeps committed claims, at most once: the test above covers it")
    readers = subscribers(6)
    december = issue(subject="December")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        services.issue_start_sending(issue=december)
    real_send = services._send
    calls = {"n": 0}

    def send_or_die(*args):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:  # killed before the mail server took the third message
            raise WorkerKilled
        outcome = real_send(*args)
        if calls["n"] == 5:  # killed after the server took the fifth, before the COMMIT
            raise WorkerKilled
        return outcome

    monkeypatch.setattr(services, "_send", send_or_die)
    with pytest.raises(WorkerKilled):
        services.issue_send_batch(issue_id=december.pk, batch_size=10)
    assert len(mailbox.messages) == 2
    progress = services.issue_progress(issue=december)
    # The killed worker's transaction rolled back: its delivery is queued again, not stuck in flight.
    assert (progress.sent, progress.in_flight, progress.queued) == (2, 0, 4)
    with pytest.raises(WorkerKilled):
        services.issue_send_batch(issue_id=december.pk, batch_size=10)  # a second worker, killed too
    monkeypatch.setattr(services, "_send", real_send)
    send_issue_batch.call(issue_id=december.pk)

    by_address: dict[str, set[str]] = {}
    for message in mailbox.messages:
        by_address.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
    assert sorted(by_address) == sorted(r.email for r in readers)
    # The one message the server took just before its worker died went again: as the same message.
    assert len(mailbox.messages) == 7 and all(len(ids) == 1 for ids in by_address.values())
    december.refresh_from_db()
    assert december.status == Issue.Status.SENT


def test_on_postgresql_a_batch_finding_every_delivery_in_other_hands_looks_again_later(
    mailbox: Mailbox,
) -> None:
    if not services._claims_roll_back():
        pytest.skip("SQLite has no row locks: one worker sends there")
    import psycopg
    from django.db import connection
    from django_tasks import default_task_backend

    subscribers(2)
    june = issue(subject="June")
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        services.issue_start_sending(issue=june)
        default_task_backend.clear()  # type: ignore[attr-defined]
        params = connection.get_connection_params()
        with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as other_worker:
            # Another worker is in the middle of sending both deliveries.
            other_worker.execute(
                "SELECT id FROM newsletter_delivery WHERE issue_id = %s FOR UPDATE", [june.pk]
            )
            assert send_issue_batch.call(issue_id=june.pk) == 0
            other_worker.rollback()
        [again] = default_task_backend.results  # type: ignore[attr-defined]
    assert mailbox.messages == []
    assert again.task.run_after is not None and again.task.run_after > timezone.now()


def test_every_copy_of_an_issue_to_one_reader_has_the_same_message_id(mailbox: Mailbox) -> None:
    reader = subscribers(1)[0]
    april = issue(subject="April")
    services.issue_start_sending(issue=april)
    services.issue_send_test(issue=april, to_email="editor@example.org")
    sent = mailbox.to(reader.email)[0]
    assert sent["Message-ID"] == f"<newsletter-issue-{april.pk}-to-{reader.pk}@testserver>"
    assert mailbox.to("editor@example.org")[0]["Message-ID"] != sent["Message-ID"]


def test_starting_an_issue_starts_several_senders(mailbox: Mailbox) -> None:
    subscribers(3)
    may = issue(subject="May")
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, NEWSLETTER_SENDERS=3
    ):
        from django_tasks import default_task_backend

        default_task_backend.clear()  # type: ignore[attr-defined]
        services.issue_start_sending(issue=may)
        queued = [r for r in default_task_backend.results if r.task.name == "send_issue_batch"]  # type: ignore[attr-defined]
    assert len(queued) == 3 and {r.kwargs["issue_id"] for r in queued} == {may.pk}


def test_starting_twice_queues_nobody_twice(mailbox: Mailbox) -> None:
    subscribers(3)
    january = issue(subject="January")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        services.issue_start_sending(issue=january)
        services.issue_start_sending(issue=january)
    assert Delivery.objects.filter(issue=january).count() == 3


def test_someone_unsubscribing_during_a_send_gets_nothing_more(mailbox: Mailbox) -> None:
    first, second = subscribers(2)
    february = issue(subject="February")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        services.issue_start_sending(issue=february)
    services.subscriber_unsubscribe(subscriber=second, source="test")
    services.issue_send_batch(issue_id=february.pk)
    assert [str(m["To"]) for m in mailbox.messages] == [first.email]


def test_a_refused_recipient_is_recorded_and_the_rest_still_receive(mailbox: Mailbox) -> None:
    readers = subscribers(3)
    mailbox.refuse.add(readers[1].email)
    march = issue(subject="March")
    services.issue_start_sending(issue=march)
    assert sorted(str(m["To"]) for m in mailbox.messages) == [readers[0].email, readers[2].email]
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.subscriber == readers[1] and "refused" in failed.error


def test_editors_preview_test_send_to_themselves_and_watch_progress(mailbox: Mailbox) -> None:
    editor = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(editor)
    subscribers(2)
    response = client.post(
        "/admin/newsletter/issue/add/", {"subject": "April", "body": "**Spring** walks. <script>x()</script>"}
    )
    assert response.status_code == 302
    april = Issue.objects.get()

    preview = client.get(f"/admin/newsletter/issue/{april.pk}/preview/")
    assert b"<strong>Spring</strong>" in preview.content and b"<script>" not in preview.content
    assert "script-src" not in preview["Content-Security-Policy"]

    client.post(f"/admin/newsletter/issue/{april.pk}/send-test/")
    assert [str(m["To"]) for m in mailbox.messages] == ["editor@example.org"]
    assert mailbox.messages[0]["Subject"] == "[TEST] April"
    assert not Delivery.objects.exists()

    change = client.get(f"/admin/newsletter/issue/{april.pk}/change/").content.decode()
    assert "<progress" in change and "0 of 0 sent" in change
    assert (
        b"Send \xe2\x80\x9cApril\xe2\x80\x9d to all 2 confirmed subscribers"
        in client.get(f"/admin/newsletter/issue/{april.pk}/send/").content
    )
    client.post(f"/admin/newsletter/issue/{april.pk}/send/")
    change = client.get(f"/admin/newsletter/issue/{april.pk}/change/").content.decode()
    assert 'max="2" value="2"' in change and "2 of 2 sent" in change
    progress = client.get(f"/admin/newsletter/issue/{april.pk}/progress/").json()
    assert progress["sent"] == 2 and progress["status"] == "sent"
    assert len(mailbox.messages) == 3
    # A sent issue cannot be edited into something else after the fact.
    client.post(f"/admin/newsletter/issue/{april.pk}/change/", {"subject": "Rewritten", "body": "x"})
    april.refresh_from_db()
    assert april.subject == "April"


def test_readers_cannot_reach_the_editors_tools(client: Client) -> None:
    april = issue(subject="April")
    for suffix in ("preview/", "send-test/", "send/", "progress/"):
        response = client.get(f"/admin/newsletter/issue/{april.pk}/{suffix}")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
