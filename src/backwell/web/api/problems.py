"""Errors as RFC 9457 problem documents (`application/problem+json`), each with a message to act on.

Every refusal the API makes goes through here: the framework's own (validation, authentication,
throttling, unparsable bodies) and the services' (a check-in out of range, a paused program), so a
client reads one shape whatever went wrong, and `errors` names the field to fix.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from backwell.web.core.json_body import JsonBodyError

if TYPE_CHECKING:
    from ninja import NinjaAPI

PROBLEM_CONTENT_TYPE = "application/problem+json"


class FieldProblem(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []


class ApiProblem(Exception):
    """A refusal with a status, a sentence for the person, and optionally the field it is about."""

    def __init__(
        self, status: int, detail: str, *, field: str = "", errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field
        # Several messages (the engine's reasons, say), each naming its field; else one for `field`.
        self.errors = errors


def problem_response(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> HttpResponse:
    fields = [FieldProblem(**error) for error in errors or []]
    document = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=fields)
    body = json.dumps(document.model_dump(mode="json"), cls=DjangoJSONEncoder)
    return HttpResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


# Messages in the words of the form a person fills, for the validation errors a client can make.
_MESSAGES = {
    "missing": "This is required.",
    "int_type": "Give a whole number, like 4.",
    "int_parsing": "Give a whole number, like 4.",
    "int_from_float": "Give a whole number, like 4, not 4.5.",
    "bool_type": "Give true or false.",
    "bool_parsing": "Give true or false.",
    "string_type": "Give text.",
    "uuid_parsing": "Give a UUID, like 3f2b8c1e-6d4a-4b8e-9c1a-2f3e4d5c6b7a, made once per entry.",
    "uuid_type": "Give a UUID, like 3f2b8c1e-6d4a-4b8e-9c1a-2f3e4d5c6b7a, made once per entry.",
    "extra_forbidden": "This field is not part of this request; leave it out.",
    "model_attributes_type": "Send a JSON object of fields.",
    "dict_type": "Send a JSON object.",
    "list_type": "Give a list.",
}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "payload", "pain") → "pain"; query and path parameters keep their own name.
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "at least", "less_than_equal": "at most"}
        return f"Give a number {words.get(kind, kind.replace('_', ' '))} {bound}."
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind == "string_too_long":
        return f"Keep this under {ctx.get('max_length')} characters."
    if kind == "literal_error" or kind == "enum":
        return f"Choose one of: {ctx.get('expected', '')}."
    return str(error.get("msg", "This value is not accepted."))


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    detail = " ".join(f"{e['field']}: {e['message']}" for e in errors) or "Some values are not accepted."
    return problem_response(422, detail, errors)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, JsonBodyError):
        return problem_response(400, str(exc.__cause__), [{"field": "body", "message": str(exc.__cause__)}])
    if exc.status_code == 400:
        return problem_response(400, "The body is not valid JSON: send a JSON object.")
    if isinstance(exc, AuthenticationError):
        response = problem_response(
            401,
            "Sign in first: send the site's session cookie with its CSRF token, or an OAuth 2 bearer token.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="backwell"'
        return response
    if exc.status_code == 429:
        return problem_response(429, "Too many requests from this app: wait a minute and try again.")
    return problem_response(exc.status_code, str(exc.message))


def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    errors = (
        exc.errors
        if exc.errors is not None
        else [{"field": exc.field, "message": exc.detail}]
        if exc.field
        else []
    )
    return problem_response(exc.status, exc.detail, errors)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, str(exc) or "There is nothing at this address.")


def problem_handlers_install(api: NinjaAPI) -> None:
    # ninja's stubs type a handler's exception as "instance or class"; it is always an instance.
    api.add_exception_handler(ValidationError, _validation)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(ApiProblem, _api_problem)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]


def refusals(*statuses: int) -> dict[int, type[Problem]]:
    """The documented problem responses of an operation: what every one can answer, plus `statuses`."""
    return dict.fromkeys((400, 422, 429, *statuses), Problem)
