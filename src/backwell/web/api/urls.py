"""The OAuth 2 endpoints apps use: authorise (code with PKCE), token (and refresh), revoke.

Only these of django-oauth-toolkit's views are mounted: applications are registered by staff in the
admin, and a person revokes an app from their settings page (authorised_apps).
"""

from __future__ import annotations

from django.urls import path
from oauth2_provider import views as oauth_views

from . import views

app_name = "oauth2_provider"
oauth_urlpatterns = [
    path("authorize/", oauth_views.AuthorizationView.as_view(), name="authorize"),
    path("token/", oauth_views.TokenView.as_view(), name="token"),
    path("revoke_token/", oauth_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("apps/<id:application_id>/revoke/", views.authorised_app_revoke_view, name="app_revoke"),
]
oauth_urls = (oauth_urlpatterns, app_name)
