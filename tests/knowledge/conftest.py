"""Fixtures for the knowledge-base tests: a private, editable copy of the packaged data files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from backwell.commands import kb as kb_command
from backwell.engine.knowledge.loader import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the packaged knowledge base that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_entries(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_entries(path: Path, entries: list[dict[str, Any]]) -> None:
    path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_entries(path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    entries = read_entries(path)
    change(entries)
    write_entries(path, entries)


@pytest.fixture
def run_check(capsys: pytest.CaptureFixture[str]) -> Callable[[Path], tuple[int, list[str]]]:
    """Run `backwell kb check --data DIR`; return its exit status and the problem lines it printed."""

    def run(data_dir: Path) -> tuple[int, list[str]]:
        status = kb_command.main(["check", "--data", str(data_dir)])
        out = capsys.readouterr().out
        return status, out.splitlines()

    return run
