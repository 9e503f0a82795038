"""`backwell housekeeping`: the daily clean-up the deployment's timer runs (docs/deploy.md).

Expired sessions (Django's `clearsessions`) and expired OAuth 2 tokens and grants (django-oauth-toolkit's
`cleartokens`: access tokens past their hour, refresh tokens revoked or past their 60 days, used or
stale authorization codes). Both are idempotent, so a missed or repeated run does no harm.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

JOBS = ("clearsessions", "cleartokens")


class Command(BaseCommand):
    help = "Remove expired sessions and expired OAuth 2 tokens and grants. Run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in JOBS:
            call_command(job, verbosity=options["verbosity"])
            if options["verbosity"] >= 1:
                self.stdout.write(f"{job}: done")
