"""Where apps register what "download my data" includes and what "delete my account" removes.

Each app calls `register_exporter` / `register_eraser` in its AppConfig.ready(). Data reached by a
foreign key to the user is deleted with the user anyway; an eraser is for what is not (files,
rows keyed by email address, entries in an outside store).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import User

DataExporter = Callable[["User"], Any]
DataEraser = Callable[["User"], None]

_exporters: dict[str, DataExporter] = {}
_erasers: dict[str, DataEraser] = {}


def register_exporter(section: str, exporter: DataExporter) -> None:
    """`exporter(user)` returns JSON-ready data, put under `section` in the download."""
    _exporters[section] = exporter


def register_eraser(name: str, eraser: DataEraser) -> None:
    """`eraser(user)` removes what deleting the user's row would not; it runs before that delete."""
    _erasers[name] = eraser


def exporters() -> dict[str, DataExporter]:
    return dict(_exporters)


def erasers() -> dict[str, DataEraser]:
    return dict(_erasers)
