"""Who is calling: the site's own scripts with the browser session (and its CSRF token), or an app
with an OAuth 2 bearer token and the scopes the person granted it; and how often they may call.

Operations name what they need with `PERSON_READ` or `PERSON_WRITE`; a token without the scope is
refused with 403 and a sentence naming the missing scope.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import SessionAuth
from ninja.throttling import BaseThrottle
from oauth2_provider.contrib.ninja.security import HttpOAuth2
from oauth2_provider.models import AbstractAccessToken

from backwell.web.accounts.models import User
from backwell.web.core.cache import count_in_window


class BearerToken(HttpOAuth2):
    """An OAuth 2 access token; valid but lacking `scopes` is a 403 that says which scope is missing."""

    def __init__(self, *, scopes: list[str]) -> None:
        super().__init__(scopes=[])  # checked below, so a missing scope is told apart from a bad token
        self.required = list(scopes)

    def __call__(self, request: HttpRequest) -> Any | None:
        # Tokens travel only in the Authorization header (RFC 9700, settings.OAUTH2_PROVIDER), so a call
        # without a bearer header is no token caller: answered without building oauthlib's server and
        # request objects, which cost more than the rest of a signed-in browser's API call.
        scheme, _space, _token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, access_token: AbstractAccessToken) -> Any | None:
        if not access_token.allow_scopes(self.required):
            raise AuthorizationError(
                403,
                f"This app was not given the {' and '.join(self.required)} permission: "
                "ask for it when the person authorises the app.",
            )
        if not isinstance(access_token.user, User) or not access_token.user.is_active:
            return None
        return access_token


class BrowserSession(SessionAuth):
    """The site's own scripts: the session cookie, and for writes its CSRF token, as the forms send.

    Nobody signed in is simply not this kind of caller (401 from the end of the chain), rather than
    a CSRF failure (403) for a request that had no session to forge.
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# The token is tried first: an app's POST carries no session and so no CSRF token to check.
SESSION = BrowserSession()
PERSON_READ = [BearerToken(scopes=["person:read"]), SESSION]
PERSON_WRITE = [BearerToken(scopes=["person:write"]), SESSION]


def person(request: HttpRequest) -> User:
    """The signed-in person, by session or token (both set request.user)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _caller(request: HttpRequest) -> str | None:
    """What the rate limit counts: the token (each app of a person apart); None for anything else.

    Calls in a signed-in browser's session come from backwell's own pages and scripts (the offline
    player), and each has a form twin among the pages, which are not limited: counting them would
    protect nothing and cost every call a write to the shared cache. Tokens are what apps and clinic
    systems hold — automated clients, whose bugs can loop.
    """
    auth = getattr(request, "auth", None)
    if isinstance(auth, AbstractAccessToken):
        # The checksum, not the row id: ids are reused after deletes, a token's checksum never is.
        return f"token:{auth.token_checksum}"
    return None


class PerCallerThrottle(BaseThrottle):
    """A fixed window per token in the shared cache, so the limit holds across gunicorn workers.

    The count goes up atomically (on Redis and the disk cache alike; one round trip on Redis), where
    a list of timestamps read and written back would lose counts between workers.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        caller = _caller(request)
        if caller is None:
            return True  # public reads and the browser's own calls: see _caller
        limit, window = settings.API_RATE_LIMIT
        return count_in_window(f"api:rate:{caller}", window=window) <= limit

    def wait(self) -> float | None:
        return float(settings.API_RATE_LIMIT[1])
