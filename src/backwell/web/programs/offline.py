"""The installable, offline session app: its manifest, its service worker and the pages it keeps.

The service worker (a template, so it names the static files of this release) is served from
/program/sw.js, so its scope is the program and nothing else of the site. It asks `offline_pages`
which session pages to keep: today's and the next few days', fresh on every visit, so the list
follows the calendar and the person's program rather than whatever page happened to be cached.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backwell.web.accounts.models import User
from backwell.web.core.release import release

from . import selectors
from .models import Program

# Today's session and the next three: long enough for a weekend without a connection.
DAYS_AHEAD = 4


def upcoming_days(
    program: Program, *, today: datetime.date, count: int = DAYS_AHEAD
) -> list[selectors.ProgramDay]:
    """The program days dated today or later, first first, at most `count`."""
    days = [d for d in selectors.program_days(program) if (date := selectors.day_date(d)) and date >= today]
    return sorted(days, key=lambda d: d["date"])[:count]


def _owner(user: User) -> str:
    """Who the kept pages belong to, without saying who: a different person on the device starts afresh."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:offline:{user.pk}".encode()).hexdigest()[:16]


@login_required
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """The pages the service worker keeps for this person: the program and the coming sessions."""
    user = request.user
    assert isinstance(user, User)
    program = selectors.active_program(user=user, with_plan=False)
    sessions = (
        []
        if program is None
        else [
            reverse("programs:session", kwargs={"week": d["week"], "day": d["day"]})
            for d in upcoming_days(program, today=timezone.localdate())
        ]
    )
    return JsonResponse({"owner": _owner(user), "pages": [reverse("programs:overview"), *sessions]})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    script = render_to_string(
        "programs/sw.js",
        {
            "version": hashlib.sha256(release().encode()).hexdigest()[:12],
            "shell": [
                static("core/site.css"),
                static("core/favicon.svg"),
                static("programs/programs.css"),
                # The camera coach's panel looks right offline; the coach itself needs its model online.
                static("programs/coach/coach.css"),
                static("programs/player.js"),
                static("programs/offline.js"),
                static("programs/app-icon.svg"),
                reverse("programs:manifest"),
            ],
            "pages_url": reverse("programs:offline_pages"),
            "login_url": resolve_url(settings.LOGIN_URL),
            "offline_title": _("You are offline"),
            "offline_text": _(
                "This page was not saved on this device. Today's session and the next few are: "
                "open them from My program once you are back online, and they will work offline after that."
            ),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # A browser checks for a new worker on each visit; it must not be handed yesterday's.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("backwell — my program"),
        "short_name": "backwell",
        "description": _("Your back-care sessions, also without a connection."),
        "id": reverse("programs:overview"),
        "start_url": reverse("programs:overview"),
        "scope": reverse("programs:overview"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f6e63",
        "icons": [
            {"src": static("programs/app-icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("programs/app-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("programs/app-icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
