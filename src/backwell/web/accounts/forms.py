"""Forms of the accounts app: each says plainly what is wrong and what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backwell.web.core.client_address import client_address

from .login_lockout import login_failure_record, login_failures_clear, login_ip_is_locked, login_is_locked
from .models import User

# Long enough for any passphrase or password manager, short enough that hashing stays cheap.
PASSWORD_MAX_LENGTH = 256

LOCKED_MESSAGE = _(
    "Too many wrong passwords for this email address. For your safety, logging in is paused for "
    "15 minutes. You can reset your password in the meantime."
)
IP_LOCKED_MESSAGE = _(
    "Too many failed logins from your network. For everyone's safety, logging in from here is paused "
    "for 15 minutes. You can reset your password in the meantime."
)


def client_ip(request: HttpRequest | None) -> str:
    # The one reading of the client's address (behind the trusted proxy, the entry it appended), so
    # login limits do not lump every visitor together as the proxy's address.
    return (client_address(request) if request else "") or "unknown"


class PasswordInput(forms.CharField):
    def __init__(self, *, label: Any, autocomplete: str, help_text: Any = "") -> None:
        super().__init__(
            label=label,
            max_length=PASSWORD_MAX_LENGTH,
            strip=False,
            help_text=help_text,
            widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("You log in with it. It is never shown to anyone."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=_("How backwell greets you. A first name or a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = PasswordInput(
        label=_("Password"),
        autocomplete="new-password",
        help_text=_("At least 10 characters, not a common password. A short sentence works well."),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy terms and agree that backwell stores my answers to build my program."
        ),
        error_messages={
            "required": _("Please tick the box to agree to the privacy terms, or you cannot sign up.")
        },
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not checked here: the answer must be the same either way.
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class LoginForm(AuthenticationForm):
    """Email and password, with a lockout after repeated failures from one address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email address and password do not match an account. Check both and try again."
        ),
        "locked": LOCKED_MESSAGE,
        "ip_locked": IP_LOCKED_MESSAGE,
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "maxlength": 254})
        # Overlong input is refused before it reaches the (deliberately slow) password hasher.
        self.fields["username"].validators.append(MaxLengthValidator(254))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip = client_ip(self.request)
        self._refuse_if_locked(email=email, ip=ip)
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            if login_failure_record(email=email, ip=ip):
                self._refuse_if_locked(email=email, ip=ip)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        login_failures_clear(email=email, ip=ip)
        return self.cleaned_data

    def _refuse_if_locked(self, *, email: str, ip: str) -> None:
        # Checked before the password, so a locked-out guesser learns nothing from a right one.
        if login_ip_is_locked(ip=ip):
            raise forms.ValidationError(self.error_messages["ip_locked"], code="ip_locked")
        if login_is_locked(email=email, ip=ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SignUpConfirmForm(forms.Form):
    """The last step of sign-up, from the emailed link: the password chosen at sign-up, once more."""

    password = PasswordInput(label=_("Your password"), autocomplete="current-password")


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Your name (optional)"), max_length=80, required=False)


class PasswordCheckMixin:
    """A form asking for the current password before something sensitive."""

    user: User
    cleaned_data: dict[str, Any]

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password. Please type it again."))
        return password


class EmailChangeForm(PasswordCheckMixin, forms.Form):
    new_email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("We send a link there. Your address changes only when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = PasswordInput(label=_("Your current password"), autocomplete="current-password")

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.user.email:
            raise forms.ValidationError(_("That is already your email address."))
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("Another account uses this address. Please choose a different one.")
            )
        return email


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    current_password = PasswordInput(label=_("Your password"), autocomplete="current-password")
    understood = forms.BooleanField(
        label=_(
            "I understand that my account, answers, program, history and photos will be deleted for good."
        ),
        error_messages={"required": _("Please tick the box to confirm, or keep your account.")},
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
