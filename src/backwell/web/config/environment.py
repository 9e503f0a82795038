"""Reads backwell's settings from environment variables, with safe defaults for self-hosting."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

WEAK_KEY_MIN_LENGTH = 50
WEAK_KEY_MIN_UNIQUE = 5


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true or false), not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


# The data dir holds health data. Every process that touches it reads settings first (gunicorn workers,
# the task worker, management commands), so the umask set here makes whatever they create there —
# SQLite's database, WAL and lock files, the disk cache, static files — 0600 files in 0700 folders,
# as photos already were, without each library having to be told.
PRIVATE_UMASK = 0o077
PRIVATE_DIR_MODE = 0o700


def data_dir() -> Path:
    """Where SQLite, the generated secret key, uploads and collected static files live; private to this user."""
    os.umask(PRIVATE_UMASK)
    path = Path(os.environ.get("BACKWELL_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    # A folder made by an older version (0755) is closed too, so its 0644 files are out of others' reach.
    if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_DIR_MODE)
    return path


def is_weak_secret(key: str) -> bool:
    # Django's own deploy check uses the same length and variety thresholds.
    return (
        len(key) < WEAK_KEY_MIN_LENGTH
        or len(set(key)) < WEAK_KEY_MIN_UNIQUE
        or key.startswith("django-insecure-")
    )


def secret_key(debug: bool, directory: Path) -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if is_weak_secret(key) and not debug:
            raise ImproperlyConfigured(
                "SECRET_KEY is too weak for DEBUG=0: use at least 50 random characters, e.g. "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
        return key
    path = directory / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
        print(f"backwell: generated a new SECRET_KEY in {path}; keep that file private.", file=sys.stderr)
    return path.read_text().strip()


def email_settings(url: str | None) -> dict[str, object]:
    """EMAIL_URL like smtp://user:pass@host:port?tls=1; none means print mail to the console."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps", "console", "memory", "file"):
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtps://, console:// or file:///folder, not {url!r}"
        )
    if parsed.scheme == "file":
        # Each sending connection writes its messages to a new file in the folder: for staging
        # servers and the stack test, where mail must be kept and counted but never go out.
        if not parsed.path.startswith("/"):
            raise ImproperlyConfigured(
                f"EMAIL_URL file:// needs an absolute folder, e.g. file:///var/mail, not {url!r}"
            )
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "127.0.0.1",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in ("1", "true"),
        "EMAIL_TIMEOUT": 10,
    }
