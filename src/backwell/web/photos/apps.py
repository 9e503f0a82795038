"""App configuration of the photos app: registers its part of "download my data"."""

from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "backwell.web.photos"
    label = "photos"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_exporter, register_files

        from .selectors import photo_files_export, posture_export

        # Files live in PRIVATE_ROOT/<user pk>/, which deleting the account removes; rows cascade.
        register_exporter("posture", posture_export)
        register_files("photos", photo_files_export)
