"""App configuration: registers its part of "download my data" and of deleting an account."""

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "backwell.web.comments"
    label = "comments"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .personal_data import comments_anonymise, comments_export

        register_exporter("comments", comments_export)
        register_eraser("comments (anonymised or removed)", comments_anonymise)
