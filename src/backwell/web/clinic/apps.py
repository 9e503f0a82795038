"""App configuration of the clinic app: registers its part of "download my data" and of deleting an account."""

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "backwell.web.clinic"
    label = "clinic"

    def ready(self) -> None:
        from backwell.web.accounts.data_registry import register_eraser, register_exporter

        from .export import clinic_export, invitations_to_erase
        from .worklist import stored_worklists_forget

        register_exporter("clinic", clinic_export)
        # Links, notes and the person's access log go with the account's row; invitations sent to the
        # person's address by a clinician are keyed by that address, so they are removed here.
        register_eraser("clinician invitations to this address", invitations_to_erase)
        register_eraser("stored clinician worklists showing the person", stored_worklists_forget)
