"""The "Leave a reply" form: plain fields, a honeypot and the proof-of-work answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from backwell.web.accounts.models import User

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH

HONEYPOT_FIELD = "contact_phone"
PARENT_ID_MAX = 2**31 - 1


def parent_id_from(raw: object) -> int | None:
    """A comment id from untrusted text, or None; never a number too big for the database."""
    text = str(raw or "")
    if not text.isdigit() or len(text) > 10 or not 0 < int(text) <= PARENT_ID_MAX:
        return None
    return int(text)


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _(
                "Please give a name to show with your reply (it can be a first name or a nickname)."
            ),
            "max_length": _("Please shorten your name to %(limit_value)d characters or fewer."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Required, never published. We use it only to recognise you as a returning commenter."),
        error_messages={
            "required": _("Please give your email address. It is never shown to anyone."),
            "invalid": _(
                "This does not look like an email address. Check it has one @ and a domain, e.g. sam@example.org."
            ),
        },
    )
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": _("Enter a full web address starting with https:// or http://, or leave this empty."),
        },
    )
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Links are shown as plain links; HTML is not."),
        error_messages={
            "required": _("Please write something before sending."),
            "max_length": _("Your reply is too long: please keep it under %(limit_value)d characters."),
        },
    )
    # Hidden and set by the page, so it never fails validation: a bad value means "no such comment".
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see: browsers' autofill is switched off for it, bots fill it in.
    contact_phone = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    altcha = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, account: User | None = None, **kwargs: Any) -> None:
        # Distinct ids, so the page's other forms (newsletter, search) never share a label target.
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        # A signed-in person is not asked again for what their account knows: the email always comes
        # from it (and is never shown), the name too once they have given one.
        self.account = account
        if account is not None:
            del self.fields["email"]
            if account.display_name:
                del self.fields["name"]
        if "name" in self.fields:
            self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        if "email" in self.fields:
            self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["website"].widget.attrs.update({"autocomplete": "url"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.account is not None:
            cleaned["email"] = self.account.email
            if self.account.display_name:
                cleaned["name"] = self.account.display_name
        return cleaned

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give a name to show with your reply."))
        return name

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write something before sending."))
        return body

    def clean_parent(self) -> int | None:
        return parent_id_from(self.cleaned_data.get("parent"))

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
