"""URLs of the content app."""

from django.urls import path  # noqa: F401

app_name = "content"
urlpatterns: list = []
