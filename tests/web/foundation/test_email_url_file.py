"""EMAIL_URL=file:///folder: mail kept in files instead of sent (staging servers, the stack test)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from backwell.web.config.environment import email_settings


def test_email_url_file_keeps_mail_in_a_folder() -> None:
    assert email_settings("file:///var/lib/backwell/mail") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/lib/backwell/mail",
    }
    with pytest.raises(ImproperlyConfigured, match="absolute folder"):
        email_settings("file://mail")
