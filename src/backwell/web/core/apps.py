"""App configuration for the core of the site."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backwell.web.core"
    label = "core"

    def ready(self) -> None:
        # Before any urls.py is read: they use <id:…> and <small:…> instead of <int:…>.
        from .converters import register

        register()
