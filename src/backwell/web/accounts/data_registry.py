"""Where apps register what "download my data" includes and what "delete my account" removes.

Each app calls `register_exporter`, `register_files` and `register_eraser` in its AppConfig.ready().
Data reached by a foreign key to the user is deleted with the user anyway; an eraser is for what is
not (files, rows keyed by email address, entries in an outside store). docs/data-export.md lists
what each app registers and what deleting does to each kind of record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .models import User


class ExportFile(NamedTuple):
    """A file of the person's to put in the download: its name inside the ZIP and where it is on disk."""

    archive_name: str
    path: Path


DataExporter = Callable[["User"], Any]
FileLister = Callable[["User"], Iterable[ExportFile]]
DataEraser = Callable[["User"], None]

_exporters: dict[str, DataExporter] = {}
_file_listers: dict[str, FileLister] = {}
_erasers: dict[str, DataEraser] = {}


def register_exporter(section: str, exporter: DataExporter) -> None:
    """`exporter(user)` returns JSON-ready data, put under `section` in the download's data.json."""
    _exporters[section] = exporter


def register_files(section: str, lister: FileLister) -> None:
    """`lister(user)` names the person's files; each goes into the ZIP under its archive name.

    The archive names must start with `section + "/"` and be the names data.json refers to.
    """
    _file_listers[section] = lister


def register_eraser(name: str, eraser: DataEraser) -> None:
    """`eraser(user)` removes what deleting the user's row would not; it runs before that delete."""
    _erasers[name] = eraser


def exporters() -> dict[str, DataExporter]:
    return dict(_exporters)


def file_listers() -> dict[str, FileLister]:
    return dict(_file_listers)


def erasers() -> dict[str, DataEraser]:
    return dict(_erasers)
