"""The API object: its parser, its error documents and its routers, one per area.

A later area (the clinician side) adds its router in `ROUTERS`; everything else applies to it too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from backwell.web.core.json_body import request_json

from .problems import PROBLEM_CONTENT_TYPE, problem_handlers_install
from .responses import kept_private
from .routers import (
    account,
    articles,
    assessments,
    checkins,
    clinic,
    clinic_program,
    library,
    photos,
    profile,
    program,
    progress,
    sessions,
    sharing,
)
from .security import PerCallerThrottle

DESCRIPTION = """\
Everything a person does in backwell's pages, for apps and the site's own scripts.

**Sign in** with the browser session (send the `csrftoken` cookie's value as `X-CSRFToken` on writes)
or with an OAuth 2 bearer token from `/oauth/authorize/` (authorization code with PKCE). Scopes:
`person:read`, `person:write`; clinicians' apps `clinic:read`, `clinic:write`, `fhir:export` (the
`/clinic/` operations, for people who share their data with the clinician, within their consent per
kind; every read is in the person's access log). **Errors** are `application/problem+json` (RFC 9457); `errors` names
each field to fix. **Lists** take `limit` and `offset`. **Retries**: session logs, pain and check-ins
take an `Idempotency-Key` header.
"""


class BoundedJsonParser(Parser):
    """Bodies go through the site's one JSON reader: bounded size and depth, finite numbers only."""

    def parse_body(self, request: HttpRequest) -> Any:
        return request_json(request)


class BackwellAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, *args, **kwargs)
        return kept_private(response) if getattr(request, "auth", None) is not None else response

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema, saying that refusals are problem documents (RFC 9457), as they are sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


ROUTERS: list[tuple[str, Router]] = [
    ("/me", profile.router),
    ("/assessments", assessments.router),
    ("/program", program.router),
    ("/sessions", sessions.router),
    ("/checkins", checkins.router),
    ("/progress", progress.router),
    ("/photos", photos.router),
    ("/account", account.router),
    ("/library", library.router),
    ("/articles", articles.router),
    ("/sharing", sharing.router),
    ("/clinic", clinic.router),
    ("/clinic", clinic_program.router),
]

api = BackwellAPI(
    title="backwell API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    parser=BoundedJsonParser(),
    throttle=PerCallerThrottle(),
)
problem_handlers_install(api)
for prefix, router in ROUTERS:
    api.add_router(prefix, router)
