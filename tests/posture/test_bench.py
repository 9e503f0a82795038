"""`backwell bench posture` runs and reports every figure the issue asks for (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backwell.bench import posture_sizes
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
    assert main(["--photos", str(photos), "--repeat", "1", "--json", "--no-sizes"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["photo"] for row in report["rows"]] == ["720x1280", "4016x6016"]
    for row in report["rows"]:
        assert row["raw_inference_ms"] > 0 and row["pipeline_ms"] > 0 and row["cpu_pipeline_ratio"] > 0
    assert report["rows"][1]["model_input"] == "854x1280"  # the 24 MP photo was shrunk while decoding
    assert report["memory_mb"]["worker_peak"] >= report["memory_mb"]["after_model_load"] > 0


@pytest.mark.vision
def test_the_size_runs_report_decode_time_ratio_and_the_memory_of_a_five_photo_request(
    photos: Path, tmp_path: Path
) -> None:
    # Small stand-ins for the real cases (which make 50 MP photos): the same code paths, in seconds.
    cases = (
        posture_sizes.SizeCase("small JPEG", (600, 900), "JPEG"),
        posture_sizes.SizeCase("small PNG", (600, 900), "PNG"),
    )
    paths = posture_sizes.make_photos(photos, tmp_path, cases, probe_side=700)

    rows = posture_sizes.decode_rows(paths, 1, cases)

    assert [row["photo"] for row in rows] == ["small JPEG", "small PNG", posture_sizes.PROBE]
    for row in rows[:2]:
        assert row["pixels"] == row["decoded_to"] == "600x900"
        assert row["decode_ms"] > 0 and row["decode_plus_inference_ratio"] > 1
    assert rows[2]["pixels"] == "700x700" and rows[2]["outcome"] == "decoded"  # a real PNG, within budget

    memory = posture_sizes.five_upload_memory(paths, {"JPEG": "small JPEG"})

    assert [row["uploads"] for row in memory] == ["5 × small JPEG", f"5 × {posture_sizes.PROBE}"]
    for row in memory:
        assert row["peak_rss_mb"] >= row["rss_with_model_and_uploads_mb"] > 50  # the model alone is more
        assert row["outcome"].startswith(("analysed", "refused"))
