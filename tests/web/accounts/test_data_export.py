""" "Download my data" holds every record of every model with a person's data, and their photo files.

The models are discovered (marked_person.owner_lookups), so a new model holding personal data fails
here until marked_person fills it and its app exports it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import models
from django.test import Client

from backwell.web.accounts.selectors import EXPORT_FORMAT_VERSION
from tests.web.accounts.export_reading import data_json, download, string_leaves
from tests.web.accounts.marked_person import (
    email_fields_outside_ownership,
    marked_person,
    owner_lookups,
    rows_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]

# Stored but deliberately not in the download, each for a reason a person would accept.
NOT_EXPORTED = {
    "accounts.User.password": "a one-way hash: useless to the person, a risk in a lost download",
    "photos.PosturePhoto.stored_name": "where the file sits on the server; the file itself is in the ZIP",
    "photos.PostureVideoJob.upload_name": "where the upload sat until read; the video is not kept",
    "photos.PostureVideoJob.next_url": "the page to return to after the upload: navigation, not data",
    "admin.LogEntry.object_repr": "describes other people's records a staff member changed",
    # OAuth secrets: in a lost download they would let the finder act as the person.
    **{
        f"oauth2_provider.{model}.{field}": "a secret that would let its holder act as the person"
        for model, field in (
            ("AccessToken", "token"),
            ("AccessToken", "token_checksum"),
            ("RefreshToken", "token"),
            ("RefreshToken", "token_checksum"),
            ("Grant", "code"),
            ("Grant", "code_challenge"),
            ("Application", "client_secret"),
            ("DeviceGrant", "device_code"),
            ("DeviceGrant", "user_code"),
        )
    },
}

# Linked to an account but holding nothing about anyone, so not in the download.
NOT_PERSONAL = {
    "clinic.WorklistVersion": "a random number that changes when the clinician's worklist does",
}


def _expected_values(row: models.Model) -> dict[str, list[str]]:
    """The strings the download must contain for one row: its texts, dates, times and JSON strings."""
    expected: dict[str, list[str]] = {}
    for field in row._meta.concrete_fields:
        if field.is_relation or f"{row._meta.label}.{field.name}" in NOT_EXPORTED:
            continue
        value = getattr(row, field.attname)
        if value in (None, "", [], {}):
            continue
        if isinstance(field, models.JSONField):
            strings = list(string_leaves(value))
        elif isinstance(value, (datetime.date, datetime.datetime)):
            strings = [value.isoformat()]
        elif isinstance(value, str):
            strings = [value]
        else:
            continue  # numbers and flags: the row is proven present by its texts and times
        if strings:
            expected[field.name] = strings
    return expected


def test_every_email_address_field_belongs_to_a_person_through_the_account_or_the_declared_list() -> None:
    assert email_fields_outside_ownership() == []


def test_download_holds_every_row_and_marker_of_every_model_with_personal_data(client: Client) -> None:
    me = marked_person()
    other = marked_person()
    client.force_login(me.user)

    archive = download(client)

    document = data_json(archive)
    haystack = "\n".join(string_leaves(document))
    missing: list[str] = []
    covered: list[str] = []
    for model, lookup in sorted(owner_lookups().items(), key=lambda item: item[0]._meta.label):
        if model._meta.label in NOT_PERSONAL:
            continue
        rows = list(rows_of(model, lookup, me.user))
        assert rows, f"marked_person() fills no {model._meta.label}: add it there and to its app's exporter"
        for row in rows:
            expected = _expected_values(row)
            assert expected, f"{model._meta.label} #{row.pk} has nothing the test can look for"
            for field_name, strings in expected.items():
                missing += [
                    f"{model._meta.label}.{field_name}: {s[:60]!r}" for s in strings if s not in haystack
                ]
        covered.append(model._meta.label)
    assert missing == []
    assert len(covered) >= 20  # every app with personal data: accounts, admin, assessment … newsletter
    assert [m for m in me.markers if m not in haystack] == []
    assert [m for m in other.markers if m in haystack] == []
    assert other.email not in haystack


def test_download_is_a_zip_with_versioned_json_the_photo_files_and_a_readme(client: Client) -> None:
    me = marked_person()
    client.force_login(me.user)

    archive = download(client)

    assert sorted(archive.namelist()) == sorted(["data.json", "README.txt", me.photo_archive_name])
    assert archive.read(me.photo_archive_name) == me.photo_bytes
    document: dict[str, Any] = data_json(archive)
    assert document["format_version"] == EXPORT_FORMAT_VERSION
    assert document["posture"]["photos"][0]["file"] == me.photo_archive_name
    assert document["files_missing"] == []
    assert document["account"]["email"] == me.email
    assert document["tracking"]["daily_checkins"][0]["note"] == f"dailynote{me.tag}"
    assert document["newsletter"]["consent_events"][0]["wording"] == f"consentwording{me.tag}"
    readme = archive.read("README.txt").decode()
    assert "data.json" in readme
    assert "photos/" in readme
    assert f"version {EXPORT_FORMAT_VERSION}" in readme


def test_a_photo_file_gone_from_disk_is_named_in_the_download_instead_of_failing(client: Client) -> None:
    me = marked_person()
    photo = me.user.posture_photos.get()
    photo.path.unlink()
    client.force_login(me.user)

    archive = download(client)

    assert me.photo_archive_name not in archive.namelist()
    assert data_json(archive)["files_missing"] == [me.photo_archive_name]
    assert "could not be read" in archive.read("README.txt").decode()


def test_download_needs_a_signed_in_person(client: Client) -> None:
    response = client.get("/accounts/my-data.zip")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
