"""Newsletter pages: sign up, confirm by link, unsubscribe by link or by one-click POST."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from backwell.web.core.client_address import client_address

from . import services
from .consent import CONSENT_WORDING
from .forms import SignUpForm
from .tokens import TokenProblem, read_confirmation_token

logger = logging.getLogger(__name__)

SIGNUPS_PER_IP_PER_HOUR = 10
# Pages with their own sign-up form keep the footer's copy out (see footer_signup.html).
OWN_BOX = {"newsletter_signup_shown": True}


def _ip_allows_signup(request: HttpRequest) -> bool:
    ip = client_address(request)
    key = "newsletter:signup-ip:" + hashlib.sha256(ip.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        return cache.incr(key) <= SIGNUPS_PER_IP_PER_HOUR
    except ValueError:
        return cache.add(key, 1, timeout=3600)


def signup_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "newsletter/signup_page.html", {"form": SignUpForm(initial={"source": "page"}), **OWN_BOX}
    )


# Exempt from CSRF on purpose: signing up only sends a confirmation email (double opt-in, rate
# limited per address and connection), so a forged cross-site sign-up subscribes nobody. This
# keeps the footer form free of per-visitor tokens, so article pages can be cached whole.
@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST)
    check_inbox = HttpResponseRedirect(reverse("newsletter:check_inbox"))
    if form.data.get("nickname", "").strip():
        logger.info("newsletter honeypot filled")
        return check_inbox
    if not form.is_valid():
        return render(request, "newsletter/signup_page.html", {"form": form, **OWN_BOX}, status=400)
    if not _ip_allows_signup(request):
        form.add_error(
            None, _("Too many sign-ups from your connection in the last hour. Please try again in an hour.")
        )
        return render(request, "newsletter/signup_page.html", {"form": form, **OWN_BOX}, status=429)
    services.subscriber_sign_up(
        email=form.cleaned_data["email"], wording=str(CONSENT_WORDING), source=form.cleaned_data["source"]
    )
    # The same answer whether the address was new, pending, confirmed or unsubscribed.
    return check_inbox


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


def _bad_link(request: HttpRequest, problem: TokenProblem, *, kind: str) -> HttpResponse:
    return render(
        request,
        "newsletter/bad_link.html",
        {
            "expired": problem is TokenProblem.EXPIRED,
            "kind": kind,
            **OWN_BOX,
        },
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (so link scanners confirm nothing); POST confirms."""
    if request.method == "GET":
        result = read_confirmation_token(token)
        if result.problem is not None:
            return _bad_link(request, result.problem, kind="confirm")
        return render(request, "newsletter/confirm.html", {"token": token})
    outcome = services.subscriber_confirm(token=token)
    if outcome.problem is not None:
        return _bad_link(request, outcome.problem, kind="confirm")
    return render(request, "newsletter/confirmed.html", {"already": outcome.already})


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber, problem = services.subscriber_for_unsubscribe(token=token)
    if problem is not None or subscriber is None:
        return _bad_link(request, problem or TokenProblem.INVALID, kind="unsubscribe")
    if request.method == "GET":
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    services.subscriber_unsubscribe(subscriber=subscriber, source="unsubscribe page")
    return render(request, "newsletter/unsubscribed.html")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` here, with no cookies or CSRF token."""
    if request.method == "GET":
        return HttpResponseRedirect(reverse("newsletter:unsubscribe", kwargs={"token": token}))
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(
            _("This address accepts only the one-click unsubscribe request mail programs send."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    subscriber, problem = services.subscriber_for_unsubscribe(token=token)
    if problem is not None or subscriber is None:
        return HttpResponse(
            _("This unsubscribe link is not valid."), status=400, content_type="text/plain; charset=utf-8"
        )
    services.subscriber_unsubscribe(subscriber=subscriber, source="one-click (List-Unsubscribe-Post)")
    return HttpResponse(_("You are unsubscribed."), content_type="text/plain; charset=utf-8")
