"""How the engine writes names into its sentences (reasons, exclusions, evidence)."""

from __future__ import annotations

from collections.abc import Iterable


def join_words(words: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def in_running_text(name: str) -> str:
    """A display name in running text: lower-case first letter, abbreviations (QL) kept."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name
