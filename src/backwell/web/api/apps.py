"""App configuration."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "backwell.web.api"
    label = "api"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .export import api_export
        from .routers.program import cached_days_forget

        register_exporter("apps", api_export)
        register_eraser("cached API answers", cached_days_forget)
