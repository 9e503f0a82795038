"""Hypothesis strategies for VALID engine input documents, built from the contract schema's own enums and ranges."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from backwell.engine.schema import contract_schema

SCHEMA = contract_schema()


def _props(*path: str) -> dict[str, Any]:
    node: dict[str, Any] = SCHEMA
    for part in path:
        node = node["properties"][part]
    return node


def from_schema(node: dict[str, Any], *, max_list: int = 6) -> st.SearchStrategy[Any]:
    """A strategy for any value `node` (a piece of the contract schema) accepts."""
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "integer":
        return st.integers(node.get("minimum", -1000), node.get("maximum", 1000))
    if kind == "number":
        low, high = node.get("minimum", -1000), node.get("maximum", 1000)
        return st.one_of(
            st.integers(int(low), int(high)),
            st.floats(low, high, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 1)),
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if node.get("format") == "date":
            return st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)).map(
                lambda d: d.isoformat()
            )
        return st.text(
            alphabet="abcdefghij klmnop",
            min_size=node.get("minLength", 0),
            max_size=min(node.get("maxLength", 30), 30),
        ).filter(lambda s: len(s) >= node.get("minLength", 0))
    if kind == "array":
        items = from_schema(node["items"], max_list=max_list)
        low = node.get("minItems", 0)
        high = node.get("maxItems", max(low, max_list))
        return st.lists(items, min_size=low, max_size=high, unique=bool(node.get("uniqueItems")))
    if kind == "object":
        return objects(node, max_list=max_list)
    raise AssertionError(f"strategy missing for {node}")


def objects(
    node: dict[str, Any], *, overrides: dict[str, st.SearchStrategy[Any]] | None = None, max_list: int = 6
) -> st.SearchStrategy[dict[str, Any]]:
    overrides = overrides or {}
    # An overridden field is always present, so the override shapes every example.
    required = set(node.get("required", [])) | set(overrides)
    fields = {
        name: overrides.get(name, from_schema(sub, max_list=max_list))
        for name, sub in node["properties"].items()
    }
    return st.fixed_dictionaries(
        {name: s for name, s in fields.items() if name in required},
        optional={name: s for name, s in fields.items() if name not in required},
    )


def documents(
    *,
    red_flags: st.SearchStrategy[list[str]] | None = None,
    profile: dict[str, st.SearchStrategy[Any]] | None = None,
    pain: dict[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid input documents; red flags default to none so the program is usually planned.

    Overriding a pain field makes the pain section always present (so the override takes effect).
    """
    flags = red_flags if red_flags is not None else st.just([])
    profile_s = objects(
        _props("profile"),
        overrides=profile or {},
    )
    pain_s = objects(_props("pain"), overrides=pain or {})
    required: dict[str, st.SearchStrategy[Any]] = {"profile": profile_s, "red_flags": flags}
    optional: dict[str, st.SearchStrategy[Any]] = {"pain": pain_s}
    if pain:
        required["pain"] = optional.pop("pain")
    return st.fixed_dictionaries(
        required,
        optional={
            **optional,
            "clinician_cleared": st.booleans(),
            "questionnaires": from_schema(_props("questionnaires")),
            "tests": from_schema(_props("tests")),
            "posture": from_schema(_props("posture")),
            "start_date": from_schema(_props("start_date")),
        },
    )


RED_FLAG_IDS: list[str] = _props("red_flags")["items"]["enum"]
CONDITION_IDS: list[str] = _props("profile", "conditions")["items"]["enum"]
EQUIPMENT_IDS: list[str] = _props("profile", "equipment")["items"]["enum"]

any_red_flags = st.lists(st.sampled_from(RED_FLAG_IDS), max_size=4, unique=True)
any_documents = documents(red_flags=any_red_flags)
planned_documents = documents()
# People who want inversion and own a table, so eligibility turns on pregnancy, conditions and triage.
inversion_documents = documents(
    red_flags=st.one_of(st.just([]), st.just([]), any_red_flags),
    profile={
        "wants_inversion": st.just(True),
        "pregnant": st.booleans(),
        "equipment": st.lists(st.sampled_from(EQUIPMENT_IDS), max_size=7, unique=True).map(
            lambda eq: sorted(set(eq) | {"inversion_table"})
        ),
        "conditions": st.one_of(
            st.just([]), st.lists(st.sampled_from(CONDITION_IDS), max_size=2, unique=True)
        ),
    },
)
severe_documents = documents(pain={"nrs": st.integers(7, 10)})
flare_documents = documents(pain={"flare": st.just(True)})
# At least one red flag and an explicit clinician clearance answer: the cases rule 2 turns on.
screened_documents = st.builds(
    lambda doc, cleared: {**doc, "clinician_cleared": cleared},
    documents(red_flags=st.lists(st.sampled_from(RED_FLAG_IDS), min_size=1, max_size=3, unique=True)),
    st.booleans(),
)
