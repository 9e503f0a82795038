"""App configuration of programs: registers its part of "download my data" and of deleting an account."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "backwell.web.programs"
    label = "programs"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .export import programs_export
        from .views import cached_pages_forget

        register_exporter("programs", programs_export)
        register_eraser("cached session pages", cached_pages_forget)
