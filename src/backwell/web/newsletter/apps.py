"""App configuration."""

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "backwell.web.newsletter"
    label = "newsletter"
