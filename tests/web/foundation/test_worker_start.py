"""An app server process imports every view and freezes what start-up made before serving (core/worker_start.py)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_wsgi_application_imports_the_views_and_freezes_start_up_objects(tmp_path) -> None:
    script = (
        "import gc, sys\n"
        "from backwell.web.config import wsgi\n"
        "print(gc.get_freeze_count(), 'backwell.web.api.routers.checkins' in sys.modules)\n"
    )
    env = {
        **os.environ,
        "BACKWELL_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "backwell.web.config.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, views_loaded = done.stdout.split()
    # Tens of thousands of objects from Django, ninja and pydantic, out of every later full collection.
    assert int(frozen) > 20_000
    assert views_loaded == "True"
