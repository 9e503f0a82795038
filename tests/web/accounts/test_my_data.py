"""Downloading all my data and deleting my account, files included."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from backwell.web.accounts.models import PendingEmailChange, User
from backwell.web.accounts.services import password_reset_request, user_private_dir
from tests.web.accounts.export_reading import data_json, download
from tests.web.factories import DEFAULT_PASSWORD, AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_data_download_holds_my_account_and_assessments_only(client: Client) -> None:
    me = UserFactory(email="me@example.org", display_name="Me")
    AssessmentFactory(user=me, completed=True)
    AssessmentFactory(user=UserFactory(email="other@example.org"), completed=True)
    client.force_login(me)
    archive = download(client)
    document = data_json(archive)
    assert document["account"]["email"] == "me@example.org"
    assert document["account"]["display_name"] == "Me"
    assert len(document["assessments"]) == 1
    assert document["assessments"][0]["answers"]["profile"]["age"] == 41
    assert "other@example.org" not in archive.read("data.json").decode()


@pytest.mark.datalayer
def test_deleting_my_account_leaves_nothing_in_any_table_or_on_disk(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    me = UserFactory(email="me@example.org")
    other = UserFactory(email="other@example.org")
    AssessmentFactory(user=me, completed=True)
    AssessmentFactory(user=other)
    PendingEmailChange.objects.create(user=me, new_email="next@example.org")
    folder = user_private_dir(me)
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "front.jpg").write_bytes(b"\xff\xd8 a photo")
    my_pk = me.pk
    # A reset email queued for the worker (by id) and one for someone else.
    with override_settings(TASKS=DATABASE_TASKS), django_capture_on_commit_callbacks(execute=True):
        password_reset_request(email="me@example.org")
        password_reset_request(email="other@example.org")
    assert DBTaskResult.objects.count() == 2
    other_device = Client()
    other_device.force_login(me)
    client.force_login(me)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/delete/", {"current_password": DEFAULT_PASSWORD, "understood": "on"}
        )

    assert response.status_code == 302
    assert not User.objects.filter(pk=my_pk).exists()
    assert not folder.exists()
    leftovers = _rows_pointing_at_user(my_pk, "me@example.org")
    assert leftovers == [], leftovers
    assert not any(s.get_decoded().get("_auth_user_id") == str(my_pk) for s in Session.objects.all())
    assert other_device.get("/accounts/settings/").status_code == 302
    assert [row.args_kwargs["kwargs"] for row in DBTaskResult.objects.all()] == [{"user_id": other.pk}]
    # The other person is untouched.
    assert User.objects.filter(pk=other.pk).exists()
    assert other.assessments.count() == 1


def _rows_pointing_at_user(pk: int, email: str) -> list[str]:
    """Every row in any installed model that still refers to the user or their email."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                if model._default_manager.filter(**{field.attname: pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
            elif (
                isinstance(field, models.EmailField)
                and model._default_manager.filter(**{field.name: email}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_deleting_needs_the_password_and_the_tick_and_keeps_everything_otherwise(client: Client) -> None:
    me = UserFactory()
    AssessmentFactory(user=me)
    client.force_login(me)
    wrong = client.post("/accounts/delete/", {"current_password": "nope", "understood": "on"})
    assert "not your current password" in wrong.content.decode()
    unticked = client.post("/accounts/delete/", {"current_password": DEFAULT_PASSWORD})
    assert "tick the box to confirm" in unticked.content.decode()
    assert User.objects.filter(pk=me.pk).exists()
    assert me.assessments.count() == 1


def test_private_files_live_under_the_private_root_by_user_id() -> None:
    me = UserFactory()
    assert user_private_dir(me) == Path(settings.PRIVATE_ROOT) / str(me.pk)
