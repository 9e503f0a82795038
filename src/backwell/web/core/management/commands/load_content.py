"""`backwell load_content`: runs every curated-content loader in settings.CURATED_CONTENT_LOADERS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the curated content (articles, authors, categories…) from the files in the package. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] < 1
        loaders: list[str] = list(getattr(settings, "CURATED_CONTENT_LOADERS", []))
        if not loaders:
            if not quiet:
                self.stdout.write("No curated content loaders are configured.")
            return
        for dotted in loaders:
            try:
                loader = import_string(dotted)
            except ImportError:
                # An app that has not shipped its loader yet must not stop the server from starting.
                self.stderr.write(f"Skipped {dotted}: it cannot be imported in this build.")
                continue
            try:
                outcome = loader()
            except Exception as exc:
                raise CommandError(f"{dotted} failed: {exc}") from exc
            summary = f": {outcome}" if outcome not in (None, "") else ""
            if not quiet:
                self.stdout.write(f"Loaded {dotted}{summary}")
