"""Home page and the health check."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache


def home(request: HttpRequest) -> HttpResponse:
    # A signed-in person goes on where they are: their program once it exists, else the assessment.
    has_program = request.user.is_authenticated and request.user.programs.exists()
    return render(
        request,
        "core/home.html",
        {
            "continue_url": reverse("programs:overview" if has_program else "assessment:start"),
            "has_program": has_program,
        },
    )


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    # The trivial view benchmarks compare real pages against: no database, no template.
    return HttpResponse("ok", content_type="text/plain")
