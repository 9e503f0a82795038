"""URLs of the tracking app."""

from django.urls import path  # noqa: F401

app_name = "tracking"
urlpatterns: list = []
