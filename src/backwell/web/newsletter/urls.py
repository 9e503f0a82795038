"""URLs of the newsletter app."""

from django.urls import path  # noqa: F401

app_name = "newsletter"
urlpatterns: list = []
