"""App configuration."""

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "backwell.web.content"
    label = "content"
