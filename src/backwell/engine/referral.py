"""Pain drawing → trigger-point targets, ranked by how well each muscle's referral zones match the regions."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import LEG_REGIONS, MUSCLES, REGIONS
from .knowledge.model import KnowledgeBase

# A region in a muscle's main (primary) referral zone counts fully; a spill-over zone counts half.
PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Target:
    muscle: str
    matched_regions: tuple[str, ...]
    primary_matches: int
    score: float

    @property
    def side(self) -> str:
        """The side the matched regions lie on: left, right or both (central regions count as both)."""
        sides = {
            r.rsplit("_", 1)[1] if r.endswith(("_left", "_right")) else "both" for r in self.matched_regions
        }
        return next(iter(sides)) if len(sides) == 1 else "both"

    def as_dict(self) -> dict[str, object]:
        return {"muscle": self.muscle, "matched_regions": list(self.matched_regions), "score": self.score}


def targets(
    regions: tuple[str, ...] | list[str], kb: KnowledgeBase, *, nerve: bool = False
) -> tuple[Target, ...]:
    """Muscles whose referral zones touch the pain drawing, best match first.

    Score = primary-zone regions matched + half the secondary-zone regions matched. Ties go to the
    muscle with more primary matches, then to the canonical order of muscles (so output is stable).
    With a possibly irritated nerve (`nerve`, rule 11) leg symptoms may be neural, so a muscle matched
    by leg regions alone is not a target.
    """
    drawn = set(regions)
    if not drawn:
        return ()
    region_order = {r: i for i, r in enumerate(REGIONS)}
    muscle_order = {m: i for i, m in enumerate(MUSCLES)}
    found: list[Target] = []
    for tp in kb.trigger_points.values():
        primary = drawn & set(tp.primary)
        secondary = (drawn & set(tp.secondary)) - primary
        if not primary and not secondary:
            continue
        if nerve and not (primary | secondary) - set(LEG_REGIONS):
            continue
        score = round(PRIMARY_WEIGHT * len(primary) + SECONDARY_WEIGHT * len(secondary), 2)
        matched = tuple(sorted(primary | secondary, key=lambda r: (region_order.get(r, 99), r)))
        found.append(Target(tp.muscle, matched, len(primary), score))
    found.sort(key=lambda t: (-t.score, -t.primary_matches, muscle_order.get(t.muscle, 99), t.muscle))
    return tuple(found)
