"""Exact scoring of the questionnaires: STarT Back, Roland-Morris (RMDQ), PSFS, PEG and the pain NRS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .schema import EngineInput

Risk = Literal["low", "medium", "high"]

# STarT Back item 9 (overall bothersomeness) scores 1 only for these answers (hill_2011_startback).
BOTHERSOME: frozenset[str] = frozenset({"very_much", "extremely"})


@dataclass(frozen=True, slots=True)
class StartBackScore:
    total: int
    psychosocial: int
    risk: Risk

    def as_dict(self) -> dict[str, object]:
        return {"total": self.total, "psychosocial": self.psychosocial, "risk": self.risk}


def start_back(answers: tuple[bool, ...] | list[bool], bothersomeness: str) -> StartBackScore:
    """Keele STarT Back: items 1–8 agree = 1, item 9 = 1 for very much / extremely.

    Total 0–9; 0–3 low risk. From 4, the psychosocial subscale (items 5–9, 0–5) decides:
    3 or less medium, 4–5 high (hill_2011_startback, keele_startback).
    """
    if len(answers) != 8:
        raise ValueError("STarT Back needs exactly 8 agree/disagree answers before the bothersomeness item")
    item9 = 1 if bothersomeness in BOTHERSOME else 0
    total = sum(1 for a in answers if a) + item9
    psychosocial = sum(1 for a in answers[4:8] if a) + item9
    risk: Risk
    if total <= 3:
        risk = "low"
    elif psychosocial <= 3:
        risk = "medium"
    else:
        risk = "high"
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


def rmdq(answers: tuple[bool, ...] | list[bool]) -> int:
    """Roland-Morris: the number of the 24 statements ticked, 0–24 (roland_morris_1983)."""
    return sum(1 for a in answers if a)


def _mean(values: list[float]) -> float:
    # Two decimals keep the output short and identical on every platform.
    return round(sum(values) / len(values), 2)


def psfs(scores: list[float]) -> float:
    """Patient-Specific Functional Scale: the mean of the activity scores, 0–10 (stratford_1995_psfs)."""
    return _mean(scores)


def peg(items: tuple[int, ...] | list[int]) -> float:
    """PEG: the mean of pain, enjoyment of life and general activity, each 0–10 (krebs_2009_peg)."""
    if len(items) != 3:
        raise ValueError("PEG needs exactly three answers")
    return _mean([float(v) for v in items])


@dataclass(frozen=True, slots=True)
class Scores:
    nrs: int | None
    start_back: StartBackScore | None
    rmdq: int | None
    psfs: float | None
    peg: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "nrs": self.nrs,
            "start_back": None if self.start_back is None else self.start_back.as_dict(),
            "rmdq": self.rmdq,
            "psfs": self.psfs,
            "peg": self.peg,
        }


def score(person: EngineInput) -> Scores:
    """Every instrument the person answered; an unanswered one is None."""
    q = person.questionnaires
    return Scores(
        nrs=person.pain.nrs,
        start_back=None
        if q.start_back is None
        else start_back(q.start_back.answers, q.start_back.bothersomeness),
        rmdq=None if q.rmdq is None else rmdq(q.rmdq),
        psfs=None if q.psfs is None else psfs([a.score for a in q.psfs]),
        peg=None if q.peg is None else peg(q.peg),
    )
