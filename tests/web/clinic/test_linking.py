"""Linking: the clinician role, invitations by code, link and email, per-kind consent, changing and
stopping it, notes and replies, and the demo clinician."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backwell.web.clinic import services
from backwell.web.clinic.models import ClinicianLink, Invitation, Note
from backwell.web.core import dates
from tests.web.clinic.world import World, clinician
from tests.web.factories import UserFactory

# Raw SQL (the worklist stamp and access log insert), row locks and constraints: run on PostgreSQL too.
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _invite(doctor, email: str = "") -> tuple[Client, str]:
    client = Client()
    client.force_login(doctor)
    response = client.post(reverse("clinic:invite"), {"email": email})
    assert response.status_code == 200
    invitation = Invitation.objects.get(clinician=doctor)
    page = response.content.decode()
    assert f"{invitation.code[:4]}-{invitation.code[4:]}" in page and "<svg" in page and 'role="img"' in page
    return client, invitation.code


def test_the_command_gives_the_clinician_role_and_refuses_unknown_addresses(capsys) -> None:
    person = UserFactory(email="physio@example.org")
    call_command("clinician", "add", "PHYSIO@example.org")
    person.refresh_from_db()
    assert person.is_clinician
    assert "is a clinician" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No account"):
        call_command("clinician", "add", "nobody@example.org")
    call_command("clinician", "remove", "physio@example.org")
    person.refresh_from_db()
    assert not person.is_clinician


def test_a_person_joins_by_code_sees_what_is_shared_and_consents_per_kind() -> None:
    doctor = clinician(display_name="Dr Kay")
    _, code = _invite(doctor)
    person = UserFactory()
    client = Client()
    client.force_login(person)
    # Typed loosely, in lower case with a space: still the code.
    typed = f"{code[:4].lower()} {code[4:]}"
    response = client.post(reverse("clinic:join"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse("clinic:join_code", args=[code])
    consent = client.get(response["Location"]).content.decode()
    assert "Share with Dr Kay?" in consent
    for words in ("Scores and check-ins", "Session adherence", "Posture photos", "Program changes"):
        assert words in consent
    assert doctor.email not in consent
    nothing = client.post(reverse("clinic:join_code", args=[code]), {})
    assert nothing.status_code == 400 and "Choose at least one kind" in nothing.content.decode()
    assert not ClinicianLink.objects.exists()
    client.post(reverse("clinic:join_code", args=[code]), {"kinds": ["scores", "photos"]})
    link = ClinicianLink.objects.get(person=person, clinician=doctor)
    assert link.shared_kinds == ["scores", "photos"]
    # Single use: the code is gone.
    assert client.get(reverse("clinic:join_code", args=[code])).status_code == 404


def test_an_emailed_invitation_carries_the_join_link_and_code_and_never_the_clinicians_address(
    django_capture_on_commit_callbacks,
) -> None:
    doctor = clinician(display_name="Dr Kay")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(doctor, email="Client@Example.org")
    invitation = Invitation.objects.get(clinician=doctor)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["client@example.org"]
    assert reverse("clinic:join_code", args=[invitation.code]) in message.body
    assert f"{invitation.code[:4]}-{invitation.code[4:]}" in message.body
    assert doctor.email not in message.body and "Dr Kay" in message.subject


@pytest.mark.parametrize("code", ["", "x", "ABCD", "ABCDEFG0", "A" * 41, "%00", "abcd-efgh-ijkl"])
def test_bad_codes_get_a_clear_message(code: str) -> None:
    client = Client()
    client.force_login(UserFactory())
    response = client.post(reverse("clinic:join"), {"code": code})
    assert response.status_code == 400
    assert "eight letters and digits" in response.content.decode()


def test_unknown_expired_and_own_invitations_are_refused() -> None:
    doctor = clinician()
    _, code = _invite(doctor)
    client = Client()
    client.force_login(doctor)
    own = client.post(reverse("clinic:join_code", args=[code]), {"kinds": ["scores"]})
    assert "your own invitation" in own.content.decode() and not ClinicianLink.objects.exists()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(UserFactory())
    expired = client.get(reverse("clinic:join_code", args=[code]))
    assert expired.status_code == 404 and "expired" in expired.content.decode()
    assert client.get(reverse("clinic:join_code", args=["ZZZZZZZZ"])).status_code == 404


def test_a_person_can_link_several_clinicians_and_a_new_invitation_renews_a_stopped_link() -> None:
    person = UserFactory()
    first, second = clinician(), clinician()
    for doctor in (first, second):
        invitation = services.invitation_create(clinician=doctor)
        services.invitation_accept(person=person, invitation=invitation, kinds=["scores"])
    assert ClinicianLink.objects.filter(person=person, revoked_at__isnull=True).count() == 2
    link = ClinicianLink.objects.get(person=person, clinician=first)
    services.link_revoke(link=link)
    link.refresh_from_db()
    assert not link.active and link.shared_kinds == []
    services.invitation_accept(
        person=person, invitation=services.invitation_create(clinician=first), kinds=["adherence"]
    )
    link.refresh_from_db()
    assert link.active and link.shared_kinds == ["adherence"]


def test_changing_consent_needs_a_kind_and_shows_a_message(world: World) -> None:
    link = ClinicianLink.objects.get(person=world.person, clinician=world.with_consent)
    client = Client()
    client.force_login(world.person)
    refused = client.post(reverse("clinic:consent", args=[link.pk]), {f"l{link.pk}-kinds": []})
    assert refused.status_code == 400 and "Choose at least one kind" in refused.content.decode()
    bogus = client.post(reverse("clinic:consent", args=[link.pk]), {f"l{link.pk}-kinds": ["everything"]})
    assert bogus.status_code == 400
    link.refresh_from_db()
    assert len(link.shared_kinds) == 4
    stopped = ClinicianLink.objects.get(person=world.person, clinician=world.revoked)
    again = client.post(reverse("clinic:consent", args=[stopped.pk]), {f"l{stopped.pk}-kinds": ["scores"]})
    assert again.status_code == 400 and "new invitation" in again.content.decode()


def test_notes_private_and_shared_and_the_persons_reply(world: World) -> None:
    doctor = Client()
    doctor.force_login(world.with_consent)
    page = reverse("clinic:person", args=[world.person.pk])
    doctor.post(reverse("clinic:note_add", args=[world.person.pk]), {"body": "Only for me", "shared": ""})
    doctor.post(
        reverse("clinic:note_add", args=[world.person.pk]), {"body": "Try walking daily", "shared": "on"}
    )
    empty = doctor.post(reverse("clinic:note_add", args=[world.person.pk]), {"body": "   "})
    assert empty.status_code == 400
    too_long = doctor.post(reverse("clinic:note_add", args=[world.person.pk]), {"body": "x" * 4001})
    assert too_long.status_code == 400
    person = Client()
    person.force_login(world.person)
    sharing = person.get(reverse("clinic:sharing")).content.decode()
    assert "Try walking daily" in sharing and "Only for me" not in sharing
    shared = Note.objects.get(body="Try walking daily")
    person.post(reverse("clinic:reply", args=[shared.pk]), {f"n{shared.pk}-body": "Walked 20 minutes today"})
    assert "Walked 20 minutes today" in person.get(reverse("clinic:sharing")).content.decode()
    assert "Walked 20 minutes today" in doctor.get(page).content.decode()
    bad = person.post(reverse("clinic:reply", args=[shared.pk]), {f"n{shared.pk}-body": ""})
    assert bad.status_code == 400
    # A reply cannot itself be replied to, and a stopped clinician's notes are not answerable.
    reply = Note.objects.get(body="Walked 20 minutes today")
    assert (
        person.post(reverse("clinic:reply", args=[reply.pk]), {f"n{reply.pk}-body": "x"}).status_code == 404
    )


def test_marking_adaptations_reviewed_clears_the_alert(world: World) -> None:
    doctor = Client()
    doctor.force_login(world.with_consent)
    before = doctor.get(reverse("clinic:worklist"), {"alert": "adaptation_review"}).content.decode()
    assert str(world.person) in before
    doctor.post(reverse("clinic:reviewed", args=[world.person.pk]))
    after = doctor.get(reverse("clinic:worklist"), {"alert": "adaptation_review"}).content.decode()
    assert str(world.person) not in after


def test_the_demo_clinician_sees_every_alert_kind() -> None:
    from backwell.commands.demo import demo_person
    from backwell.web.clinic import alerts, worklist
    from backwell.web.clinic.demo import COURSES, demo_clinician

    person, _password, _history = demo_person(weeks=8)
    doctor = demo_clinician(person=person, password="demo-password-123")
    rows = worklist.build(clinician=doctor, today=timezone.localdate())
    assert len(rows) == len(COURSES) + 1
    assert rows[0].alerts[0].code == "red_flag"
    seen = {a.code for row in rows for a in row.alerts}
    assert seen == {rule.code for rule in alerts.RULES}
    client = Client()
    assert client.login(email=doctor.email, password="demo-password-123")
    assert client.get(reverse("clinic:worklist")).status_code == 200


def test_the_demo_clinician_finds_an_override_and_a_held_adaptation() -> None:
    from backwell.commands.demo import demo_person
    from backwell.web.clinic.demo import demo_clinician
    from backwell.web.clinic.models import PendingAdaptation
    from backwell.web.programs.models import ProgramChange

    person, _password, _history = demo_person(weeks=8)
    doctor = demo_clinician(person=person, password="demo-password-123")
    override = ProgramChange.objects.get(kind="clinician", changes__0__why__startswith="Stalled for weeks")
    assert override.program.user.display_name.startswith("Morgan")
    held = PendingAdaptation.objects.get(decision="pending")
    assert held.program.user.display_name.startswith("Sam")
    client = Client()
    client.force_login(doctor)
    page = client.get(reverse("clinic:person", args=[held.program.user_id])).content.decode()
    assert "adaptation waits for you" in page
    worklist_page = client.get(reverse("clinic:worklist")).content.decode()
    assert f"week {held.week} adaptation waits for your approval" in worklist_page
    # The person (here Morgan) reads the change and why on their program overview.
    morgan = Client()
    morgan.force_login(override.program.user)
    assert "Stalled for weeks" in morgan.get(reverse("programs:overview")).content.decode()
    # Running the demo again adds nothing.
    demo_clinician(person=person, password="demo-password-123")
    assert PendingAdaptation.objects.filter(decision="pending").count() == 1
    assert ProgramChange.objects.filter(kind="clinician", changes__0__why__startswith="Stalled").count() == 1


def test_the_clinicians_page_of_a_person_speaks_of_them_not_to_them(world: World) -> None:
    """The charts are the person's own progress charts; on the clinician's page their sentences say
    "their", and dates read as everywhere else on the site."""
    doctor = Client()
    doctor.force_login(world.with_consent)
    page = doctor.get(reverse("clinic:person", args=[world.person.pk])).content.decode()
    assert "the person's daily check-ins and their pain" in page
    assert "Their activities by week" in page
    assert "your daily check-ins" not in page and "Your activities by week" not in page
    linked = ClinicianLink.objects.get(person=world.person, clinician=world.with_consent)
    assert f"Linked since {dates.day(linked.created_at)}." in page
    # The person's own progress page keeps speaking to them.
    person = Client()
    person.force_login(world.person)
    own = person.get(reverse("tracking:progress")).content.decode()
    assert "your daily check-ins and your pain" in own and "the person's daily" not in own
