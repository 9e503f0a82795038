"""The one reader for JSON sent to the site: bounded in size, depth and numbers, with clear refusals.

Python's json module recurses once per nesting level, so ~200 KB of "[[[[…" raised RecursionError
(a 500); it also accepts NaN and Infinity, and numbers like 1e308 that are finite but overflow to
inf in the first sum, which then reached the database as NaN. Every view that reads JSON from a
request uses read_json() or request_json(); JsonBodyError's message is written for the person.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import HttpRequest

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
# No value the site takes (a pixel, a score, an id) comes near this, and sums and squares of numbers
# this size stay finite.
MAX_JSON_MAGNITUDE = 1e15


class JsonBodyError(ValueError):
    """JSON that is refused; str() is a sentence to show or return as the error."""


def _nesting_depth_within(text: str, limit: int) -> bool:
    """Whether no array or object nests deeper than `limit`, checked in one pass without recursion."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _refuse_constant(name: str) -> float:
    raise JsonBodyError(f"{name} is not a number this site accepts; send a finite number.")


def _out_of_range(text: str) -> JsonBodyError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return JsonBodyError(
        f"The number {shown} is out of range; numbers must be between "
        f"-{MAX_JSON_MAGNITUDE:,.0f} and {MAX_JSON_MAGNITUDE:,.0f}."
    )


def _bounded(value: float | int, text: str) -> float | int:
    if not (isinstance(value, int) or math.isfinite(value)) or abs(value) > MAX_JSON_MAGNITUDE:
        raise _out_of_range(text)
    return value


def _finite_float(text: str) -> float:
    return _bounded(float(text), text)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 16:  # also spares int() a 4,300-digit string
        raise _out_of_range(text)
    return int(_bounded(int(text), text))


def read_json(raw: bytes | str, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The parsed document, or JsonBodyError saying what is wrong with it."""
    if len(raw) > max_bytes:
        raise JsonBodyError(f"The data sent is {len(raw):,} bytes; at most {max_bytes:,} are accepted.")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonBodyError("The data sent is not UTF-8 text.") from None
    if not raw.strip():
        raise JsonBodyError("No data was sent.")
    if not _nesting_depth_within(raw, max_depth):
        raise JsonBodyError(f"The data sent nests deeper than {max_depth} levels.")
    try:
        return json.loads(
            raw, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
    except json.JSONDecodeError as exc:
        raise JsonBodyError(
            f"The data sent is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})."
        ) from None


def request_json(
    request: HttpRequest, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """The request's JSON body; a body announced as too large is refused before it is read."""
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = 0
    if announced > max_bytes:
        raise JsonBodyError(f"The data sent is {announced:,} bytes; at most {max_bytes:,} are accepted.")
    return read_json(request.body, max_bytes=max_bytes, max_depth=max_depth)
