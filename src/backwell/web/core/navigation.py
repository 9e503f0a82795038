"""The site's main navigation: which links a visitor sees, built once per request."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url_name: str
    # who sees it: "all", "signed_in", "signed_out" or "clinician"
    audience: str = "all"


MAIN_NAV = (
    NavLink(_("Articles"), "content:article_list"),
    NavLink(_("Check my back"), "assessment:start", "signed_in"),
    NavLink(_("My program"), "programs:overview", "signed_in"),
    NavLink(_("Progress"), "tracking:progress", "signed_in"),
    NavLink(_("Worklist"), "clinic:worklist", "clinician"),
    NavLink(_("Account"), "accounts:settings", "signed_in"),
    NavLink(_("Log in"), "accounts:login", "signed_out"),
    NavLink(_("Sign up"), "accounts:signup", "signed_out"),
)


def _visible(link: NavLink, request: HttpRequest) -> bool:
    if link.audience == "signed_in":
        return request.user.is_authenticated
    if link.audience == "clinician":
        return bool(getattr(request.user, "is_clinician", False))
    if link.audience == "signed_out":
        return not request.user.is_authenticated
    return True


@lru_cache(maxsize=64)
def _url(url_name: str, script_prefix: str) -> str:
    # Addresses change only with the URL map (fixed while the process runs) and the prefix the site is
    # mounted under, so each is worked out once instead of on every page.
    return reverse(url_name)


def main_nav(request: HttpRequest) -> dict[str, object]:
    """Context processor: the links this visitor may follow, the current one marked."""
    links = []
    prefix = get_script_prefix()
    for link in MAIN_NAV:
        if _visible(link, request):
            url = _url(link.url_name, prefix)
            links.append({"label": link.label, "url": url, "current": request.path.startswith(url)})
    return {"main_nav": links}
