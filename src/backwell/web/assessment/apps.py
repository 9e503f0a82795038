"""App configuration of the assessment: registers its part of "download my data"."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "backwell.web.assessment"
    label = "assessment"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_exporter

        from .selectors import assessments_export

        register_exporter("assessments", assessments_export)
