"""The URL map as a list of endpoints, and the malformed requests an outside probe sends to each.

Endpoints come from Django's resolver, so a new URL is probed without anyone listing it here.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django import forms
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.web.photos.factories import FRONT_LANDMARKS

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# Integers a path may carry that no table holds: just past 32 bits, past 64 bits (SQLite's and
# PostgreSQL's bigint), and far past both.
OUT_OF_RANGE_INTS = (2**31, 2**63, 10**40)
EVIL = "evil.example"
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name", as reverse() spells it
    route: str  # the joined route, e.g. "photos/analysis/<int:pk>/confirm/"
    int_params: tuple[str, ...]  # path parameters whose converter yields an int

    def path(self, values: dict[str, object]) -> str:
        """The concrete path, built from the route text so out-of-range values need no reverse()."""
        return "/" + _PARAM.sub(lambda m: str(values[m["name"]]), self.route)

    def params(self) -> list[str]:
        return [m["name"] for m in _PARAM.finditer(self.route)]


def _converter_yields_int(converter: object) -> bool:
    try:
        return isinstance(converter.to_python("1"), int)  # type: ignore[attr-defined]
    except (ValueError, AttributeError):
        return False


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Endpoint]:
    for entry in resolver.url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            raise AssertionError(
                f"{prefix}{entry.pattern} is a regular-expression pattern: the bad-input probe builds URLs "
                "from path() routes only; use path() with a converter."
            )
        route = prefix + str(entry.pattern)
        converters = entry.pattern.converters
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            ints = tuple(name for name, conv in converters.items() if _converter_yields_int(conv))
            yield Endpoint(f"{namespace}:{entry.name}" if namespace else str(entry.name), route, ints)


def endpoints() -> list[Endpoint]:
    """Every URL of the site except Django's admin (staff only, Django's own views and tests)."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.app_name == "admin":
            continue
        if isinstance(entry, URLResolver):
            found.extend(_walk(entry, str(entry.pattern), entry.namespace or ""))
        else:
            found.append(Endpoint(str(entry.name), str(entry.pattern), ()))
    return found


def form_field_names() -> list[str]:
    """Every declared field of every form of the site's apps, plus the fields views read by hand."""
    names = {"next", "landmarks", "kind", "password"}
    for config in apps.get_app_configs():
        if not config.name.startswith("backwell."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                names.update(getattr(value, "base_fields", {}))
    return sorted(names)


@dataclass(frozen=True)
class Probe:
    """One malformed request: a body (form-encoded or JSON) and an optional query string."""

    kind: str
    body: bytes = b""
    content_type: str = FORM
    query: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{path}?{urlencode(self.query)}" if self.query else path


def _form(values: dict[str, object]) -> bytes:
    return urlencode(values, doseq=True).encode()


def _json_text(value: object) -> bytes:
    # allow_nan writes NaN and Infinity as bare words, as a hostile client would.
    return json.dumps(value, allow_nan=True).encode()


def _landmarks(x: object) -> dict[str, dict[str, object]]:
    """The test person's points with the left shoulder moved to `x`: the rest stay a standing person,
    so nothing but the number itself can refuse them."""
    moved = {**FRONT_LANDMARKS["left_shoulder"], "x": x}
    return {**FRONT_LANDMARKS, "left_shoulder": moved}


def body_probes(fields: list[str]) -> list[Probe]:
    """The malformed bodies sent to every endpoint that accepts POST."""
    every = dict.fromkeys(fields)
    deep = 100_000  # ~200 KB of brackets, as the outside probe sent
    return [
        Probe("empty form body"),
        Probe("empty JSON body", content_type=JSON),
        Probe("bare-word next", _form({"next": "home"}), query={"next": "home"}),
        Probe("absolute-URL next", _form({"next": f"https://{EVIL}/x"}), query={"next": f"https://{EVIL}/x"}),
        Probe("scheme-relative next", _form({"next": f"//{EVIL}/x"}), query={"next": f"//{EVIL}/x"}),
        Probe("header-splitting next", _form({"next": "/ok\r\nSet-Cookie: a=b"})),
        Probe("deeply nested JSON arrays", b"[" * deep + b"]" * deep, JSON),
        Probe("deeply nested JSON objects", b'{"a":' * (deep // 5) + b"1" + b"}" * (deep // 5), JSON),
        Probe("small but deep JSON", b'{"landmarks":' + b"[" * 3000 + b"]" * 3000 + b"}", JSON),
        Probe(
            "NaN and Infinity in JSON",
            _json_text({**dict.fromkeys(fields, float("nan")), "landmarks": _landmarks(float("nan"))}),
            JSON,
        ),
        Probe(
            "1e308 in JSON",
            _json_text({**dict.fromkeys(fields, 1e308), "landmarks": _landmarks(1e308)}),
            JSON,
        ),
        Probe(
            "1e400 in JSON", _json_text({"landmarks": _landmarks("HUGE")}).replace(b'"HUGE"', b"1e400"), JSON
        ),
        Probe(
            "NaN and 1e308 in a form",
            _form(
                {
                    **dict.fromkeys(fields, ["NaN", "1e308"]),
                    "landmarks": json.dumps(_landmarks(-1e308)),
                }
            ),
        ),
        Probe(
            "Infinity landmarks in a form",
            _form({"landmarks": _json_text(_landmarks(float("inf"))).decode()}),
        ),
        Probe(
            "wrong types in JSON", _json_text({**dict.fromkeys(fields, [{"a": 1}]), "landmarks": "x"}), JSON
        ),
        Probe("a JSON list instead of an object", b"[1, 2, 3]", JSON),
        Probe("a JSON string instead of an object", b'"text"', JSON),
        Probe(
            "wrong types in a form", _form({**dict.fromkeys(fields, ["abc", "-1", "[]"]), "landmarks": "[1]"})
        ),
        Probe("overlong strings", _form(dict.fromkeys(every, "x" * 5_000))),
        Probe("non-UTF-8 form body", b"next=%FF%FE&index=\xff\xfe\x80&email=\xc3\x28", FORM),
        Probe("non-UTF-8 JSON body", b'{"index": "\xff\xfe", "landmarks": "\x80"}', JSON),
    ]


def redirect_problem(location: str) -> str | None:
    """Why a redirect target is unsafe, or None: it must be a path on this site."""
    parsed = urlsplit(location)
    if parsed.netloc not in ("", "testserver") or parsed.scheme not in ("", "http"):
        return "redirects off the site"
    if not parsed.path.startswith("/"):
        return "redirects to something that is not a local path"
    return None
