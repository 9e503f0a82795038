"""The data dir holds health data: only the account that runs backwell can open anything in it."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.web.foundation.test_commands import BACKWELL, _env

# Touches the disk cache the way a request does, so its folder and SQLite files exist too.
USE_THE_CACHE = "from django.core.cache import cache; cache.set('probe', 1); print(cache.get('probe'))"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(*args: str, data_dir: Path) -> None:
    # A permissive umask, as a shell or a service manager may hand over: backwell must tighten it itself.
    done = subprocess.run(
        [BACKWELL, *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # only the child's umask, set before exec
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_a_fresh_data_dir_and_everything_in_it_are_private_to_the_account(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _run("migrate", "--verbosity", "0", data_dir=data_dir)
    _run("shell", "-c", USE_THE_CACHE, data_dir=data_dir)

    assert _mode(data_dir) == 0o700
    made = [data_dir / "backwell.sqlite3", data_dir / "secret_key", data_dir / "diskcache"]
    assert all(p.exists() for p in made), sorted(p.name for p in data_dir.iterdir())
    loose = {
        str(p.relative_to(data_dir)): oct(_mode(p))
        for p in [data_dir, *data_dir.rglob("*")]
        if _mode(p) & 0o077  # any access for the group or others
    }
    assert not loose, f"readable by other accounts: {loose}"
    wal = data_dir / "backwell.sqlite3-wal"
    if wal.exists():  # SQLite removes it on a clean close; while it exists it holds recent writes
        assert _mode(wal) == 0o600


def test_an_existing_open_data_dir_is_closed_on_start(tmp_path: Path) -> None:
    # A folder an older version made 0755, holding a 0644 database: others lose their way in.
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    (data_dir / "secret_key").write_text("k" * 64)
    _run("check", data_dir=data_dir)
    assert _mode(data_dir) == 0o700
