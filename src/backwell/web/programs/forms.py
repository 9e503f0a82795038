"""Forms of the program pages: starting, logging an item, pain before and after, swapping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ItemLog

PAIN_HELP = _("0 means no pain, 10 the worst pain you can imagine.")


class ItemLogForm(forms.Form):
    index = forms.IntegerField(min_value=0, max_value=200)
    outcome = forms.ChoiceField(choices=ItemLog.Outcome.choices)
    client_id = forms.UUIDField(
        error_messages={"invalid": _("The log id is not valid: reload the page and try again.")}
    )
    effort = forms.IntegerField(min_value=0, max_value=10, required=False)
    # Which reasons go with which outcome is the service's rule (services.item_log_record).
    skip_reason = forms.ChoiceField(choices=ItemLog.SkipReason.choices, required=False)


class SessionPainForm(forms.Form):
    before = forms.IntegerField(
        label=_("Pain before"), min_value=0, max_value=10, required=False, help_text=PAIN_HELP
    )
    after = forms.IntegerField(
        label=_("Pain after"), min_value=0, max_value=10, required=False, help_text=PAIN_HELP
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("before") is None and data.get("after") is None:
            raise forms.ValidationError(_("Give your pain before or after the session, from 0 to 10."))
        return data


class SwapForm(forms.Form):
    replacement = forms.ChoiceField(label=_("Swap for"), widget=forms.RadioSelect)

    def __init__(self, *args: object, alternatives: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["replacement"].choices = alternatives  # type: ignore[attr-defined]
