"""The site's main navigation: which links a visitor sees, built once per request."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url_name: str
    # who sees it: "all", "signed_in" or "signed_out"
    audience: str = "all"


MAIN_NAV = (
    NavLink(_("Articles"), "content:article_list"),
    NavLink(_("Check my back"), "assessment:start", "signed_in"),
    NavLink(_("My program"), "programs:overview", "signed_in"),
    NavLink(_("Progress"), "tracking:progress", "signed_in"),
    NavLink(_("Account"), "accounts:settings", "signed_in"),
    NavLink(_("Log in"), "accounts:login", "signed_out"),
    NavLink(_("Sign up"), "accounts:signup", "signed_out"),
)


def _visible(link: NavLink, request: HttpRequest) -> bool:
    if link.audience == "signed_in":
        return request.user.is_authenticated
    if link.audience == "signed_out":
        return not request.user.is_authenticated
    return True


def main_nav(request: HttpRequest) -> dict[str, object]:
    """Context processor: the links this visitor may follow, the current one marked."""
    links = []
    for link in MAIN_NAV:
        if _visible(link, request):
            url = reverse(link.url_name)
            links.append({"label": link.label, "url": url, "current": request.path.startswith(url)})
    return {"main_nav": links}
