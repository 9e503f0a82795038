"""The site's URL map: one include per app."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from backwell.web.api.core import api
from backwell.web.api.urls import oauth_urls
from backwell.web.content.sitemaps import SITEMAPS

# Django tries these in order: the API (the offline player's and apps' calls, the busiest) comes first.
urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("backwell.web.accounts.urls")),
    path("assessment/", include("backwell.web.assessment.urls")),
    path("program/", include("backwell.web.programs.urls")),
    path("progress/", include("backwell.web.tracking.urls")),
    path("photos/", include("backwell.web.photos.urls")),
    path("articles/", include("backwell.web.content.urls")),
    path("comments/", include("backwell.web.comments.urls")),
    path("newsletter/", include("backwell.web.newsletter.urls")),
    path("clinic/", include("backwell.web.clinic.urls")),
    path("oauth/", include(oauth_urls)),
    path("", include("backwell.web.core.urls")),
]
