"""Runs Django management commands through the `backwell` command."""

from __future__ import annotations

import os


def run_django_command(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backwell.web.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backwell", *args])
    return 0
