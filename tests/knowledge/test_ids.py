"""backwell.engine.ids matches the contract (ids.md and the input schema) that clients depend on."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from backwell.engine import ids
from backwell.engine.knowledge import model

CONTRACT = Path(__file__).resolve().parents[2].parent / "shared" / "contract"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    path = CONTRACT / "engine-input.schema.json"
    if not path.exists():
        pytest.skip(f"the contract folder {CONTRACT} is not beside the repository")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ids_md() -> str:
    path = CONTRACT / "ids.md"
    if not path.exists():
        pytest.skip(f"the contract folder {CONTRACT} is not beside the repository")
    return path.read_text(encoding="utf-8")


def _enum(schema: dict[str, Any], *path: str) -> tuple[str, ...]:
    node: dict[str, Any] = schema
    for key in path:
        node = node["properties"][key]
    return tuple(node["items"]["enum"])


def _section_words(text: str, heading: str) -> tuple[str, ...]:
    """The comma-separated ids listed under a `## heading` of ids.md."""
    body = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    return tuple(word.strip() for word in " ".join(lines).split(","))


def test_enumerated_input_ids_match_the_schema(schema: dict[str, Any]) -> None:
    assert _enum(schema, "red_flags") == ids.RED_FLAGS
    assert _enum(schema, "profile", "conditions") == ids.CONDITIONS
    assert _enum(schema, "profile", "equipment") == ids.EQUIPMENT
    assert _enum(schema, "pain", "regions") == ids.REGIONS
    assert _enum(schema, "pain", "worse_with") == ids.WORSE_WITH
    assert tuple(schema["properties"]["tests"]["properties"]) == ids.TEST_KEYS
    assert tuple(schema["properties"]["posture"]["properties"]) == ids.POSTURE_KEYS


def test_listed_ids_match_ids_md(ids_md: str) -> None:
    assert _section_words(ids_md, "Findings (postural patterns and deficits)") == ids.FINDINGS
    assert _section_words(ids_md, "Muscles") == ids.MUSCLES
    assert _section_words(ids_md, "Item kinds in a program") == ids.KINDS
    assert _section_words(ids_md, "Spinal direction an item moves or loads") == ids.DIRECTIONS


def test_sensitivity_aggravators_match_ids_md(ids_md: str) -> None:
    text = " ".join(ids_md.split())
    flexion = re.search(r"\. ([a-z_ /]+) point to flexion sensitivity", text)
    extension = re.search(r"; ([a-z_ /]+) to extension sensitivity", text)
    assert flexion and extension
    assert tuple(flexion.group(1).split(" / ")) == ids.FLEXION_AGGRAVATORS
    assert tuple(extension.group(1).split(" / ")) == ids.EXTENSION_AGGRAVATORS


def test_model_kinds_and_directions_are_the_canonical_ones() -> None:
    assert model.KINDS == ids.KINDS
    assert model.DIRECTIONS == ids.DIRECTIONS


def test_tight_and_weak_muscles_are_canonical_muscles() -> None:
    for group in (ids.TIGHTABLE_MUSCLES, ids.WEAKABLE_MUSCLES, ids.TRIGGER_POINT_MUSCLES):
        assert set(group) <= set(ids.MUSCLES)
    assert set(ids.INVERSION_CONTRAINDICATIONS) <= set(ids.CONDITIONS)
