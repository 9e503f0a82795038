"""Home page, robots.txt and the health check."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

# Areas that hold a person's own health data or the editors' tools: never worth crawling (they
# need a login anyway), and listing them keeps well-behaved crawlers from even trying.
PRIVATE_AREAS = (
    "accounts:settings",
    "assessment:start",
    "programs:overview",
    "tracking:progress",
    "photos:capture",
)


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


@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Each private area is disallowed by its top folder, read from the URL map so a moved app stays covered.
    folders = {"/" + reverse(name).strip("/").split("/")[0] + "/" for name in PRIVATE_AREAS}
    folders.add(reverse("admin:index"))
    lines = ["User-agent: *", *(f"Disallow: {folder}" for folder in sorted(folders))]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
