"""Settings for the test suite: the real settings with a throwaway data directory and plain HTTP."""

import os
import tempfile

# The environment is read when settings import, so set it first. The live test server speaks
# plain HTTP, so HTTPS redirects and secure-only cookies are off (a test turns them back on).
# Every process gets its own folder — each pytest-xdist worker too — so caches, rate limits and
# private files of parallel tests never mix.
os.environ["BACKWELL_DATA_DIR"] = tempfile.mkdtemp(prefix="backwell-test-")
os.environ.setdefault("BACKWELL_HTTPS", "0")

from .settings import *  # noqa: F403
from .settings import PASSWORD_HASHERS as _PRODUCTION_HASHERS

# Argon2 stays installed (a test checks that production uses it) but hashing in tests uses a fast
# hasher, or hundreds of sign-ups would take minutes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PRODUCTION_HASHERS]
PRODUCTION_PASSWORD_HASHERS = _PRODUCTION_HASHERS

# WhiteNoise warns for every test client when the (never collected) static folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Tests use an in-memory SQLite database, as Django does for its own SQLite engine; said outright
# because pytest-django only recognises that engine by name, and ours wraps it (core/sqlite).
if DATABASES["default"]["ENGINE"] == "backwell.web.core.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
