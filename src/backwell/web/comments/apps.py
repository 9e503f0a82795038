"""App configuration."""

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "backwell.web.comments"
    label = "comments"
