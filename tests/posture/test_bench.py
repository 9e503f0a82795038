"""`backwell bench posture` runs and reports every figure the issue asks for (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backwell.bench.posture import main


def test_the_benchmark_refuses_a_photo_folder_without_its_photos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--photos", str(tmp_path)]) == 2
    assert "missing benchmark photo(s)" in capsys.readouterr().err


@pytest.mark.vision
def test_the_benchmark_reports_raw_and_pipeline_times_for_both_sizes_and_memory(
    photos: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--photos", str(photos), "--repeat", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["photo"] for row in report["rows"]] == ["720x1280", "4016x6016"]
    for row in report["rows"]:
        assert row["raw_inference_ms"] > 0 and row["pipeline_ms"] > 0 and row["cpu_pipeline_ratio"] > 0
    assert report["rows"][1]["model_input"] == "854x1280"  # the 24 MP photo was shrunk while decoding
    assert report["memory_mb"]["worker_peak"] >= report["memory_mb"]["after_model_load"] > 0
