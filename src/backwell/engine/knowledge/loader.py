"""Reads the knowledge base's YAML files into the frozen objects of `model.py`.

Loading never raises on bad content: every problem found is collected as a `Problem` naming the
file, the entry and what is wrong, so `backwell kb check` can list them all at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

import yaml

from . import model, warning_signs

DATA_DIR = Path(__file__).parent / "data"

T = TypeVar("T")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _EntryError(Exception):
    pass


def _convert(value: Any, hint: Any, where: str) -> Any:
    """Convert a YAML value to the type `hint`, raising _EntryError with a plain message."""
    origin = get_origin(hint)
    if hint is Any or hint is object:
        return value
    if origin in (typing.Union, types.UnionType):
        args = get_args(hint)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _convert(value, arg, where)
            except _EntryError as exc:
                errors.append(str(exc))
        raise _EntryError(errors[0] if errors else f"{where}: must not be empty")
    if origin is typing.Literal:
        if value not in get_args(hint):
            allowed = ", ".join(str(a) for a in get_args(hint))
            raise _EntryError(f"{where}: {value!r} is not one of {allowed}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise _EntryError(f"{where}: must be a list")
        args = get_args(hint)
        item_hint = args[0] if args else Any
        return tuple(_convert(v, item_hint, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise _EntryError(f"{where}: must be a mapping")
        return dict(value)
    if hint is model.Frame:
        return _frame(value, where)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)  # type: ignore[arg-type]
    if hint is bool:
        if not isinstance(value, bool):
            raise _EntryError(f"{where}: must be true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _EntryError(f"{where}: must be a whole number")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _EntryError(f"{where}: must be a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str) or not value.strip():
            raise _EntryError(f"{where}: must be a non-empty text")
        return value
    raise _EntryError(f"{where}: unsupported type {hint!r}")  # pragma: no cover - model bug


def _build(cls: type[T], raw: Any, where: str) -> T:
    if not isinstance(raw, dict):
        raise _EntryError(f"{where}: must be a mapping")
    hints = get_type_hints(cls, vars(model))
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise _EntryError(f"{where}: unknown key(s) {', '.join(unknown)}")
    kwargs = {}
    for name, f in fields.items():
        if name in raw:
            kwargs[name] = _convert(raw[name], hints[name], f"{where}.{name}" if where else name)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _EntryError(f"{where + '.' if where else ''}{name}: is required")
    return cls(**kwargs)


def _frame(raw: Any, where: str) -> model.Frame:
    if not isinstance(raw, dict):
        raise _EntryError(f"{where}: must be a mapping of segment angles")
    raw = dict(raw)
    ground = raw.pop("ground", True)
    x = raw.pop("x", None)
    y = raw.pop("y", None)
    angles = []
    for segment, angle in raw.items():
        if isinstance(angle, bool) or not isinstance(angle, (int, float)):
            raise _EntryError(f"{where}.{segment}: must be an angle in degrees")
        angles.append((str(segment), float(angle)))
    return model.Frame(angles=tuple(angles), ground=bool(ground), x=x, y=y)


# file (or folder of files) -> (model class, key attribute)
_SPECS: dict[str, tuple[Any, str]] = {
    "sources.yaml": (model.Source, "key"),
    "muscles.yaml": (model.Muscle, "id"),
    "regions.yaml": (model.Region, "id"),
    "equipment.yaml": (model.Equipment, "id"),
    "conditions.yaml": (model.Condition, "id"),
    "red_flags.yaml": (model.RedFlag, "id"),
    "findings.yaml": (model.Finding, "id"),
    "trigger_points.yaml": (model.TriggerPoint, "muscle"),
    "instruments.yaml": (model.Instrument, "id"),
    "exercises": (model.Exercise, "slug"),
    "education": (model.Lesson, "slug"),
    "figures": (model.Figure, "slug"),
    "self_tests.yaml": (model.SelfTest, "slug"),
}


def _files(data_dir: Path, name: str) -> list[Path]:
    path = data_dir / name
    if path.is_dir():
        return sorted(path.glob("*.yaml"))
    return [path]


def _read(path: Path, data_dir: Path, problems: list[Problem]) -> list[Any]:
    rel = str(path.relative_to(data_dir))
    if not path.exists():
        problems.append(Problem(rel, "-", "file is missing"))
        return []
    try:
        # The C parser (libyaml) reads the whole base about ten times faster than the pure-Python one.
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, "-", f"not valid YAML: {exc}"))
        return []
    if content is None:
        return []
    if not isinstance(content, list):
        problems.append(Problem(rel, "-", "must hold a list of entries"))
        return []
    return content


def read_raw(data_dir: Path = DATA_DIR) -> tuple[dict[str, list[tuple[str, Any]]], list[Problem]]:
    """Every entry of every file, as (file, raw entry) pairs grouped by spec name."""
    problems: list[Problem] = []
    raw: dict[str, list[tuple[str, Any]]] = {}
    for name in [*_SPECS, "phases.yaml"]:
        raw[name] = [
            (str(path.relative_to(data_dir)), entry)
            for path in _files(data_dir, name)
            for entry in _read(path, data_dir, problems)
        ]
    return raw, problems


def knowledge_version(data_dir: Path = DATA_DIR) -> str:
    """A content hash of the data files: the same files give the same version."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.yaml")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return "kb-" + digest.hexdigest()[:12]


