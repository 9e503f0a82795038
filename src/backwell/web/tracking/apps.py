"""App configuration of tracking: registers what deleting an account removes from the page cache."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "backwell.web.tracking"
    label = "tracking"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser

        from .views import cached_pages_forget

        register_eraser("cached progress pages", cached_pages_forget)
