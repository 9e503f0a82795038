"""Cross-checks of the knowledge base beyond its schema: references, coverage, sources, safety rules.

`check(data_dir)` loads the files and returns every problem found (file, entry, plain message), so
`backwell kb check` can list them all at once; `stats(kb)` is `backwell kb stats --json`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import ids
from . import model
from .coach_checks import coach_problems
from .loader import DATA_DIR, Problem, build, read_raw

# Each finding's tight and weak muscles, fixed in kb-decisions.md; exercise ladders must serve them.
FINDING_MUSCLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "anterior_pelvic_tilt": (
        ("iliopsoas", "rectus_femoris", "erector_spinae"),
        ("rectus_abdominis", "external_obliques", "gluteus_maximus"),
    ),
    "posterior_pelvic_tilt": (("hamstrings", "rectus_abdominis"), ("iliopsoas", "erector_spinae")),
    "sway_back": (
        ("hamstrings", "internal_obliques"),
        ("iliopsoas", "external_obliques", "thoracic_extensors"),
    ),
    "lateral_pelvic_tilt": (("quadratus_lumborum",), ("gluteus_medius",)),
    "rounded_shoulders": (
        ("pectoralis_major", "pectoralis_minor"),
        ("middle_trapezius", "lower_trapezius", "rhomboids"),
    ),
    "forward_head": (("upper_trapezius", "levator_scapulae", "suboccipitals"), ("deep_neck_flexors",)),
    "hip_flexor_tightness": (("iliopsoas", "rectus_femoris", "tensor_fasciae_latae"), ()),
    "hamstring_tightness": (("hamstrings",), ()),
    "itb_tightness": (("tensor_fasciae_latae",), ()),
    "hip_abductor_weakness": ((), ("gluteus_medius", "gluteus_minimus")),
    "core_endurance_deficit": (
        (),
        ("transversus_abdominis", "rectus_abdominis", "multifidus", "erector_spinae"),
    ),
    "side_endurance_asymmetry": ((), ("quadratus_lumborum", "external_obliques", "internal_obliques")),
    "flexion_sensitivity": ((), ()),
    "extension_sensitivity": ((), ()),
}

# Inputs a finding rule may read, with the values an enumerated input can take (None: any number).
RULE_INPUTS: dict[str, tuple[Any, ...] | None] = {
    "tests.thomas_left": ("negative", "one_joint", "two_joint", "both"),
    "tests.thomas_right": ("negative", "one_joint", "two_joint", "both"),
    "tests.knee_extension_deficit_left_deg": None,
    "tests.knee_extension_deficit_right_deg": None,
    "tests.ober_left": ("negative", "positive"),
    "tests.ober_right": ("negative", "positive"),
    "tests.trendelenburg_left": ("negative", "positive"),
    "tests.trendelenburg_right": ("negative", "positive"),
    "tests.wall_test": ("no_gap", "normal", "large_gap"),
    "tests.plank_s": None,
    "tests.side_bridge_left_s": None,
    "tests.side_bridge_right_s": None,
    "tests.extensor_s": None,
    "tests.flexor_s": None,
    "posture.pelvic_tilt": ("anterior", "neutral", "posterior"),
    "posture.pelvic_obliquity_deg": None,
    "posture.shoulder_obliquity_deg": None,
    "posture.head_forward_deg": None,
    "posture.trunk_lean_deg": None,
    "posture.pelvis_forward": (True, False),
    "posture.rounded_shoulders": (True, False),
    "pain.worse_with": ids.WORSE_WITH,
    "pain.nrs": None,
    "pain.duration_weeks": None,
    "pain.leg_symptoms": ("none", "above_knee", "below_knee"),
    "pain.pins_and_needles": (True, False),
    "pain.flare": (True, False),
    "profile.age": None,
    # Derived measures the engine computes; defined at the top of findings.yaml.
    "derived.flexor_extensor_ratio": None,
    "derived.side_bridge_asymmetry": None,
    "derived.side_bridge_extensor_ratio": None,
    "derived.plank_below_norm": (True, False),
}
RULE_OPS = ("eq", "ne", "gt", "ge", "lt", "le", "abs_gt", "contains", "contains_any")
NUMERIC_OPS = ("gt", "ge", "lt", "le", "abs_gt")

MIN_EXERCISES = 60
MIN_LESSONS = 12
MIN_TRIGGER_POINT_ROUTINES = 10
MIN_INVERSION_STEPS = 3
FIRST_INVERSION_MAX_DEG = 30
FIRST_INVERSION_MAX_S = 120
SAFE_DIRECTIONS = ("neutral", "lateral", "rotation")
FIGURE_VIEWS = ("side", "side_right", "three_quarter", "front", "back")
# Furniture a self-test is done on but no exercise needs, so it is not equipment a person is asked
# about: only a self-test's figure may draw it.
TEST_PROPS = ("table",)
# Furniture every home has (a kitchen counter to rest a hand on): any figure may draw it where its
# text uses it, though it is not equipment a person is asked about.
FURNITURE_PROPS = ("counter",)
FIGURE_SEGMENTS = (
    "trunk",
    "pelvis",
    "lumbar",
    "thoracic",
    "head",
    "head_turn",
    "twist",
    "blade_squeeze",
    "blade_lift",
    "hand_l",
    "hand_r",
    "upper_arm_l_depth",
    "upper_arm_r_depth",
    "forearm_l_depth",
    "forearm_r_depth",
    "thigh_l_depth",
    "thigh_r_depth",
    "shin_l_depth",
    "shin_r_depth",
    "upper_arm_l",
    "forearm_l",
    "upper_arm_r",
    "forearm_r",
    "thigh_l",
    "shin_l",
    "foot_l",
    "thigh_r",
    "shin_r",
    "foot_r",
)
PHASES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("calm_and_release", "Calm and release", (1, 2, 3)),
    ("rebalance", "Rebalance", (4, 5, 6, 7, 8)),
    ("strengthen_and_maintain", "Strengthen and maintain", (9, 10, 11, 12)),
)
INSTRUMENT_ITEM_COUNTS = {"start_back": 9, "rmdq": 24, "psfs": 5, "peg": 3, "nrs": 1}
KEELE_NOTICE = "© Keele University 01/08/07"
KEELE_FUNDING = "Funded by Arthritis Research UK"

# SHA-256 of the published item wording (texts joined by newlines): the items must never be edited.
PUBLISHED_WORDING = {
    "start_back": "c8e301c5492e96d250b1b95aeb6f2a4573f20579f3a75c804c0090f3e89b203f",
    "rmdq": "9f3caf4010be5d3a5edafd9c87ed7f70d9b35980f36eec4b7afd6630d4c12cba",
    "peg": "9d840b458ed1756c918a180fd6ee8cc18f149d4d4b075d07cefe22ddd4ca1905",
}


def wording_digest(instrument: model.Instrument) -> str:
    """The fingerprint of an instrument's item texts, compared with PUBLISHED_WORDING."""
    return hashlib.sha256("\n".join(item.text for item in instrument.items).encode("utf-8")).hexdigest()


