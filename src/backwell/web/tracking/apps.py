"""App configuration of tracking: registers its part of "download my data" and of deleting an account."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "backwell.web.tracking"
    label = "tracking"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .export import tracking_export
        from .views import cached_pages_forget

        register_exporter("tracking", tracking_export)
        register_eraser("cached progress pages", cached_pages_forget)
