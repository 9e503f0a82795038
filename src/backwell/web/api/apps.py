"""App configuration."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "backwell.web.api"
    label = "api"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_exporter

        from .export import api_export

        register_exporter("apps", api_export)
