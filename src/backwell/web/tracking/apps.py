"""App configuration."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "backwell.web.tracking"
    label = "tracking"
