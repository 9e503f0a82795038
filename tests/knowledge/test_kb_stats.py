"""`backwell kb stats`: the counts ENGINE.md promises, with no unsourced clinical fact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backwell.commands import kb as kb_command
from backwell.engine import ids
from backwell.engine.knowledge import load
from backwell.engine.knowledge.loader import build


def test_stats_json_has_the_engine_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_command.main(["stats", "--json"]) == 0
    counts: dict[str, Any] = json.loads(capsys.readouterr().out)
    kb = load()
    assert counts["knowledge_version"] == kb.version and counts["knowledge_version"].startswith("kb-")
    for key in ("exercises", "trigger_points", "findings", "red_flags", "conditions", "sources", "unsourced"):
        assert isinstance(counts[key], int), key
    assert set(counts["exercises_by_kind"]) == set(ids.KINDS)
    # `exercises` leaves education out; `exercises_by_kind` counts every item, lessons included.
    assert counts["exercises"] == len(kb.exercises)
    assert counts["exercises_by_kind"]["education"] == len(kb.lessons)
    assert sum(counts["exercises_by_kind"].values()) == len(kb.exercises) + len(kb.lessons)
    assert counts["findings"] == len(ids.FINDINGS)
    assert counts["red_flags"] == len(ids.RED_FLAGS)
    # Conditions a person ticks, and those the engine derives from the input (pregnancy).
    assert counts["conditions"] == len(ids.CONDITIONS) + len(ids.DERIVED_CONDITIONS)
    assert counts["trigger_points"] >= 10
    # Every engine input test key is filled by one of the assessment's self-tests.
    assert counts["self_tests"] == len(kb.self_tests) >= 9
    assert sorted(key for test in kb.self_tests.values() for key in test.keys) == sorted(ids.TEST_KEYS)


def test_every_clinical_fact_of_the_packaged_base_cites_a_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_command.main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unsourced"] == 0


def test_stats_in_words_reports_the_load_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_command.main(["stats", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "loaded in " in out and " ms (median of 1)" in out
    assert "unsourced" in out


def test_stats_of_a_broken_base_points_to_kb_check(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_copy / "muscles.yaml").write_text("- {id: iliopsoas}\n", encoding="utf-8")
    assert kb_command.main(["stats", "--json", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "backwell kb check" in err
    assert "muscles.yaml: iliopsoas: name: is required" in err


def test_console_script_check_exits_non_zero_on_a_broken_reference(data_copy: Path) -> None:
    findings = data_copy / "findings.yaml"
    findings.write_text(
        findings.read_text(encoding="utf-8").replace("tight: [tensor_fasciae_latae]", "tight: [it_band]"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "backwell.cli", "kb", "check", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert (
        "findings.yaml: itb_tightness: names muscle 'it_band', which is not in muscles.yaml" in result.stdout
    )
    assert "Traceback" not in result.stderr


def test_unknown_kb_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_command.main(["frobnicate"]) == 2
    assert "unknown kb command 'frobnicate'" in capsys.readouterr().err


def test_build_of_the_packaged_base_reports_no_load_problem() -> None:
    kb, problems = build()
    assert problems == [] and kb is not None


def test_kb_render_is_handed_to_the_figure_renderer(capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_command.main(["render"]) == 2
    assert "--all DIR" in capsys.readouterr().err
