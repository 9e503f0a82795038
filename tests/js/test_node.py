"""Runs the live coach's JavaScript tests (`node --test tests/js/`) on freshly made synthetic sequences.

The pure coach modules live in the browser; this keeps their tests in the one command that tests
the project. Without Node the test is skipped on a workstation and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .sequences import write

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CLIP = ROOT.parent / "shared" / "data" / "photos" / "tfjs-models" / "pose_squats.full.json"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed: the coach's JavaScript tests cannot run (install nodejs)")
        pytest.skip("node is not installed: the coach's JavaScript tests were not run")
    return node


def test_coach_javascript_passes_node_tests(tmp_path: Path) -> None:
    node = _node()
    assert CLIP.exists(), f"the real squat clip's landmarks are missing: {CLIP}"
    written = write(tmp_path / "sequences")
    assert len(written) >= 60
    result = subprocess.run(
        [node, "--test", str(HERE)],
        cwd=ROOT,
        env={**os.environ, "COACH_SEQUENCES": str(tmp_path / "sequences")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Skipped suites would pass silently: every suite must have run.
    assert "# skipped 0" in output, output
    assert "# fail 0" in output, output