class _Report:
    """Collects problems, naming the file each entry came from."""

    def __init__(self, files: dict[str, dict[str, str]]):
        self.files = files
        self.problems: list[Problem] = []

    def add(self, spec: str, entry: str, message: str) -> None:
        file = self.files.get(spec, {}).get(entry) or _default_file(spec)
        self.problems.append(Problem(file, entry, message))


def _default_file(spec: str) -> str:
    return spec if spec.endswith(".yaml") else f"{spec}/"


def _file_index(data_dir: Path) -> dict[str, dict[str, str]]:
    """For each file group, which file holds each entry (so problems name the file to fix)."""
    keys = {
        "sources.yaml": "key",
        "muscles.yaml": "id",
        "regions.yaml": "id",
        "equipment.yaml": "id",
        "conditions.yaml": "id",
        "red_flags.yaml": "id",
        "findings.yaml": "id",
        "trigger_points.yaml": "muscle",
        "instruments.yaml": "id",
        "exercises": "slug",
        "education": "slug",
        "figures": "slug",
        "self_tests.yaml": "slug",
        "phases.yaml": "id",
    }
    raw, _ = read_raw(data_dir)
    index: dict[str, dict[str, str]] = {}
    for spec, entries in raw.items():
        key = keys.get(spec, "id")
        index[spec] = {
            str(entry.get(key)): file for file, entry in entries if isinstance(entry, dict) and entry.get(key)
        }
    return index


