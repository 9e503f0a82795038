"""Home page and the health check."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "signup_url": _url_or_empty("accounts:signup"),
            "login_url": _url_or_empty("accounts:login"),
            "assessment_url": _url_or_empty("assessment:start"),
        },
    )


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    # The trivial view benchmarks compare real pages against: no database, no template.
    return HttpResponse("ok", content_type="text/plain")
