"""The sign-up form: an email address and an explicit, unticked consent box."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import CONSENT_WORDING

SOURCES = ("footer", "article", "page")


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Please type your email address."),
            "invalid": _(
                "This does not look like an email address. Check it has one @ and a domain, e.g. sam@example.org."
            ),
            "max_length": _(
                "This address is too long (%(show_value)d characters; the limit is %(limit_value)d)."
            ),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={
            "required": _("Please tick the box to say you want the newsletter — we only send it if you ask.")
        },
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    # Invisible to people; bots fill it in.
    nickname = forms.CharField(required=False, max_length=200)

    def clean_source(self) -> str:
        source = self.cleaned_data.get("source", "")
        return source if source in SOURCES else "page"
