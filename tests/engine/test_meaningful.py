"""The one source of meaningful-change thresholds: its numbers, its agreement with the knowledge base, its users."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import backwell.engine.knowledge
from backwell.engine import adaptation, meaningful

# Read the shipped files themselves: this checks their words, whatever else the loader validates.
DATA = Path(backwell.engine.knowledge.__file__).parent / "data"


def _instruments() -> dict[str, Any]:
    return {entry["id"]: entry for entry in yaml.safe_load((DATA / "instruments.yaml").read_text())}


def _source_keys() -> set[str]:
    return {entry["key"] for entry in yaml.safe_load((DATA / "sources.yaml").read_text())}


def test_the_published_thresholds() -> None:
    # Ostelo 2008; Roland & Fairbank 2000; Stratford 1995. A change to any of these must be deliberate.
    assert (meaningful.PAIN.points, meaningful.PAIN.fraction) == (2, 0.30)
    assert (meaningful.RMDQ.points, meaningful.RMDQ.fraction) == (5, 0.30)
    assert (meaningful.PSFS.points, meaningful.PSFS.fraction) == (2, None)


@pytest.mark.parametrize(
    "threshold", [meaningful.PAIN, meaningful.RMDQ, meaningful.PSFS], ids=lambda t: t.instrument
)
def test_the_knowledge_base_states_the_same_numbers(threshold: meaningful.Threshold) -> None:
    text = _instruments()[threshold.instrument]["meaningful_change"]
    assert re.search(rf"\b{threshold.points:g} points?\b", text), text
    if threshold.fraction is not None:
        assert f"{round(threshold.fraction * 100)}%" in text, text
    assert set(threshold.sources) <= _source_keys()


def test_roland_morris_needs_five_points_unless_thirty_percent_of_the_start() -> None:
    rmdq = meaningful.RMDQ
    assert rmdq.improved(baseline=20, latest=15)  # 5 points
    assert not rmdq.improved(baseline=20, latest=16)  # 4 points, 20%
    assert not rmdq.improved(baseline=20, latest=17)  # 3 points, 15%: would pass if 5 became 3
    assert rmdq.improved(baseline=10, latest=7)  # 3 points but 30% of a low start
    assert rmdq.worsened(baseline=8, latest=13)
    assert not rmdq.worsened(baseline=8, latest=12)
    assert not rmdq.worsened(baseline=2, latest=4)  # a rise of 100% of a tiny score is not a change


def test_pain_improves_at_two_points_or_thirty_percent() -> None:
    pain = meaningful.PAIN
    assert pain.improved(baseline=8, latest=6)
    assert not pain.improved(baseline=8, latest=6.5)
    assert pain.improved(baseline=3, latest=2.1)  # 0.9 points is 30% of 3
    assert not pain.improved(baseline=0, latest=0)
    assert pain.worsened(baseline=3, latest=5)
    assert not pain.worsened(baseline=1, latest=2)


def test_psfs_is_higher_is_better() -> None:
    assert meaningful.PSFS.improved(baseline=3, latest=5)
    assert not meaningful.PSFS.improved(baseline=5, latest=3)
    assert meaningful.PSFS.worsened(baseline=5, latest=3)


def test_the_weekly_adaptation_uses_the_shared_pain_threshold() -> None:
    assert meaningful.PAIN.points == adaptation.MEANINGFUL_POINTS
    assert meaningful.PAIN.fraction == adaptation.MEANINGFUL_SHARE
