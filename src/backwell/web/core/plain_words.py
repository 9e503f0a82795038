"""People see words, never the engine's ids: ``anterior_pelvic_tilt`` becomes its name, or goes.

The engine's texts are written for people but may carry its canonical ids (ids.md) for traceability,
e.g. "Your results suggest a forward-tilted pelvis (anterior_pelvic_tilt, hip_flexor_tightness)". Every
text the engine or the knowledge base hands to a page passes through `plain_words` on the way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from backwell.engine import ids
from backwell.engine.knowledge import load as load_knowledge

# snake_case: two or more lower-case words joined by underscores.
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# A bracket holding nothing but snake_case ids: "(anterior_pelvic_tilt, hip_flexor_tightness)".
BRACKETED_IDS = re.compile(r"\s*\(\s*[a-z][a-z0-9_]*_[a-z0-9_]+(?:\s*,\s*[a-z][a-z0-9_]*_[a-z0-9_]+)*\s*\)")


@lru_cache(maxsize=1)
def engine_ids() -> frozenset[str]:
    """Every snake_case id the engine's id lists hold (the ones a page must never show)."""
    found: set[str] = set()
    for value in vars(ids).values():
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            found.update(v for v in value if "_" in v)
    return frozenset(found)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    kb = load_knowledge()
    names: dict[str, str] = {i: i.replace("_", " ") for i in engine_ids()}
    for table in (kb.conditions, kb.equipment, kb.regions, kb.muscles, kb.findings):
        for key, entry in table.items():
            names[key] = entry.name[:1].lower() + entry.name[1:] if entry.name[:2].istitle() else entry.name
    return names


def plain_words(text: str) -> str:
    """The text with bracketed id lists removed and any other engine id replaced by its name."""
    if "_" not in text:
        return text  # the usual case, and the cheap one
    known = engine_ids()

    def drop_if_all_ids(match: re.Match[str]) -> str:
        inside = re.findall(r"[a-z0-9_]+", match.group(0))
        return "" if all(word in known for word in inside) else match.group(0)

    text = BRACKETED_IDS.sub(drop_if_all_ids, text)
    names = _names()
    return SNAKE_CASE.sub(
        lambda m: names.get(m.group(0), m.group(0)) if m.group(0) in known else m.group(0), text
    )
