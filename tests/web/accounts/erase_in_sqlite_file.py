"""Run by test_erasure_sqlite_file.py in a process of its own, on a SQLite file and the disk cache.

It migrates a fresh database in the data directory, fills a marked person (marked_person.py), opens
their cached pages, deletes the account through the web page, and writes what the test needs to
look for, and where, to the JSON file named on the command line; the test then reads the raw bytes
while this process still holds its connections open.
The database and cache are the production kinds (SQLite in WAL mode through core/sqlite, diskcache).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_path: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's host name, a mail outbox instead of the console
    call_command("migrate", verbosity=0)
    from tests.web.accounts.marked_person import DEFAULT_PASSWORD, marked_person

    person = marked_person()
    client = Client()
    client.force_login(person.user)
    for url in (reverse("tracking:progress"), reverse("programs:overview")):
        assert client.get(url).status_code == 200, url
    cache_files = sorted(
        str(p) for p in Path(settings.CACHES["default"]["LOCATION"]).rglob("*") if p.is_file()
    )
    cache_before = {
        marker: [f for f in cache_files if marker.encode() in Path(f).read_bytes()]
        for marker in person.markers
    }
    response = client.post("/accounts/delete/", {"current_password": DEFAULT_PASSWORD, "understood": "on"})
    assert response.status_code == 302, response.status_code
    report = {
        "database": settings.DATABASES["default"]["NAME"],
        "cache": settings.CACHES["default"]["LOCATION"],
        "private": str(settings.PRIVATE_ROOT),
        "email": person.email,
        "markers": person.markers,
        "published_comment_marker": person.published_comment_marker,
        "cache_before": {marker: files for marker, files in cache_before.items() if files},
    }
    Path(report_path).write_text(json.dumps(report))
    # Stay alive, connections open, while the test reads the files: as a server would. (When the last
    # connection closes, SQLite folds the log in and deletes it, which would hide what a live one keeps.)
    print("ready", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main(sys.argv[1])
