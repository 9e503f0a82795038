"""App configuration: registers its part of "download my data" and of deleting an account."""

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "backwell.web.newsletter"
    label = "newsletter"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .personal_data import newsletter_erase, newsletter_export

        register_exporter("newsletter", newsletter_export)
        register_eraser("newsletter subscription", newsletter_erase)
