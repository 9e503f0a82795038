"""URLs of the photos app."""

from django.urls import path  # noqa: F401

app_name = "photos"
urlpatterns: list = []
