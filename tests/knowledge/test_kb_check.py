"""`backwell kb check`: the packaged base is sound, and each kind of breakage is named precisely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from backwell.engine.knowledge.loader import build, read_raw

from .conftest import edit_entries, read_entries, write_entries

Check = Callable[[Path], tuple[int, list[str]]]


def test_packaged_knowledge_base_passes_every_check(run_check: Check) -> None:
    from backwell.engine.knowledge.loader import DATA_DIR

    status, lines = run_check(DATA_DIR)
    assert lines and lines[-1].startswith("knowledge base OK: "), "\n".join(lines)
    assert status == 0


def _file_of(data_dir: Path, spec: str, slug: str) -> Path:
    raw, _ = read_raw(data_dir)
    for file, entry in raw[spec]:
        if entry.get("slug") == slug:
            return data_dir / file
    raise AssertionError(f"{slug} not found in {spec}")


def test_broken_muscle_reference_in_a_finding_is_named(data_copy: Path, run_check: Check) -> None:
    def misspell(entries: list[dict[str, Any]]) -> None:
        finding = next(e for e in entries if e["id"] == "hamstring_tightness")
        finding["tight"] = ["hamstringz"]

    edit_entries(data_copy / "findings.yaml", misspell)
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "findings.yaml: hamstring_tightness: names muscle 'hamstringz', which is not in muscles.yaml" in lines
    )


def test_broken_muscle_reference_in_an_exercise_is_named(data_copy: Path, run_check: Check) -> None:
    kb, _ = build(data_copy)
    assert kb is not None
    slug = next(ex.slug for ex in kb.exercises.values() if ex.kind == "stretch")
    path = _file_of(data_copy, "exercises", slug)
    edit_entries(
        path, lambda entries: next(e for e in entries if e["slug"] == slug).update(targets=["glutes"])
    )
    status, lines = run_check(data_copy)
    assert status == 1
    rel = path.relative_to(data_copy)
    assert f"{rel}: {slug}: targets 'glutes', which is not in muscles.yaml" in lines


def test_missing_source_key_is_named_where_it_is_cited(data_copy: Path, run_check: Check) -> None:
    edit_entries(
        data_copy / "sources.yaml",
        lambda entries: entries.remove(next(e for e in entries if e["key"] == "gajdosik_90_90")),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "findings.yaml: hamstring_tightness: cites source 'gajdosik_90_90', which is not in sources.yaml"
        in lines
    )


def test_unknown_red_flag_id_is_rejected(data_copy: Path, run_check: Check) -> None:
    def add(entries: list[dict[str, Any]]) -> None:
        entries.append(
            {
                "id": "back_ache",
                "question": "Does your back ache?",
                "level": "routine",
                "advice": "See a doctor.",
                "sources": ["nhs_cks_low_back_pain"],
            }
        )

    edit_entries(data_copy / "red_flags.yaml", add)
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(line.startswith("red_flags.yaml: back_ache: unknown red flag id") for line in lines), lines


def test_missing_canonical_condition_is_reported(data_copy: Path, run_check: Check) -> None:
    edit_entries(
        data_copy / "conditions.yaml",
        lambda entries: entries.remove(next(e for e in entries if e["id"] == "glaucoma")),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(line.startswith("conditions.yaml: glaucoma: missing entry") for line in lines), lines


def test_ladder_with_a_gap_is_reported(data_copy: Path, run_check: Check) -> None:
    kb, _ = build(data_copy)
    assert kb is not None
    ladder, steps = next((name, steps) for name, steps in kb.ladders.items() if len(steps) == 3)
    middle = steps[1].slug
    path = _file_of(data_copy, "exercises", middle)
    edit_entries(path, lambda entries: entries.remove(next(e for e in entries if e["slug"] == middle)))
    status, lines = run_check(data_copy)
    assert status == 1
    first_file = _file_of(data_copy, "exercises", steps[0].slug).relative_to(data_copy)
    assert (
        f"{first_file}: {steps[0].slug}: ladder '{ladder}' must run 1..2 without gaps: missing level 2"
        in lines
    )
    # The neighbours' links now point at an exercise that no longer exists.
    assert any(f"progression '{middle}' is not an exercise" in line for line in lines), lines


def test_orphan_figure_is_reported(data_copy: Path, run_check: Check) -> None:
    frame = {"trunk": 0, "head": 0, "thigh_l": 180, "shin_l": 180, "thigh_r": 180, "shin_r": 180}
    write_entries(
        data_copy / "figures" / "zz_orphan.yaml",
        [{"slug": "no_such_exercise", "view": "side", "props": [], "still": 0, "frames": [frame]}],
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "figures/zz_orphan.yaml: no_such_exercise: is a figure for no exercise, lesson or self-test (orphan): "
        "fix the slug or remove it" in lines
    )


def test_exercise_without_sources_counts_as_unsourced(data_copy: Path, run_check: Check) -> None:
    from backwell.engine.knowledge.validate import stats

    kb, _ = build(data_copy)
    assert kb is not None
    slug = next(iter(kb.exercises))
    path = _file_of(data_copy, "exercises", slug)
    edit_entries(
        path, lambda entries: next(e for e in entries if e["slug"] == slug)["evidence"].update(sources=[])
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert f"{path.relative_to(data_copy)}: {slug}: evidence cites no source" in lines
    broken, _ = build(data_copy)
    assert broken is not None and stats(broken)["unsourced"] == 1


def test_weakening_a_cauda_equina_flag_breaks_the_engine_rule(data_copy: Path, run_check: Check) -> None:
    edit_entries(
        data_copy / "red_flags.yaml",
        lambda entries: next(e for e in entries if e["id"] == "saddle_numbness").update(level="urgent"),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "red_flags.yaml: saddle_numbness: saddle_numbness gives 'urgent', but ENGINE.md rule 1 requires at least 'emergency'"
        in lines
    )


def test_edited_questionnaire_wording_is_refused(data_copy: Path, run_check: Check) -> None:
    def reword(entries: list[dict[str, Any]]) -> None:
        rmdq = next(e for e in entries if e["id"] == "rmdq")
        rmdq["items"][0]["text"] = "I mostly stay home because of my back."

    edit_entries(data_copy / "instruments.yaml", reword)
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "instruments.yaml: rmdq: item wording differs from the published text; published items must not be edited"
        in lines
    )


def test_invalid_yaml_names_the_file(data_copy: Path, run_check: Check) -> None:
    (data_copy / "regions.yaml").write_text("- {id: neck, name: Neck\n", encoding="utf-8")
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(line.startswith("regions.yaml: -: not valid YAML") for line in lines), lines


def test_first_inversion_step_above_thirty_degrees_is_refused(data_copy: Path, run_check: Check) -> None:
    path = _file_of(data_copy, "exercises", "inversion_level_1")
    edit_entries(
        path,
        lambda entries: next(e for e in entries if e["slug"] == "inversion_level_1")["dose"].update(
            angle_deg=45
        ),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith(
            f"{path.relative_to(data_copy)}: inversion_level_1: the first inversion step must stay at or below 30 degrees"
        )
        for line in lines
    ), lines


def test_check_of_a_missing_folder_says_what_to_give(tmp_path: Path, capsys: Any) -> None:
    from backwell.commands import kb

    status = kb.main(["check", "--data", str(tmp_path / "nowhere")])
    assert status == 2
    assert "no such folder" in capsys.readouterr().err


def test_removing_a_file_is_reported(data_copy: Path, run_check: Check) -> None:
    (data_copy / "phases.yaml").unlink()
    status, lines = run_check(data_copy)
    assert status == 1
    assert "phases.yaml: -: file is missing" in lines


def test_data_copy_fixture_is_a_faithful_copy(data_copy: Path) -> None:
    assert read_entries(data_copy / "phases.yaml")[0]["id"] == "calm_and_release"


def test_a_prop_placed_where_the_renderer_cannot_draw_it_is_reported(
    data_copy: Path, run_check: Check
) -> None:
    path = data_copy / "figures" / "strength.yaml"
    edit_entries(path, lambda entries: entries[0].update(props=["ball"], prop_at="elbow_of_nobody"))
    slug = read_entries(path)[0]["slug"]
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith(f"figures/strength.yaml: {slug}: ") and "elbow_of_nobody" in line for line in lines
    )


def _edit_self_test(data_dir: Path, which: str, **changes: Any) -> None:
    edit_entries(
        data_dir / "self_tests.yaml",
        lambda entries: next(e for e in entries if e["slug"] == which).update(changes),
    )


def test_self_test_filling_an_unknown_engine_key_is_named(data_copy: Path, run_check: Check) -> None:
    _edit_self_test(data_copy, "ober_test", keys=["ober_left", "ober_rihgt"])
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith("self_tests.yaml: ober_test: key 'ober_rihgt' is not an engine input test key")
        for line in lines
    ), lines
    # The key it no longer fills is reported as well, so no test result is silently lost.
    assert "self_tests.yaml: ober_right: missing: no self-test fills this engine input test key" in lines


def test_self_test_without_a_figure_is_named(data_copy: Path, run_check: Check) -> None:
    edit_entries(
        data_copy / "figures" / "self_tests.yaml",
        lambda entries: entries.remove(next(e for e in entries if e["slug"] == "wall_test")),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "self_tests.yaml: wall_test: has no figure in figures/ (a self-test is shown with its picture)"
        in lines
    )


def test_self_test_citing_an_unknown_source_is_named(data_copy: Path, run_check: Check) -> None:
    _edit_self_test(data_copy, "modified_thomas_test", sources=["harvey_thomas_tset"])
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "self_tests.yaml: modified_thomas_test: cites source 'harvey_thomas_tset', which is not in sources.yaml"
        in lines
    )


def test_two_self_tests_filling_the_same_key_are_refused(data_copy: Path, run_check: Check) -> None:
    _edit_self_test(data_copy, "prone_plank_test", keys=["plank_s", "flexor_s"])
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "self_tests.yaml: prone_plank_test: key 'flexor_s' is already filled by the self-test "
        "'flexor_endurance_test'"
        in lines
        or "self_tests.yaml: flexor_endurance_test: key 'flexor_s' is already filled by the self-test "
        "'prone_plank_test'"
        in lines
    ), lines


def test_self_test_sharing_an_exercise_slug_is_refused(data_copy: Path, run_check: Check) -> None:
    # The side bridge exercise has its own picture; the test must not borrow it.
    _edit_self_test(data_copy, "side_bridge_test", slug="side_bridge")
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith("self_tests.yaml: side_bridge: slug is also an exercise or lesson slug")
        for line in lines
    ), lines


def test_the_table_is_for_self_test_pictures_only(data_copy: Path, run_check: Check) -> None:
    path = data_copy / "figures" / "strength.yaml"
    slug = read_entries(path)[0]["slug"]
    edit_entries(path, lambda entries: entries[0].update(props=["table"]))
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        f"figures/strength.yaml: {slug}: prop 'table' is furniture for self-tests only; an exercise draws "
        "equipment of equipment.yaml" in lines
    )


def test_a_prop_nobody_knows_is_still_refused_for_a_self_test(data_copy: Path, run_check: Check) -> None:
    edit_entries(
        data_copy / "figures" / "self_tests.yaml",
        lambda entries: next(e for e in entries if e["slug"] == "wall_test").update(props=["ladder"]),
    )
    status, lines = run_check(data_copy)
    assert status == 1
    assert "figures/self_tests.yaml: wall_test: prop 'ladder' is not in equipment.yaml" in lines
