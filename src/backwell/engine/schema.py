"""The engine's input contract: JSON Schema validation with one plain error line, then typed input objects."""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SCHEMA_RESOURCE = ("backwell.engine.contract", "engine-input.schema.json")


class InvalidInput(ValueError):
    """An input document the engine cannot plan: `field` is where (dotted), `message` says what to fix."""

    def __init__(self, field: str, message: str, *, joined: bool = False) -> None:
        self.field = field
        self.message = message
        # "input is not valid JSON (…)" reads better without a colon after "input".
        self._joined = joined
        super().__init__(self.line)

    @property
    def line(self) -> str:
        """The message without the `error: ` prefix, e.g. `profile.age: must be a whole number …`."""
        return f"{self.field} {self.message}" if self._joined else f"{self.field}: {self.message}"


@cache
def contract_schema() -> dict[str, Any]:
    """The packaged JSON Schema (2020-12) of the engine input."""
    text = resources.files(SCHEMA_RESOURCE[0]).joinpath(SCHEMA_RESOURCE[1]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = contract_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows — write an ordinary number")


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text, raising InvalidInput with the line and column of the first mistake."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("input", "is not valid JSON: it is not UTF-8 text", joined=True) from None
    if not text.strip():
        raise InvalidInput("input", "is not valid JSON: it is empty — give one JSON object", joined=True)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "input", f"is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}", joined=True
        ) from None
    except ValueError as exc:
        raise InvalidInput("input", f"is not valid JSON: {exc}", joined=True) from None
    except RecursionError:
        raise InvalidInput(
            "input", "is nested too deeply — give one plain JSON object", joined=True
        ) from None


# --- turning a schema error into one plain line ------------------------------------------------


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "input"


