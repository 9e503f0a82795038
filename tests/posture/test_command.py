"""`backwell posture analyze|measure`: JSON on good input, one clear line and exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from backwell.commands.posture import main
from backwell.posture.points import landmarks_to_json
from tests.posture.synthetic import standing_front, standing_side

REPO = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_measure_prints_contract_keys_from_a_landmark_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "points.json"
    path.write_text(json.dumps({"landmarks": landmarks_to_json(standing_side(hip_ahead=40, ear_ahead=70))}))
    code, out, err = run(["measure", str(path), "--view", "side", "--json"], capsys)
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["measures"]["pelvis_forward"] is True
    assert result["measures"]["head_forward_deg"] == pytest.approx(21.8, abs=0.1)  # atan(70/175)
    assert set(result["uncertainty"]) == set(result["measures"])
    assert result["warnings"] == []


def test_measure_without_json_prints_readings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "points.json"
    path.write_text(json.dumps(landmarks_to_json(standing_front(right_hip_rise=10))))
    code, out, _ = run(["measure", str(path), "--view", "front"], capsys)
    assert code == 0
    assert "pelvic_obliquity_deg: +5.7" in out and "right hip sits about 6° higher" in out


@pytest.mark.parametrize(
    ("content", "argv_tail", "message"),
    [
        (b"not json", ["--view", "front"], "is not valid JSON"),
        (b'{"left_knee": {"x": 1, "y": 2}}', ["--view", "front"], "Missing landmark(s) left_shoulder"),
        (b'{"elbow": {"x": 1, "y": 2}}', ["--view", "side"], "Unknown landmark name(s): elbow"),
    ],
)
def test_measure_refuses_bad_landmark_files_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, argv_tail: list[str], message: str
) -> None:
    path = tmp_path / "points.json"
    path.write_bytes(content)
    code, out, err = run(["measure", str(path), *argv_tail], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze", "/no/such/photo.jpg", "--view", "front"], "cannot read /no/such/photo.jpg"),
        (["analyze", "x.jpg", "--view", "top"], "invalid choice: 'top'"),
        (["analyze", "x.jpg"], "the following arguments are required: --view"),
        (["analyze", "x.jpg", "--view", "front", "--overlay", "out.gif"], "--overlay must end in"),
    ],
)
def test_analyze_refuses_bad_arguments_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        code = main(argv)
        raise SystemExit(code)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert message in err and err.count("\n") == 1


def test_analyze_refuses_a_file_that_is_not_a_photo_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "holiday.jpg"
    path.write_text("these are not pixels")
    done = subprocess.run(
        [sys.executable, "-m", "backwell.cli", "posture", "analyze", str(path), "--view", "front"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: This file is not a photo backwell can read. Please choose a JPEG or PNG photo straight from "
        "your camera and try again."
    )
    assert "Traceback" not in done.stderr


@pytest.mark.vision
def test_analyze_prints_landmarks_measures_uncertainty_warnings_and_writes_the_overlay(
    photos: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = tmp_path / "overlay.png"
    code, out, _ = run(
        [
            "analyze",
            str(photos / "tfjs-models/pose.jpg"),
            "--view",
            "front",
            "--json",
            "--overlay",
            str(overlay),
        ],
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    assert {"landmarks", "measures", "uncertainty", "warnings"} <= set(result)
    assert set(result["landmarks"]["right_hip"]) == {"x", "y", "visibility"}
    assert {"shoulder_obliquity_deg", "pelvic_obliquity_deg"} <= set(result["measures"])
    with Image.open(overlay) as drawn:
        assert drawn.format == "PNG" and drawn.size == (1000, 667)

    # The corrected-points round trip: measuring the printed landmarks gives the same measures.
    points = tmp_path / "points.json"
    points.write_text(out)
    code, again, _ = run(["measure", str(points), "--view", "front", "--json"], capsys)
    assert code == 0
    for key, value in result["measures"].items():
        assert json.loads(again)["measures"][key] == pytest.approx(value, abs=0.1)


@pytest.mark.vision
def test_analyze_a_short_video(photos: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "analyze",
            str(photos / "tfjs-models/pose_squats.mp4"),
            "--view",
            "front",
            "--json",
            "--frames",
            "6",
            "--end",
            "0.6",
        ],
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    assert result["source"] == "video" and result["frames"] >= 3
    assert result["spread"]["shoulder_obliquity_deg"] >= 0


@pytest.mark.vision
def test_analyze_exits_1_with_the_reason_when_nobody_is_in_the_photo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wall.jpg"
    Image.new("RGB", (720, 1280), (140, 140, 140)).save(path)
    code, out, _ = run(["analyze", str(path), "--view", "front", "--json"], capsys)
    assert code == 1
    result = json.loads(out)
    assert result["measures"] == {} and result["warnings"][0].startswith("No person was found in the photo")
