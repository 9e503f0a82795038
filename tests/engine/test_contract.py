"""The engine's contract: the schema copy, the examples, the output's shape and the command line's behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backwell.engine import InvalidInput, plan, validate
from backwell.engine.schema import parse_json

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO.parent / "shared" / "contract"
PACKAGED_SCHEMA = REPO / "src" / "backwell" / "engine" / "contract" / "engine-input.schema.json"
BACKWELL = REPO / ".venv" / "bin" / "backwell"
EXAMPLES = sorted((CONTRACT / "examples").glob("*.json")) if CONTRACT.exists() else []
needs_contract = pytest.mark.skipif(
    not CONTRACT.exists(), reason="../shared/contract is not beside the repository"
)

OUTPUT_KEYS = {
    "engine_version",
    "knowledge_version",
    "triage",
    "scores",
    "findings",
    "imbalances",
    "trigger_point_targets",
    "inversion",
    "program",
}
ITEM_KEYS = {
    "exercise",
    "name",
    "kind",
    "direction",
    "targets",
    "equipment",
    "side",
    "position",
    "moves_into",
    "level",
    "dose",
    "minutes",
    "why",
    "evidence",
}
MINIMAL = {"profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3}}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BACKWELL), *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=REPO
    )


@needs_contract
def test_the_packaged_schema_is_byte_identical_to_the_contract() -> None:
    assert PACKAGED_SCHEMA.read_bytes() == (CONTRACT / "engine-input.schema.json").read_bytes()


@needs_contract
@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.startswith("valid-")], ids=lambda p: p.name)
def test_valid_examples_plan_with_the_contract_shape(path: Path) -> None:
    out = plan(json.loads(path.read_text()))
    assert set(out) == OUTPUT_KEYS
    assert out["engine_version"] == "1.1.0"
    assert out["knowledge_version"].startswith("kb-")
    assert set(out["scores"]) == {"nrs", "start_back", "rmdq", "psfs", "peg"}
    if out["program"] is not None:
        program = out["program"]
        assert set(program) == {"weeks", "phases", "days", "excluded", "advice"}
        assert [p["id"] for p in program["phases"]] == [
            "calm_and_release",
            "rebalance",
            "strengthen_and_maintain",
        ]
        for day in program["days"]:
            assert set(day) == {"week", "day", "date", "minutes", "items"}
            for item in day["items"]:
                assert set(item) == ITEM_KEYS
                assert set(item["dose"]) == {"sets", "reps", "hold_s", "rest_s", "angle_deg"}
                assert set(item["evidence"]) == {"grade", "sources"}


@needs_contract
@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.startswith("invalid-")], ids=lambda p: p.name)
def test_invalid_examples_exit_2_with_one_plain_line_and_no_traceback(path: Path) -> None:
    result = run("plan", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr


@needs_contract
def test_the_examples_errors_name_the_field_and_the_fix() -> None:
    messages = {}
    for path in EXAMPLES:
        if path.name.startswith("invalid-"):
            with pytest.raises(InvalidInput) as info:
                validate(json.loads(path.read_text()))
            messages[path.name] = info.value
    assert (
        messages["invalid-age-not-a-number.json"].line == "profile.age: must be a whole number from 16 to 110"
    )
    assert messages["invalid-under-16.json"].field == "profile.age"
    unknown = messages["invalid-unknown-key.json"]
    assert unknown.field == "red_flag"
    assert "unknown field" in unknown.message and "red_flags" in unknown.message


@needs_contract
def test_the_anterior_tilt_example_finds_the_tilt_and_plans_twelve_dated_weeks() -> None:
    out = plan(json.loads((CONTRACT / "examples" / "valid-anterior-tilt.json").read_text()))
    assert "anterior_pelvic_tilt" in [f["id"] for f in out["findings"]]
    assert "iliopsoas" in out["imbalances"]["tight"]
    days = out["program"]["days"]
    assert len(days) == 12 * 5
    assert days[0]["date"] == "2027-01-04"
    assert days[5]["date"] == "2027-01-11"  # week 2, day 1


@needs_contract
def test_the_cauda_equina_example_is_an_emergency_without_a_program() -> None:
    out = plan(json.loads((CONTRACT / "examples" / "valid-cauda-equina.json").read_text()))
    assert out["triage"]["level"] == "emergency" and out["triage"]["program_allowed"] is False
    assert out["program"] is None


@needs_contract
def test_the_hypertension_example_refuses_inversion_and_says_why() -> None:
    out = plan(
        json.loads(
            (CONTRACT / "examples" / "valid-flexion-sensitive-wants-inversion-hypertension.json").read_text()
        )
    )
    assert out["inversion"]["eligible"] is False
    assert any("blood pressure" in r for r in out["inversion"]["reasons"])
    excluded = {e["what"]: e["reasons"] for e in out["program"]["excluded"]}
    assert excluded["Inversion"] == out["inversion"]["reasons"]
    first_phase = [i for d in out["program"]["days"] if d["week"] <= 3 for i in d["items"]]
    assert all(i["direction"] != "flexion" for i in first_phase)
    assert all(i["kind"] != "inversion" for d in out["program"]["days"] for i in d["items"])


@pytest.mark.parametrize(
    ("document", "line"),
    [
        (
            {"profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3, "colour": "red"}},
            "profile.colour: unknown field — check the spelling",
        ),
        ({**MINIMAL, "pain": {"nrs": 11}}, "pain.nrs: must be a whole number from 0 to 10"),
        ({**MINIMAL, "pain": {"nrs": 4.5}}, "pain.nrs: must be a whole number from 0 to 10"),
        ({**MINIMAL, "start_date": "31/01/2026"}, "start_date: must be a date like 2026-01-31"),
        ({**MINIMAL, "start_date": "2026-02-30"}, "start_date: must be a date like 2026-01-31"),
        ({"profile": {"age": 40, "minutes_per_day": 20}}, "profile.days_per_week: is required"),
        ({**MINIMAL, "red_flags": ["fever", "fever"]}, "red_flags: lists the same value twice"),
        ({**MINIMAL, "red_flags": ["feverish"]}, "red_flags[0]: must be one of: saddle_numbness"),
        (
            {**MINIMAL, "questionnaires": {"rmdq": [True] * 23}},
            "questionnaires.rmdq: must be a list of exactly 24",
        ),
        ({**MINIMAL, "tests": {"ober_left": "yes"}}, "tests.ober_left: must be one of: negative, positive"),
        (
            {**MINIMAL, "profile": {**MINIMAL["profile"], "pregnant": "no"}},
            "profile.pregnant: must be true or false",
        ),
        ([1, 2], "input: must be a JSON object"),
        ({}, "profile: is required"),
    ],
)
def test_each_mistake_gives_one_line_naming_the_field_and_the_fix(document: object, line: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate(document)
    assert info.value.line.startswith(line)
    assert "\n" not in info.value.line


def test_text_that_is_not_json_names_the_line_and_column() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_json('{\n  "profile": {\n    "age": 40,,\n  }\n}')
    assert info.value.line.startswith("input is not valid JSON (line 3, column 15)")


def test_plan_reads_standard_input_and_prints_the_output() -> None:
    result = run("plan", "-", stdin=json.dumps(MINIMAL))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["engine_version"] == "1.1.0"


def test_plan_of_broken_json_on_standard_input_exits_2_with_the_position() -> None:
    result = run("plan", "-", stdin='{"profile": {"age": 40,}}')
    assert result.returncode == 2
    assert result.stderr.startswith("error: input is not valid JSON (line 1, column 24)")
    assert len(result.stderr.splitlines()) == 1


def test_plan_of_a_missing_file_says_so_in_one_line() -> None:
    result = run("plan", "no-such-input.json")
    assert result.returncode == 2
    assert result.stderr == (
        "error: no-such-input.json: no such file — give the path of a JSON input, or - for standard input\n"
    )


def test_jsonl_plans_every_good_line_and_reports_bad_ones_by_line_number() -> None:
    lines = [
        json.dumps(MINIMAL),
        json.dumps({"profile": {"age": 12, "minutes_per_day": 20, "days_per_week": 3}}),
        "{not json",
        "",
        json.dumps({**MINIMAL, "red_flags": ["saddle_numbness"]}),
    ]
    result = run("plan", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 2
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["program"] is not None
    assert out[1] == {"error": {"line": 2, "message": "profile.age: must be a whole number from 16 to 110"}}
    assert out[2]["error"]["line"] == 3 and out[2]["error"]["message"].startswith("input is not valid JSON")
    assert out[3]["triage"]["level"] == "emergency"


def test_jsonl_of_only_good_lines_exits_0() -> None:
    result = run("plan", "--jsonl", "-", stdin=json.dumps(MINIMAL) + "\n" + json.dumps(MINIMAL) + "\n")
    assert result.returncode == 0
    first, second = result.stdout.splitlines()
    assert first == second


def test_the_same_input_gives_the_same_bytes_in_process_and_in_a_fresh_process(tmp_path: Path) -> None:
    from backwell.commands.plan import render

    doc = {
        "profile": {
            "age": 51,
            "minutes_per_day": 25,
            "days_per_week": 4,
            "equipment": ["mat", "ball", "band"],
            "wants_inversion": False,
            "sex": "male",
        },
        "pain": {
            "nrs": 6,
            "regions": ["lumbar_left", "buttock_left", "thigh_lateral_left"],
            "worse_with": ["sitting"],
        },
        "tests": {
            "thomas_left": "both",
            "trendelenburg_left": "positive",
            "plank_s": 40,
            "side_bridge_left_s": 20,
            "side_bridge_right_s": 35,
            "extensor_s": 40,
            "flexor_s": 55,
        },
        "posture": {"pelvic_tilt": "anterior", "pelvic_obliquity_deg": -6},
        "start_date": "2026-03-02",
    }
    first = render(plan(doc))
    assert render(plan(json.loads(json.dumps(doc)))) == first
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc))
    for seed in ("0", "12345"):
        # Different hash seeds change set iteration order: the output must not depend on it.
        fresh = subprocess.run(
            [sys.executable, "-m", "backwell.cli", "plan", str(path)],
            capture_output=True,
            cwd=REPO,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert fresh.returncode == 0, fresh.stderr
        assert fresh.stdout.decode("utf-8") == first + "\n"


def test_deeply_nested_json_is_refused_in_one_line_without_a_traceback() -> None:
    result = run("plan", "-", stdin="[" * 100000)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: input is nested too deeply — give one plain JSON object"]