def _range(schema: Mapping[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" of at least {low:g}"
    if high is not None:
        return f" of at most {high:g}"
    return ""


def _enum_text(values: list[Any]) -> str:
    return ", ".join("null" if v is None else str(v) for v in values)


def expected(schema: Mapping[str, Any]) -> str:
    """What a value under `schema` must be, as words: `a whole number from 16 to 110`."""
    if "enum" in schema:
        values = schema["enum"]
        return f"one of: {_enum_text(values)}"
    kind = schema.get("type")
    if kind == "integer":
        return "a whole number" + _range(schema)
    if kind == "number":
        return "a number" + _range(schema)
    if kind == "boolean":
        return "true or false"
    if kind == "string":
        if schema.get("format") == "date":
            return "a date like 2026-01-31"
        low, high = schema.get("minLength"), schema.get("maxLength")
        if low is not None and high is not None:
            return f"a text of {low} to {high} characters"
        return "a text"
    if kind == "array":
        items = schema.get("items", {})
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low is not None and low == high:
            count = f"exactly {low} "
        elif low is not None and high is not None:
            count = f"{low} to {high} "
        else:
            count = ""
        if "enum" in items:
            what = f"values from: {_enum_text(items['enum'])}"
        elif items.get("type") == "boolean":
            what = "true/false answers"
        elif items.get("type") == "integer":
            what = "whole numbers" + _range(items)
        elif items.get("type") == "object":
            what = "entries like " + _object_example(items)
        else:
            what = "values"
        each_once = ", each at most once" if schema.get("uniqueItems") else ""
        return f"a list of {count}{what}{each_once}"
    if kind == "object":
        return "an object with the fields " + ", ".join(schema.get("properties", {}))
    return "a valid value"


def _object_example(schema: Mapping[str, Any]) -> str:
    props = schema.get("properties", {})
    return "{" + ", ".join(f'"{name}": …' for name in props) + "}"


def _message(error: ValidationError) -> InvalidInput:
    where = list(error.absolute_path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = error.validator
    if keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = list(schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        name = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        return InvalidInput(
            _path([*where, name]),
            f"unknown field — check the spelling{hint} (allowed: {', '.join(allowed)})",
        )
    if keyword == "required":
        props = schema.get("properties", {})
        present = error.instance if isinstance(error.instance, Mapping) else {}
        missing = [name for name in schema.get("required", []) if name not in present]
        name = missing[0] if missing else "?"
        return InvalidInput(_path([*where, name]), f"is required: give {expected(props.get(name, {}))}")
    if keyword == "uniqueItems":
        return InvalidInput(_path(where), "lists the same value twice — give each value once")
    if keyword == "type" and not where:
        required = schema.get("required", [])
        extra = f' with at least a "{required[0]}" section' if required else ""
        return InvalidInput("input", f"must be a JSON object{extra}")
    if keyword == "format" and schema.get("format") == "date":
        return InvalidInput(_path(where), "must be a date like 2026-01-31")
    return InvalidInput(_path(where), f"must be {expected(schema)}")


def _error_order(error: ValidationError) -> tuple[int, str, str]:
    # Deterministic: the shallowest problem first, then by place in the document, then by keyword.
    return (len(error.absolute_path), _path(error.absolute_path), str(error.validator))


def validate(document: Any) -> None:
    """Raise InvalidInput naming the first problem of `document` against the contract schema."""
    errors = list(_validator().iter_errors(document))
    if errors:
        raise _message(min(errors, key=_error_order))


def validate_against(validator: Draft202012Validator, document: Any, root: str = "") -> None:
    """The same one-line errors for another schema (the adaptation logs); `root` prefixes the field."""
    errors = list(validator.iter_errors(document))
    if errors:
        error = _message(min(errors, key=_error_order))
        if root:
            field = root if error.field == "input" else f"{root}.{error.field}"
            raise InvalidInput(field, error.message)
        raise error


def make_validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


# --- typed input -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    age: int
    minutes_per_day: int
    days_per_week: int
    sex: str | None = None
    pregnant: bool = False
    pregnancy_weeks: int | None = None
    activity_level: str | None = None
    equipment: tuple[str, ...] = ()
    wants_inversion: bool = False
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pain:
    nrs: int | None = None
    duration_weeks: float | None = None
    regions: tuple[str, ...] = ()
    leg_symptoms: str | None = None
    pins_and_needles: bool | None = None
    worse_with: tuple[str, ...] = ()
    flare: bool = False


@dataclass(frozen=True, slots=True)
class StartBackAnswers:
    answers: tuple[bool, ...]
    bothersomeness: str


@dataclass(frozen=True, slots=True)
class PsfsActivity:
    activity: str
    score: float


@dataclass(frozen=True, slots=True)
class Questionnaires:
    start_back: StartBackAnswers | None = None
    rmdq: tuple[bool, ...] | None = None
    psfs: tuple[PsfsActivity, ...] | None = None
    peg: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class EngineInput:
    """A validated input document. `document` keeps the raw sections for the findings' dotted paths."""

    profile: Profile
    red_flags: tuple[str, ...] = ()
    clinician_cleared: bool = False
    pain: Pain = field(default_factory=Pain)
    questionnaires: Questionnaires = field(default_factory=Questionnaires)
    tests: Mapping[str, Any] = field(default_factory=dict)
    posture: Mapping[str, Any] = field(default_factory=dict)
    start_date: datetime.date | None = None
    document: Mapping[str, Any] = field(default_factory=dict)

    def lookup(self, path: str) -> Any:
        """The value at a dotted path of the input (`tests.ober_left`), or None when not answered."""
        node: Any = self.document
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node


def _int(value: Any) -> int:
    # JSON Schema counts 40.0 as an integer; the engine works with real ints.
    return int(value)


def typed(document: Mapping[str, Any]) -> EngineInput:
    """Build the typed input from a document that already passed `validate`."""
    p = document["profile"]
    profile = Profile(
        age=_int(p["age"]),
        minutes_per_day=_int(p["minutes_per_day"]),
        days_per_week=_int(p["days_per_week"]),
        sex=p.get("sex"),
        pregnant=bool(p.get("pregnant", False)),
        pregnancy_weeks=None if p.get("pregnancy_weeks") is None else _int(p["pregnancy_weeks"]),
        activity_level=p.get("activity_level"),
        equipment=tuple(p.get("equipment", ())),
        wants_inversion=bool(p.get("wants_inversion", False)),
        conditions=tuple(p.get("conditions", ())),
    )
    raw_pain = document.get("pain", {})
    nrs = raw_pain.get("nrs")
    pain = Pain(
        nrs=None if nrs is None else _int(nrs),
        duration_weeks=raw_pain.get("duration_weeks"),
        regions=tuple(raw_pain.get("regions", ())),
        leg_symptoms=raw_pain.get("leg_symptoms"),
        pins_and_needles=raw_pain.get("pins_and_needles"),
        worse_with=tuple(raw_pain.get("worse_with", ())),
        flare=bool(raw_pain.get("flare", False)),
    )
    q = document.get("questionnaires", {})
    sb = q.get("start_back")
    psfs = q.get("psfs")
    questionnaires = Questionnaires(
        start_back=None if sb is None else StartBackAnswers(tuple(sb["answers"]), sb["bothersomeness"]),
        rmdq=None if q.get("rmdq") is None else tuple(q["rmdq"]),
        psfs=None if psfs is None else tuple(PsfsActivity(a["activity"], float(a["score"])) for a in psfs),
        peg=None if q.get("peg") is None else tuple(_int(v) for v in q["peg"]),
    )
    start = document.get("start_date")
    return EngineInput(
        profile=profile,
        red_flags=tuple(document.get("red_flags", ())),
        clinician_cleared=bool(document.get("clinician_cleared", False)),
        pain=pain,
        questionnaires=questionnaires,
        tests=dict(document.get("tests", {})),
        posture=dict(document.get("posture", {})),
        start_date=None if start is None else datetime.date.fromisoformat(start),
        document=document,
    )


def read(document: Any) -> EngineInput:
    """Validate a parsed document and return it typed; raises InvalidInput."""
    validate(document)
    return typed(document)
