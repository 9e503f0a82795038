"""App configuration for the core of the site."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backwell.web.core"
    label = "core"
