"""App configuration."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "backwell.web.assessment"
    label = "assessment"
