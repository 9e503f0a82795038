"""The site's main navigation, built once per request from the URL names that exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
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
    NavLink(_("Clients"), "clinic:dashboard", "clinician"),
    NavLink(_("Account"), "accounts:settings", "signed_in"),
    NavLink(_("Log in"), "accounts:login", "signed_out"),
    NavLink(_("Sign up"), "accounts:signup", "signed_out"),
)


def _visible(link: NavLink, request: HttpRequest) -> bool:
    signed_in = request.user.is_authenticated
    if link.audience == "signed_in":
        return signed_in
    if link.audience == "signed_out":
        return not signed_in
    if link.audience == "clinician":
        return signed_in and bool(getattr(request.user, "is_clinician", False))
    return True


def main_nav(request: HttpRequest) -> dict[str, object]:
    """Context processor: the links this visitor may follow, skipping apps not installed."""
    links = []
    for link in MAIN_NAV:
        if not _visible(link, request):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        links.append({"label": link.label, "url": url, "current": request.path.startswith(url)})
    try:
        logout_url = reverse("accounts:logout")
    except NoReverseMatch:
        logout_url = ""
    return {"main_nav": links, "logout_url": logout_url}
