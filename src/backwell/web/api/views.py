"""The one page action of the API app: revoking an authorised app from the settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backwell.web.accounts.models import User

from .authorised_apps import authorised_app_revoke


@login_required
@require_POST
def authorised_app_revoke_view(request: HttpRequest, application_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if authorised_app_revoke(user=user, application_id=application_id):
        messages.success(request, _("Done: that app can no longer read or change your data."))
    else:
        messages.info(request, _("That app had no access to your account."))
    return redirect("accounts:settings")
