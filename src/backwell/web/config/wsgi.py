"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backwell.web.config.settings")
application = get_wsgi_application()

from backwell.web.core.worker_start import settle  # noqa: E402 - needs Django set up, just above

settle()