def build(data_dir: Path = DATA_DIR) -> tuple[model.KnowledgeBase | None, list[Problem]]:
    """Load and type-check every file; return the base (None if any entry failed) and problems."""
    raw, problems = read_raw(data_dir)
    tables: dict[str, dict[str, Any]] = {}
    for name, (cls, key) in _SPECS.items():
        table: dict[str, Any] = {}
        for file, entry in raw[name]:
            ident = entry.get(key) if isinstance(entry, dict) else None
            label = str(ident) if ident else "(entry without " + key + ")"
            try:
                obj = _build(cls, entry, "")
            except _EntryError as exc:
                problems.append(Problem(file, label, str(exc).lstrip(".")))
                continue
            if ident in table:
                problems.append(Problem(file, label, f"duplicate {key}"))
                continue
            table[str(ident)] = obj
        tables[name] = table
    phases = []
    for file, entry in raw["phases.yaml"]:
        try:
            phases.append(_build(model.Phase, entry, ""))
        except _EntryError as exc:
            problems.append(Problem(file, str(entry.get("id", "?")), str(exc).lstrip(".")))
    if problems:
        return None, problems
    exercises: dict[str, model.Exercise] = tables["exercises"]
    ladders: dict[str, list[model.Exercise]] = {}
    for ex in exercises.values():
        ladders.setdefault(ex.ladder, []).append(ex)
    kb = model.KnowledgeBase(
        version=knowledge_version(data_dir),
        sources=tables["sources.yaml"],
        muscles=tables["muscles.yaml"],
        regions=tables["regions.yaml"],
        equipment=tables["equipment.yaml"],
        conditions=tables["conditions.yaml"],
        red_flags=tables["red_flags.yaml"],
        findings=tables["findings.yaml"],
        trigger_points=tables["trigger_points.yaml"],
        exercises=exercises,
        lessons=tables["education"],
        figures=tables["figures"],
        instruments=tables["instruments.yaml"],
        phases=tuple(phases),
        ladders={k: tuple(sorted(v, key=lambda e: e.level)) for k, v in ladders.items()},
        self_tests=tables["self_tests.yaml"],
    )
    # Lessons name warning signs by level; the levels come from red_flags.yaml (one source of truth).
    for slug, lesson in list(kb.lessons.items()):
        kb.lessons[slug] = warning_signs.expand_lesson(lesson, kb)
    return kb, problems


@cache
def load() -> model.KnowledgeBase:
    """The packaged knowledge base, loaded once per process. Raises KnowledgeError if broken."""
    kb, problems = build(DATA_DIR)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
