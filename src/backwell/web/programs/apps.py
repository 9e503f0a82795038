"""App configuration of programs: registers what deleting an account removes from the page cache."""

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "backwell.web.programs"
    label = "programs"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser

        from .views import cached_pages_forget

        register_eraser("cached session pages", cached_pages_forget)
