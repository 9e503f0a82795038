"""`backwell clinician add EMAIL` (give an account the clinician role) and `backwell clinician remove EMAIL`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backwell.web.accounts.models import User
from backwell.web.clinic.services import ClinicError, clinician_role_grant


class Command(BaseCommand):
    help = "Give an existing account the clinician role (add), or take it away (remove)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("add", "remove"))
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"]
        if options["action"] == "add":
            try:
                user = clinician_role_grant(email=email)
            except ClinicError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{user.email} is a clinician: their worklist is at /clinic/")
            return
        changed = User.objects.filter(email__iexact=email.strip()).update(is_clinician=False)
        if not changed:
            raise CommandError("No account has that email address.")
        self.stdout.write(f"{email} is no longer a clinician; people linked to them keep their choices.")
