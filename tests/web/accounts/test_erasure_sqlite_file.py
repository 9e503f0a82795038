"""After deleting an account, the raw bytes of the SQLite file, its -wal and -shm, and the disk cache
hold neither the person's email address nor any marker they wrote (SQLite only: PostgreSQL's files
are another matter, see docs/data-export.md).

The deletion runs in a process of its own (erase_in_sqlite_file.py), because the test database is
in memory and inside a transaction, where neither secure_delete nor a checkpoint can be seen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.web.accounts.erasure_scan import file_hits

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own files are checked here")


def _erase_in_a_fresh_process(tmp_path: Path) -> subprocess.Popen[str]:
    """Starts the deletion in a process of its own; returns once it is done and waiting, files open."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backwell.web.config.test_settings",
        "DATABASE_URL": f"sqlite:///{data_dir / 'backwell.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.web.accounts.erase_in_sqlite_file", str(tmp_path / "report.json")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        _, errors = process.communicate(timeout=60)
        raise AssertionError(errors[-3000:])
    return process


def test_no_byte_of_a_deleted_person_is_left_in_the_sqlite_files_or_the_disk_cache(tmp_path: Path) -> None:
    process = _erase_in_a_fresh_process(tmp_path)
    try:
        report = json.loads((tmp_path / "report.json").read_text())
        database = Path(report["database"])
        database_files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(path.exists() for path in database_files)  # a live database, log and index included
        cache_files = [p for p in Path(report["cache"]).rglob("*") if p.is_file()]
        # The cached progress page showed the person's own words before the deletion: the cache scan
        # below looks where they really were.
        assert report["cache_before"], (
            "no cached page held the person's words: the cache check proves nothing"
        )
        email = report["email"]
        needles = [email, email.upper(), *report["markers"]]
        kept = report["published_comment_marker"]

        in_database = file_hits(database_files, needles)
        in_cache = file_hits(cache_files, needles)
    finally:
        process.communicate(input="done\n", timeout=60)

    # The published comment's text stays on purpose (as "a former member"); nothing else does.
    assert in_database == {kept: [str(database)]}
    assert in_cache == {}
    assert list(Path(report["private"]).rglob("*.jpg")) == []  # the photo file is gone too