def check(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem of the knowledge base in `data_dir`; an empty list means it is sound."""
    kb, problems = build(data_dir)
    if kb is None:
        return problems
    report = _Report(_file_index(data_dir))
    _check_canonical_ids(kb, report)
    _check_sources(kb, report)
    _check_muscles_and_regions(kb, report)
    _check_conditions(kb, report)
    _check_red_flags(kb, report)
    _check_findings(kb, report)
    _check_exercises(kb, report)
    _check_ladders(kb, report)
    _check_trigger_points(kb, report)
    _check_inversion(kb, report)
    _check_coverage(kb, report)
    _check_lessons(kb, report)
    _check_self_tests(kb, report)
    _check_figures(kb, report)
    _check_instruments(kb, report)
    _check_phases(kb, report)
    _check_grades_against_findings(kb, report)
    _check_warning_signs(kb, report)
    _check_coaches(kb, report)
    return problems + report.problems


# -- ids and references -------------------------------------------------------------------------


def _check_canonical_ids(kb: model.KnowledgeBase, report: _Report) -> None:
    tables: list[tuple[str, Iterable[str], tuple[str, ...], str]] = [
        ("muscles.yaml", kb.muscles, ids.MUSCLES, "muscle"),
        ("regions.yaml", kb.regions, ids.REGIONS, "body region"),
        ("equipment.yaml", kb.equipment, ids.EQUIPMENT, "equipment"),
        ("conditions.yaml", kb.conditions, (*ids.CONDITIONS, *ids.DERIVED_CONDITIONS), "condition"),
        ("red_flags.yaml", kb.red_flags, ids.RED_FLAGS, "red flag"),
        ("findings.yaml", kb.findings, ids.FINDINGS, "finding"),
    ]
    for spec, present, canonical, what in tables:
        have = set(present)
        for ident in sorted(have - set(canonical)):
            report.add(
                spec,
                ident,
                f"unknown {what} id: not in ../shared/contract/ids.md (fix the spelling or add it there first)",
            )
        for ident in canonical:
            if ident not in have:
                report.add(spec, ident, f"missing entry: the {what} id {ident!r} of ids.md has no entry")


def _cited(kb: model.KnowledgeBase) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every (file group, entry, sources) that cites sources."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    out += [("muscles.yaml", m.id, m.sources) for m in kb.muscles.values()]
    out += [("conditions.yaml", c.id, c.sources) for c in kb.conditions.values()]
    for flag in kb.red_flags.values():
        out.append(("red_flags.yaml", flag.id, flag.sources))
        out += [("red_flags.yaml", flag.id, combo.sources) for combo in flag.combinations]
    for finding in kb.findings.values():
        out.append(("findings.yaml", finding.id, finding.sources))
        out += [("findings.yaml", finding.id, rule.sources) for rule in finding.rules]
    out += [("trigger_points.yaml", tp.muscle, tp.sources) for tp in kb.trigger_points.values()]
    out += [("exercises", ex.slug, ex.evidence.sources) for ex in kb.exercises.values()]
    out += [("education", lesson.slug, lesson.evidence.sources) for lesson in kb.lessons.values()]
    out += [("instruments.yaml", inst.id, inst.sources) for inst in kb.instruments.values()]
    out += [("self_tests.yaml", test.slug, test.sources) for test in kb.self_tests.values()]
    # A coach block's source supports its thresholds; unknown keys are named by _check_coaches.
    out += [
        (spec, slug, (coach.source,))
        for spec, slug, coach, _ in _coaches(kb)
        if coach.source is not None and coach.source in kb.sources
    ]
    return out


def _check_sources(kb: model.KnowledgeBase, report: _Report) -> None:
    used: set[str] = set()
    for spec, entry, keys in _cited(kb):
        for key in keys:
            used.add(key)
            if key not in kb.sources:
                report.add(spec, entry, f"cites source {key!r}, which is not in sources.yaml")
    for key in sorted(set(kb.sources) - used):
        report.add(
            "sources.yaml", key, "source is never cited: cite it where it supports a fact, or remove it"
        )


def _unknown(values: Iterable[str], known: Iterable[str]) -> list[str]:
    known_set = set(known)
    return [v for v in values if v not in known_set]


def _check_muscles_and_regions(kb: model.KnowledgeBase, report: _Report) -> None:
    for muscle in kb.muscles.values():
        if muscle.region not in ("front", "back", "both"):
            report.add("muscles.yaml", muscle.id, f"region {muscle.region!r} must be front, back or both")
        if not muscle.sources:
            report.add("muscles.yaml", muscle.id, "cites no source")
    for region in kb.regions.values():
        if region.view not in ("front", "back"):
            report.add("regions.yaml", region.id, f"view {region.view!r} must be front or back")


def _check_conditions(kb: model.KnowledgeBase, report: _Report) -> None:
    for cond in kb.conditions.values():
        for tag in _unknown(cond.contraindicates, ids.CONTRAINDICATION_TAGS):
            report.add(
                "conditions.yaml",
                cond.id,
                f"contraindicates {tag!r}, which is not one of {', '.join(ids.CONTRAINDICATION_TAGS)}",
            )
        if not cond.sources:
            report.add("conditions.yaml", cond.id, "cites no source for what it contraindicates")
        rules_out_inversion = "inversion" in cond.contraindicates
        if rules_out_inversion != (cond.id in ids.INVERSION_CONTRAINDICATIONS):
            report.add(
                "conditions.yaml",
                cond.id,
                "contraindicates: 'inversion' must be listed exactly for the inversion contraindications of "
                "backwell.engine.ids.INVERSION_CONTRAINDICATIONS",
            )


def _check_red_flags(kb: model.KnowledgeBase, report: _Report) -> None:
    for flag in kb.red_flags.values():
        if not flag.sources:
            report.add("red_flags.yaml", flag.id, "cites no source for its level")
        if flag.level == "none":
            report.add("red_flags.yaml", flag.id, "a red flag's level cannot be 'none'")
        for n, combo in enumerate(flag.combinations, 1):
            where = f"combination {n}"
            for other in _unknown((*combo.flags, *combo.any_of), ids.RED_FLAGS):
                report.add("red_flags.yaml", flag.id, f"{where} names unknown red flag {other!r}")
            if flag.id not in combo.flags:
                report.add("red_flags.yaml", flag.id, f"{where} must include the flag it belongs to")
            if not combo.sources:
                report.add("red_flags.yaml", flag.id, f"{where} cites no source for its level")
            if combo.min_age is not None and not 16 <= combo.min_age <= 110:
                report.add("red_flags.yaml", flag.id, f"{where}: min_age {combo.min_age} is outside 16-110")
    _check_engine_rule_1(kb, report)


def _level_for(kb: model.KnowledgeBase, answered: set[str], age: int) -> model.Level:
    """The triage level the data gives (ENGINE.md rule 1 semantics), to test the data against the rule."""
    order = list(model.LEVELS)
    best = 0
    for flag_id in answered:
        flag = kb.red_flags.get(flag_id)
        if flag is None:
            continue
        best = max(best, order.index(flag.level))
        for combo in flag.combinations:
            if not set(combo.flags) <= answered:
                continue
            if combo.any_of and not set(combo.any_of) & answered:
                continue
            if combo.min_age is not None and age < combo.min_age:
                continue
            best = max(best, order.index(combo.level))
    return order[best]


def _check_engine_rule_1(kb: model.KnowledgeBase, report: _Report) -> None:
    """The data must reach at least the levels ENGINE.md rule 1 promises."""
    order = list(model.LEVELS)
    cases: list[tuple[str, set[str], int, model.Level]] = [
        *[(flag, {flag}, 30, "emergency") for flag in ids.EMERGENCY_FLAGS],
        ("progressive_weakness", {"progressive_weakness"}, 30, "urgent"),
        ("major_trauma", {"major_trauma"}, 30, "urgent"),
        *[
            ("fever", {"fever", other}, 30, "urgent")
            for other in ("immunosuppressed", "iv_drug_use", "recent_infection")
        ],
        *[
            ("cancer_history", {"cancer_history", other}, 30, "urgent")
            for other in ("weight_loss", "night_pain")
        ],
        ("cancer_history", {"cancer_history"}, 30, "urgent"),
    ]
    for entry, answered, age, wanted in cases:
        got = _level_for(kb, answered, age)
        if order.index(got) < order.index(wanted):
            names = " + ".join(sorted(answered)) + (f" at age {age}" if age >= 50 else "")
            report.add(
                "red_flags.yaml",
                entry,
                f"{names} gives {got!r}, but ENGINE.md rule 1 requires at least {wanted!r}",
            )


def _check_findings(kb: model.KnowledgeBase, report: _Report) -> None:
    for finding in kb.findings.values():
        spec, fid = "findings.yaml", finding.id
        for muscle in _unknown((*finding.tight, *finding.weak), kb.muscles):
            report.add(spec, fid, f"names muscle {muscle!r}, which is not in muscles.yaml")
        expected = FINDING_MUSCLES.get(fid)
        if expected is not None:
            if set(finding.tight) != set(expected[0]):
                report.add(
                    spec,
                    fid,
                    f"tight muscles must be exactly {', '.join(expected[0]) or 'none'} (kb-decisions.md)",
                )
            if set(finding.weak) != set(expected[1]):
                report.add(
                    spec,
                    fid,
                    f"weak muscles must be exactly {', '.join(expected[1]) or 'none'} (kb-decisions.md)",
                )
        if not finding.sources:
            report.add(spec, fid, "cites no source")
        if not finding.rules:
            report.add(spec, fid, "has no rule, so it can never be found")
        for n, rule in enumerate(finding.rules, 1):
            _check_rule(report, fid, n, rule)


def _check_rule(report: _Report, fid: str, n: int, rule: model.Rule) -> None:
    spec, where = "findings.yaml", f"rule {n} ({rule.input})"
    if rule.input not in RULE_INPUTS:
        report.add(
            spec,
            fid,
            f"{where}: unknown input; use a key of the engine input or a derived measure listed atop findings.yaml",
        )
        return
    if rule.op not in RULE_OPS:
        report.add(spec, fid, f"{where}: unknown op {rule.op!r}; use one of {', '.join(RULE_OPS)}")
        return
    if rule.side not in (None, "left", "right"):
        report.add(spec, fid, f"{where}: side must be left or right")
    if not rule.sources:
        report.add(spec, fid, f"{where}: cites no source for its threshold")
    allowed = RULE_INPUTS[rule.input]
    values: list[Any] = [rule.value]
    if rule.op == "contains_any":
        if not isinstance(rule.value, list):
            report.add(spec, fid, f"{where}: contains_any needs a list value")
            return
        values = rule.value
    if rule.op in NUMERIC_OPS:
        if allowed is not None or isinstance(rule.value, bool) or not isinstance(rule.value, (int, float)):
            report.add(
                spec, fid, f"{where}: {rule.op} compares numbers, but the input or value is not a number"
            )
        return
    for value in values:
        if allowed is not None and value not in allowed:
            report.add(
                spec,
                fid,
                f"{where}: value {value!r} can never occur; expected one of {', '.join(map(str, allowed))}",
            )


# -- exercises and ladders ----------------------------------------------------------------------


def _check_exercises(kb: model.KnowledgeBase, report: _Report) -> None:
    for ex in kb.exercises.values():
        spec, slug = "exercises", ex.slug
        if ex.kind == "education":
            report.add(spec, slug, "education lessons belong in education/, not exercises/")
        if not ex.targets and ex.kind not in ("aerobic", "relaxation", "inversion"):
            report.add(spec, slug, "targets no muscle")
        for muscle in _unknown(ex.targets, kb.muscles):
            report.add(spec, slug, f"targets {muscle!r}, which is not in muscles.yaml")
        for item in _unknown(ex.equipment, kb.equipment):
            report.add(spec, slug, f"needs equipment {item!r}, which is not in equipment.yaml")
        for cond in _unknown(ex.contraindications, kb.conditions):
            report.add(spec, slug, f"lists contraindication {cond!r}, which is not in conditions.yaml")
        if not ex.evidence.sources:
            report.add(spec, slug, "evidence cites no source")
        if not ex.steps:
            report.add(spec, slug, "has no steps")
        if not ex.why.strip():
            report.add(spec, slug, "has no 'why'")
        if ex.level < 1:
            report.add(spec, slug, f"level {ex.level} must be 1 or more")
        if ex.kind == "trigger_point" and (ex.ladder != ex.slug or not ex.slug.startswith("tp_")):
            report.add(spec, slug, "a trigger-point routine's slug and ladder must both be tp_<muscle>")
        _check_movement(report, ex)


def _check_movement(report: _Report, ex: model.Exercise) -> None:
    """`moves_into` must hold the main direction (rule 15 judges sensitivity on it); positions fit kinds."""
    spec, slug = "exercises", ex.slug
    # A two-way drill such as cat-camel keeps `neutral` as its main direction and lists both ways.
    if ex.direction != "neutral" and ex.direction not in ex.moves_into:
        report.add(spec, slug, f"moves_into must include its main direction {ex.direction!r}")
    if not ex.moves_into or len(set(ex.moves_into)) != len(ex.moves_into):
        report.add(spec, slug, "moves_into must list each direction it moves into once")
    if (ex.kind == "inversion") != (ex.position == "inverted"):
        report.add(spec, slug, "inversion items, and only they, are done in the 'inverted' position")
    if (ex.kind == "aerobic") != (ex.position == "walking"):
        report.add(spec, slug, "walking items, and only they, are done in the 'walking' position")


def _check_ladders(kb: model.KnowledgeBase, report: _Report) -> None:
    for ladder, steps in kb.ladders.items():
        levels = [ex.level for ex in steps]
        expected = list(range(1, len(steps) + 1))
        if levels != expected:
            counts = Counter(levels)
            dupes = sorted(level for level, c in counts.items() if c > 1)
            missing = sorted(set(range(1, max(levels) + 1)) - set(levels))
            detail = []
            if missing:
                detail.append("missing level " + ", ".join(map(str, missing)))
            if dupes:
                detail.append("level " + ", ".join(map(str, dupes)) + " used twice")
            report.add(
                "exercises",
                steps[0].slug,
                f"ladder {ladder!r} must run 1..{len(steps)} without gaps: {'; '.join(detail)}",
            )
        for ex in steps:
            _check_links(kb, report, ex)


def _check_links(kb: model.KnowledgeBase, report: _Report, ex: model.Exercise) -> None:
    for attr, back, offset in (("regression", "progression", -1), ("progression", "regression", 1)):
        target_slug: str | None = getattr(ex, attr)
        if target_slug is None:
            neighbours = [o for o in kb.ladders.get(ex.ladder, ()) if o.level == ex.level + offset]
            if neighbours:
                report.add(
                    "exercises",
                    ex.slug,
                    f"{attr} is empty but {neighbours[0].slug!r} is level {ex.level + offset} of ladder {ex.ladder!r}",
                )
            continue
        target = kb.exercises.get(target_slug)
        if target is None:
            report.add("exercises", ex.slug, f"{attr} {target_slug!r} is not an exercise")
            continue
        if target.ladder != ex.ladder:
            report.add(
                "exercises",
                ex.slug,
                f"{attr} {target_slug!r} is in ladder {target.ladder!r}, not {ex.ladder!r}",
            )
        if target.level != ex.level + offset:
            report.add(
                "exercises",
                ex.slug,
                f"{attr} {target_slug!r} is level {target.level}, expected {ex.level + offset}",
            )
        if getattr(target, back) != ex.slug:
            report.add(
                "exercises",
                ex.slug,
                f"{attr} {target_slug!r} does not link back ({target_slug}.{back} should be {ex.slug!r})",
            )


def _check_trigger_points(kb: model.KnowledgeBase, report: _Report) -> None:
    spec = "trigger_points.yaml"
    for tp in kb.trigger_points.values():
        if tp.muscle not in kb.muscles:
            report.add(spec, tp.muscle, "is not a muscle of muscles.yaml")
        if not tp.primary:
            report.add(spec, tp.muscle, "has no primary referral region")
        zones = (*tp.primary, *tp.secondary)
        for region in _unknown(zones, kb.regions):
            report.add(spec, tp.muscle, f"referral region {region!r} is not in regions.yaml")
        for region in zones:
            for side, other in (("_left", "_right"), ("_right", "_left")):
                if region.endswith(side) and region.removesuffix(side) + other not in zones:
                    report.add(
                        spec,
                        tp.muscle,
                        f"lists {region!r} but not {region.removesuffix(side) + other!r}; list both sides",
                    )
        if not tp.sources:
            report.add(spec, tp.muscle, "cites no source for its referral zones")
        routine = kb.exercises.get(tp.exercise)
        if tp.exercise != f"tp_{tp.muscle}":
            report.add(spec, tp.muscle, f"exercise must be 'tp_{tp.muscle}'")
        if routine is None:
            report.add(spec, tp.muscle, f"exercise {tp.exercise!r} is not an exercise")
        elif routine.kind != "trigger_point" or tp.muscle not in routine.targets:
            report.add(
                spec,
                tp.muscle,
                f"exercise {tp.exercise!r} must be a trigger_point routine targeting {tp.muscle!r}",
            )
    for muscle in ids.TRIGGER_POINT_MUSCLES:
        if muscle not in kb.trigger_points:
            report.add(spec, muscle, "missing: every muscle of the referral table needs an entry")


def _check_inversion(kb: model.KnowledgeBase, report: _Report) -> None:
    steps = kb.ladders.get("inversion", ())
    inversion_kind = [ex for ex in kb.exercises.values() if ex.kind == "inversion"]
    for ex in inversion_kind:
        if ex.ladder != "inversion":
            report.add("exercises", ex.slug, "inversion steps belong to the ladder 'inversion'")
    if len(steps) < MIN_INVERSION_STEPS:
        report.add(
            "exercises",
            "inversion",
            f"the inversion ladder has {len(steps)} steps; at least {MIN_INVERSION_STEPS} are needed",
        )
        return
    ruled_out = {c.id for c in kb.conditions.values() if "inversion" in c.contraindicates} | set(
        ids.INVERSION_CONTRAINDICATIONS
    )
    for ex in steps:
        if ex.kind != "inversion":
            report.add("exercises", ex.slug, "every step of the inversion ladder must be of kind inversion")
        if "inversion_table" not in ex.equipment:
            report.add("exercises", ex.slug, "an inversion step needs the inversion_table")
        if ex.dose.angle_deg is None or ex.dose.hold_s is None:
            report.add("exercises", ex.slug, "an inversion step's dose needs angle_deg and hold_s")
        missing = sorted(ruled_out - set(ex.contraindications))
        if missing:
            report.add(
                "exercises",
                ex.slug,
                "contraindications must include every inversion contraindication; missing "
                + ", ".join(missing),
            )
    first = steps[0]
    total_s = (first.dose.hold_s or 0) * (first.dose.sets or 1)
    if (first.dose.angle_deg or 0) > FIRST_INVERSION_MAX_DEG or total_s > FIRST_INVERSION_MAX_S:
        report.add(
            "exercises",
            first.slug,
            f"the first inversion step must stay at or below {FIRST_INVERSION_MAX_DEG} degrees and 2 minutes "
            f"(it has {first.dose.angle_deg} degrees, {total_s} s)",
        )


def _serves(ex: model.Exercise, kinds: tuple[str, ...], muscle: str) -> bool:
    return ex.kind in kinds and muscle in ex.targets


def _safe_start(ex: model.Exercise) -> bool:
    return ex.level == 1 and not ex.equipment and not ex.contraindications and ex.direction in SAFE_DIRECTIONS


def _pregnancy_start(kb: model.KnowledgeBase, ladder: str, muscle: str) -> bool:
    """Whether the planner can start this ladder for `muscle` for anyone pregnant: climbing from level 1
    past steps ruled out only by lying on the back or face down (as `planner._entry` does), it reaches
    a step for the muscle with no equipment, no contraindications and a safe direction."""
    for step in kb.ladders.get(ladder, ()):
        if step.equipment or step.contraindications:
            return False
        if step.position not in ("lying_back", "lying_front"):
            return step.direction in SAFE_DIRECTIONS and muscle in step.targets
    return False


def _check_coverage(kb: model.KnowledgeBase, report: _Report) -> None:
    exercises = list(kb.exercises.values())
    if len(exercises) < MIN_EXERCISES:
        report.add("exercises", "-", f"{len(exercises)} exercises; at least {MIN_EXERCISES} are needed")
    needs: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
        (ids.TIGHTABLE_MUSCLES, ("stretch", "mobility"), "stretch or mobility"),
        (ids.WEAKABLE_MUSCLES, ("strength",), "strength"),
    ]
    for muscles, kinds, label in needs:
        for muscle in muscles:
            serving = [ex for ex in exercises if _serves(ex, kinds, muscle)]
            if len(serving) < 2:
                report.add(
                    "exercises",
                    muscle,
                    f"needs at least 2 {label} exercises targeting it; has {len(serving)}",
                )
            if not any(_safe_start(ex) for ex in serving):
                report.add(
                    "exercises",
                    muscle,
                    f"needs a level-1 {label} exercise targeting it with no equipment, no contraindications and "
                    f"moving only into {'/'.join(SAFE_DIRECTIONS)} (the planner's safe fallback)",
                )
            reachable = [ex for ex in serving if _pregnancy_start(kb, ex.ladder, muscle)]
            if muscle not in ids.PREGNANCY_LEFT_ALONE and not reachable:
                report.add(
                    "exercises",
                    muscle,
                    f"needs a safe-fallback {label} exercise done neither lying on the back nor face down, so that "
                    "pregnancy (contract rule 10) still leaves one (rule 8)",
                )
    routines = [ex for ex in exercises if ex.kind == "trigger_point"]
    if len(routines) < MIN_TRIGGER_POINT_ROUTINES:
        report.add(
            "exercises",
            "trigger_point",
            f"{len(routines)} trigger-point routines; at least {MIN_TRIGGER_POINT_ROUTINES} are needed",
        )
    for ladder, kind in (("walking", "aerobic"), ("relaxation", "relaxation")):
        steps = kb.ladders.get(ladder, ())
        if not steps or any(ex.kind != kind for ex in steps):
            report.add("exercises", ladder, f"needs a ladder {ladder!r} of {kind} exercises")


def _check_lessons(kb: model.KnowledgeBase, report: _Report) -> None:
    if len(kb.lessons) < MIN_LESSONS:
        report.add("education", "-", f"{len(kb.lessons)} lessons; at least {MIN_LESSONS} are needed")
    topics = {lesson.topic for lesson in kb.lessons.values()}
    for lesson in kb.lessons.values():
        if lesson.topic not in ids.LESSON_TOPICS:
            report.add(
                "education",
                lesson.slug,
                f"topic {lesson.topic!r} is not one of {', '.join(ids.LESSON_TOPICS)}",
            )
        if lesson.slug != f"lesson_{lesson.topic}":
            report.add("education", lesson.slug, f"slug must be 'lesson_{lesson.topic}'")
        if lesson.kind != "education":
            report.add("education", lesson.slug, "kind must be education")
        if not 3 <= len(lesson.body) <= 6:
            report.add(
                "education", lesson.slug, f"body has {len(lesson.body)} paragraphs; keep it to 3-6 short ones"
            )
        if not lesson.evidence.sources:
            report.add("education", lesson.slug, "evidence cites no source")
    for topic in ids.LESSON_TOPICS:
        if topic not in topics:
            report.add("education", f"lesson_{topic}", f"missing: no lesson on the topic {topic!r}")


def _check_self_tests(kb: model.KnowledgeBase, report: _Report) -> None:
    spec = "self_tests.yaml"
    filled: dict[str, str] = {}
    for test in kb.self_tests.values():
        for key in _unknown(test.keys, ids.TEST_KEYS):
            report.add(
                spec,
                test.slug,
                f"key {key!r} is not an engine input test key; use one of {', '.join(ids.TEST_KEYS)}",
            )
        for key in test.keys:
            if key in filled:
                report.add(spec, test.slug, f"key {key!r} is already filled by the self-test {filled[key]!r}")
            filled.setdefault(key, test.slug)
        if not test.sources:
            report.add(spec, test.slug, "cites no source for how the test is done and read")
        if test.slug in kb.exercises or test.slug in kb.lessons:
            report.add(
                spec,
                test.slug,
                "slug is also an exercise or lesson slug; a self-test needs its own slug for its own figure",
            )
        if test.slug not in kb.figures:
            report.add(spec, test.slug, "has no figure in figures/ (a self-test is shown with its picture)")
    for key in ids.TEST_KEYS:
        if key not in filled:
            report.add(spec, key, "missing: no self-test fills this engine input test key")


def _coaches(kb: model.KnowledgeBase) -> list[tuple[str, str, model.Coach, tuple[str, ...]]]:
    """(file group, entry, coach block, self-test keys) of every coached exercise and self-test."""
    out: list[tuple[str, str, model.Coach, tuple[str, ...]]] = [
        ("exercises", ex.slug, ex.coach, ()) for ex in kb.exercises.values() if ex.coach
    ]
    out += [("self_tests.yaml", t.slug, t.coach, t.keys) for t in kb.self_tests.values() if t.coach]
    return out


def _check_coaches(kb: model.KnowledgeBase, report: _Report) -> None:
    for spec, slug, coach, keys in _coaches(kb):
        for message in coach_problems(coach, kb.sources, keys):
            report.add(spec, slug, message)


def _check_figures(kb: model.KnowledgeBase, report: _Report) -> None:
    for slug in kb.exercises:
        if slug not in kb.figures:
            report.add("exercises", slug, "has no figure in figures/")
    for fig in kb.figures.values():
        spec, slug = "figures", fig.slug
        owned = slug in kb.exercises or slug in kb.lessons or slug in kb.self_tests
        if not owned:
            report.add(
                spec,
                slug,
                "is a figure for no exercise, lesson or self-test (orphan): fix the slug or remove it",
            )
        if fig.view not in FIGURE_VIEWS:
            report.add(
                spec, slug, f"view {fig.view!r} must be side, side_right, three_quarter, front or back"
            )
        for prop in _unknown(fig.props, kb.equipment):
            if prop in FURNITURE_PROPS:
                continue
            if prop not in TEST_PROPS:
                report.add(spec, slug, f"prop {prop!r} is not in equipment.yaml")
            elif slug not in kb.self_tests:
                report.add(
                    spec,
                    slug,
                    f"prop {prop!r} is furniture for self-tests only; an exercise draws equipment of "
                    "equipment.yaml",
                )
        if not 1 <= len(fig.frames) <= 6:
            report.add(spec, slug, f"has {len(fig.frames)} frames; use 1 to 6")
        elif not 0 <= fig.still < len(fig.frames):
            report.add(
                spec, slug, f"still {fig.still} is not the index of one of its {len(fig.frames)} frames"
            )
        for n, frame in enumerate(fig.frames):
            for segment in _unknown((name for name, _ in frame.angles), FIGURE_SEGMENTS):
                report.add(spec, slug, f"frame {n}: unknown segment {segment!r}")
        # The renderer knows what it cannot draw (an unknown prop_at, a frame below the floor…);
        # imported here because the figures package itself imports the knowledge model.
        from backwell.figures import disagreements, drawing_problem

        if problem := drawing_problem(fig):
            report.add(spec, slug, problem)
        elif slug in kb.exercises:
            # Text and picture agree: a prop, a side or the hands named in the words are drawn so.
            for disagreement in disagreements(kb.exercises[slug], fig):
                report.add(spec, slug, f"text and picture disagree: {disagreement}")


def _check_instruments(kb: model.KnowledgeBase, report: _Report) -> None:
    spec = "instruments.yaml"
    for inst_id, count in INSTRUMENT_ITEM_COUNTS.items():
        inst = kb.instruments.get(inst_id)
        if inst is None:
            report.add(spec, inst_id, "missing instrument")
            continue
        if len(inst.items) != count:
            report.add(spec, inst_id, f"has {len(inst.items)} items; the published instrument has {count}")
        if not inst.sources:
            report.add(spec, inst_id, "cites no source")
        published = PUBLISHED_WORDING.get(inst_id)
        if published and wording_digest(inst) != published:
            report.add(
                spec,
                inst_id,
                "item wording differs from the published text; published items must not be edited",
            )
    start_back = kb.instruments.get("start_back")
    if start_back is not None and (
        KEELE_NOTICE not in start_back.notice or KEELE_FUNDING not in start_back.notice
    ):
        report.add(
            spec, "start_back", f"notice must keep Keele's copyright ({KEELE_NOTICE!r}) and funding statement"
        )


def _check_phases(kb: model.KnowledgeBase, report: _Report) -> None:
    have = [(p.id, p.name, p.weeks) for p in kb.phases]
    if have != list(PHASES):
        report.add(
            "phases.yaml",
            "-",
            "the phases must be " + "; ".join(f"{i} {n!r} weeks {list(w)}" for i, n, w in PHASES),
        )


# Muscles whose strengthening is exercise therapy itself (deep trunk and buttock muscles): their
# strength items are backed by trials of exercise for back pain, not only by the findings that pick them.
GENERAL_PROGRAM_MUSCLES = ("transversus_abdominis", "multifidus", "gluteus_maximus")


def _check_grades_against_findings(kb: model.KnowledgeBase, report: _Report) -> None:
    """An item picked to serve findings cannot claim stronger evidence than the findings themselves.

    A stretch or mobility item serves the findings that call a muscle it targets tight; a strength item
    the findings that call one weak. Its grade may not be stronger than the strongest grade among them,
    unless a strength item also trains a general-program muscle (GENERAL_PROGRAM_MUSCLES).
    """
    strength_order = list(model.GRADES)  # strongest first: supported, mixed, limited, not recommended
    for ex in kb.exercises.values():
        if ex.kind in ("stretch", "mobility"):
            selecting = [f for f in kb.findings.values() if set(f.tight) & set(ex.targets)]
        elif ex.kind == "strength":
            if set(ex.targets) & set(GENERAL_PROGRAM_MUSCLES):
                continue
            selecting = [f for f in kb.findings.values() if set(f.weak) & set(ex.targets)]
        else:
            continue
        if not selecting:
            continue
        best = min(selecting, key=lambda f: strength_order.index(f.grade))
        if strength_order.index(ex.evidence.grade) < strength_order.index(best.grade):
            report.add(
                "exercises",
                ex.slug,
                f"evidence grade {ex.evidence.grade!r} is stronger than the strongest grade of the findings that "
                f"select it ({best.grade!r}, {best.id}); grade it {best.grade!r} or cite what supports it",
            )


def _check_warning_signs(kb: model.KnowledgeBase, report: _Report) -> None:
    """Lessons name warning signs through placeholders expanded from red_flags.yaml (rule 1)."""
    from . import warning_signs  # local import keeps this check a self-contained addition

    for flag in kb.red_flags:
        if flag not in warning_signs.SIGNS:
            report.add(
                "red_flags.yaml", flag, "has no plain wording in knowledge/warning_signs.py SIGNS for lessons"
            )
    for lesson in kb.lessons.values():
        for text in (lesson.summary, *lesson.body):
            for problem in warning_signs.problems(text):
                report.add("education", lesson.slug, problem)


# -- stats ---------------------------------------------------------------------------------------


def unsourced(kb: model.KnowledgeBase) -> int:
    """Clinical facts (indications, contraindications, referral zones, thresholds, levels) citing no known source."""
    facts: list[tuple[str, ...]] = []
    facts += [ex.evidence.sources for ex in kb.exercises.values()]
    facts += [lesson.evidence.sources for lesson in kb.lessons.values()]
    facts += [c.sources for c in kb.conditions.values()]
    facts += [tp.sources for tp in kb.trigger_points.values()]
    for finding in kb.findings.values():
        facts.append(finding.sources)
        facts += [rule.sources for rule in finding.rules]
    for flag in kb.red_flags.values():
        facts.append(flag.sources)
        facts += [combo.sources for combo in flag.combinations]
    return sum(1 for keys in facts if not any(key in kb.sources for key in keys))


def stats(kb: model.KnowledgeBase) -> dict[str, Any]:
    """The counts of `backwell kb stats --json` (ENGINE.md)."""
    by_kind = Counter(ex.kind for ex in kb.exercises.values())
    by_kind.update(lesson.kind for lesson in kb.lessons.values())
    return {
        "knowledge_version": kb.version,
        "exercises": sum(1 for ex in kb.exercises.values() if ex.kind != "education"),
        "exercises_by_kind": {kind: by_kind.get(kind, 0) for kind in model.KINDS},
        "trigger_points": len(kb.trigger_points),
        "findings": len(kb.findings),
        "red_flags": len(kb.red_flags),
        "conditions": len(kb.conditions),
        "sources": len(kb.sources),
        "unsourced": unsourced(kb),
        "lessons": len(kb.lessons),
        "figures": len(kb.figures),
        "ladders": len(kb.ladders),
        "muscles": len(kb.muscles),
        "regions": len(kb.regions),
        "instruments": len(kb.instruments),
        "self_tests": len(kb.self_tests),
    }
