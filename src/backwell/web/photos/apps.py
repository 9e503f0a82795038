"""App configuration."""

from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "backwell.web.photos"
    label = "photos"
