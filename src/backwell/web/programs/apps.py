"""App configuration."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "backwell.web.programs"
    label = "programs"
