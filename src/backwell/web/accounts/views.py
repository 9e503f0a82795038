"""Pages of the accounts app: thin views over the forms, services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from backwell.web.core.redirects import safe_next

from . import services
from .data_export import account_archive
from .email_change import InvalidEmailChangeLink, email_change_from_token
from .forms import (
    PASSWORD_MAX_LENGTH,
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignUpConfirmForm,
    SignUpForm,
    client_ip,
)
from .login_lockout import login_failures_clear
from .models import User
from .signup_confirmation import InvalidSignUpLink, sign_up_from_token


def _cap_password_fields(form: Any) -> None:
    for field in form.fields.values():
        field.max_length = PASSWORD_MAX_LENGTH
        field.widget.attrs["maxlength"] = PASSWORD_MAX_LENGTH
        field.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class CappedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cap_password_fields(self)


class CappedSetPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cap_password_fields(self)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:settings")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up_request(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        # The same page whether or not the address has an account, so nobody can probe for one.
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows the form: mail scanners that follow links must not make accounts.
    try:
        sign_up = sign_up_from_token(token)
    except InvalidSignUpLink:
        return render(request, "accounts/signup_invalid.html", status=400)
    form = SignUpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up_confirm(token=token, password=form.cleaned_data["password"])
        except services.WrongPassword:
            form.add_error(
                "password", _("That is not the password you chose when signing up. Type it again.")
            )
        except services.EmailTaken:
            messages.info(request, _("This address already has an account. Log in with it."))
            return redirect("accounts:login")
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="backwell.web.accounts.backends.AccountBackend")
            messages.success(request, _("Welcome to backwell. Let us start with a short safety check."))
            return redirect("assessment:start")
    return render(request, "accounts/signup_confirm.html", {"form": form, "sign_up": sign_up})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        # Django's own check lets a bare word through as a relative URL ("home" → /accounts/login/home).
        request = request or self.request
        field = self.redirect_field_name
        return safe_next(request, request.POST.get(field, request.GET.get(field)))


# The offline app keeps session pages (health data) and a queue on the device: leaving must take
# them along, or the next person on a shared device could open them offline. Queued entries are sent
# as soon as the player is online, which it must be to log out.
CLEAR_DEVICE = '"cache", "storage"'


def _leave_nothing_on_device(response: HttpResponse) -> HttpResponse:
    response["Clear-Site-Data"] = CLEAR_DEVICE
    return response


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return _leave_nothing_on_device(redirect("core:home"))


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:settings")
    pending = user.pending_email_changes.first()
    return render(request, "accounts/settings.html", {"form": form, "pending": pending})


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = EmailChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.email_change_request(user=user, new_email=form.cleaned_data["new_email"])
        except services.EmailTaken:
            form.add_error(
                "new_email", _("Another account uses this address. Please choose a different one.")
            )
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Open it to finish changing your address.")
                % {"email": change.new_email},
            )
            return redirect("accounts:settings")
    return render(request, "accounts/email_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows a button: mail scanners that follow links must not change anything.
    try:
        change = email_change_from_token(token)
    except InvalidEmailChangeLink:
        return render(request, "accounts/email_change_invalid.html", status=400)
    if request.method == "POST":
        try:
            services.email_change_confirm(token=token)
        except InvalidEmailChangeLink:
            return render(request, "accounts/email_change_invalid.html", status=400)
        except services.EmailTaken:
            messages.error(
                request, _("Another account now uses that address, so your address was not changed.")
            )
            return redirect("core:home")
        messages.success(request, _("Your email address is now %(email)s.") % {"email": change.new_email})
        return redirect("accounts:settings" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/email_change_confirm.html", {"change": change})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = CappedPasswordChangeForm
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        # The same answer whether or not the address has an account, so nobody can probe for one.
        return render(request, "accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/password_reset.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = CappedSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The link proved the person owns the address, so a lockout from this device ends here.
        login_failures_clear(email=form.user.email, ip=client_ip(self.request))
        messages.success(self.request, _("Your new password is set. Log in with it."))
        return response


@login_required
def data_download(request: HttpRequest) -> FileResponse:
    user: User = request.user  # type: ignore[assignment]
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = FileResponse(
        account_archive(user=user),
        as_attachment=True,
        filename=f"backwell-my-data-{stamp}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and everything in it are deleted. Take care of yourself."))
        return _leave_nothing_on_device(redirect("core:home"))
    return render(request, "accounts/delete.html", {"form": form})
