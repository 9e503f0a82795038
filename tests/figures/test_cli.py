"""`backwell kb render`: one picture to a file, or every picture into a folder; clear errors otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwell.engine.knowledge import model
from backwell.figures import sheet as sheet_module
from backwell.figures.cli import render_main
from backwell.figures.sheet import CELL_WIDTH, chromium, sheet_size

from .poses import BRIDGE, HOOK_LYING, SVG, figure, parse


def _exercise(slug: str, name: str) -> model.Exercise:
    return model.Exercise(
        slug=slug,
        name=name,
        kind="strength",
        direction="neutral",
        targets=("gluteus_maximus",),
        equipment=(),
        position="lying_back",
        setup="Lie on your back.",
        moves_into=("neutral",),
        ladder="bridge",
        level=1,
        regression=None,
        progression=None,
        sided=False,
        dose=model.Dose(sets=2, reps=10),
        steps=("Lift.",),
        cues=(),
        mistakes=(),
        cautions=(),
        contraindications=(),
        evidence=model.Evidence(grade="supported", sources=("nice_ng59",)),
        why="Strengthens the buttocks.",
    )


def _knowledge(figures: dict[str, model.Figure], exercises: dict[str, model.Exercise]) -> model.KnowledgeBase:
    return model.KnowledgeBase(
        version="kb-test",
        sources={},
        muscles={},
        regions={},
        equipment={},
        conditions={},
        red_flags={},
        findings={},
        trigger_points={},
        exercises=exercises,
        lessons={},
        figures=figures,
        instruments={},
        phases=(),
    )


@pytest.fixture
def knowledge() -> model.KnowledgeBase:
    return _knowledge(
        {
            "glute_bridge": figure("glute_bridge", frames=(HOOK_LYING, BRIDGE), props=("mat",)),
            "dead_bug": figure("dead_bug", frames=(HOOK_LYING,)),
            "orphan_pose": figure("orphan_pose"),
        },
        {
            "glute_bridge": _exercise("glute_bridge", "Bridge"),
            "dead_bug": _exercise("dead_bug", "Dead bug"),
            "bird_dog": _exercise("bird_dog", "Bird dog"),
        },
    )


def test_render_writes_the_still_picture_of_one_exercise(
    knowledge: model.KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "pictures" / "bridge.svg"
    assert render_main(["glute_bridge", "-o", str(out)], knowledge) == 0
    root = parse(out.read_text(encoding="utf-8"))
    assert root.find(f"{SVG}title").text == "Bridge"  # type: ignore[union-attr]
    assert not list(root.iter(f"{SVG}animate"))


def test_render_animated_writes_the_moving_picture(knowledge: model.KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "bridge.svg"
    assert render_main(["glute_bridge", "-o", str(out), "--animated"], knowledge) == 0
    assert list(parse(out.read_text(encoding="utf-8")).iter(f"{SVG}animate"))


def test_render_all_writes_a_still_and_an_animation_per_figure(
    knowledge: model.KnowledgeBase, tmp_path: Path
) -> None:
    assert render_main(["--all", str(tmp_path)], knowledge) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "dead_bug.animated.svg",
        "dead_bug.svg",
        "glute_bridge.animated.svg",
        "glute_bridge.svg",
        "index.html",
    ]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'src="glute_bridge.svg"' in index and "Dead bug" in index


def test_unknown_slug_exits_2_with_one_line_naming_it(
    knowledge: model.KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert render_main(["glute_brige", "-o", str(tmp_path / "x.svg")], knowledge) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "glute_brige" in err and "glute_bridge" in err  # names it and suggests the close match
    assert not (tmp_path / "x.svg").exists()


def test_exercise_without_a_figure_says_so(
    knowledge: model.KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert render_main(["bird_dog", "-o", str(tmp_path / "x.svg")], knowledge) == 2
    assert "'bird_dog' has no figure" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["glute_bridge"], "-o glute_bridge.svg"),
        ([], "--all DIR"),
        (["glute_bridge", "--all", "out"], "not both"),
    ],
)
def test_incomplete_command_lines_exit_2_and_say_what_to_add(
    knowledge: model.KnowledgeBase, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert render_main(argv, knowledge) == 2
    assert message in capsys.readouterr().err


def test_a_figure_that_cannot_be_drawn_fails_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _knowledge(
        {"glute_bridge": figure("glute_bridge", frames=({"thigh_left": 90},))},
        {"glute_bridge": _exercise("glute_bridge", "Bridge")},
    )
    assert render_main(["glute_bridge", "-o", str(tmp_path / "x.svg")], broken) == 1
    assert "thigh_left" in capsys.readouterr().err


def test_render_all_draws_what_it_can_and_reports_a_broken_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = _knowledge(
        {
            "glute_bridge": figure("glute_bridge", frames=(HOOK_LYING, BRIDGE)),
            "dead_bug": figure("dead_bug", frames=({"thigh_left": 90},)),
        },
        {"glute_bridge": _exercise("glute_bridge", "Bridge"), "dead_bug": _exercise("dead_bug", "Dead bug")},
    )
    assert render_main(["--all", str(tmp_path)], knowledge) == 1
    assert (tmp_path / "glute_bridge.svg").exists() and (tmp_path / "glute_bridge.animated.svg").exists()
    assert not (tmp_path / "dead_bug.svg").exists()
    assert "dead_bug" in capsys.readouterr().err


def test_render_all_into_a_file_says_it_cannot_make_the_folder(
    knowledge: model.KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    occupied = tmp_path / "pictures"
    occupied.write_text("not a folder", encoding="utf-8")
    assert render_main(["--all", str(occupied)], knowledge) == 1
    assert f"cannot create {occupied}" in capsys.readouterr().err


def test_render_draws_a_self_test_by_its_slug_and_puts_it_on_the_contact_sheet(tmp_path: Path) -> None:
    from dataclasses import replace

    wall = model.SelfTest(
        slug="wall_test", name="Low-back curve (wall test)", keys=("wall_test",), sources=()
    )
    knowledge = replace(
        _knowledge({"wall_test": figure("wall_test", props=("wall",))}, {}), self_tests={"wall_test": wall}
    )
    out = tmp_path / "wall.svg"
    assert render_main(["wall_test", "-o", str(out)], knowledge) == 0
    assert parse(out.read_text(encoding="utf-8")).find(f"{SVG}title").text == "Low-back curve (wall test)"  # type: ignore[union-attr]
    sheet = tmp_path / "all"
    assert render_main(["--all", str(sheet)], knowledge) == 0
    assert (sheet / "wall_test.animated.svg").exists()
    assert "Low-back curve (wall test)" in (sheet / "index.html").read_text(encoding="utf-8")


def test_sheet_needs_all(knowledge: model.KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    assert render_main(["glute_bridge", "-o", "x.svg", "--sheet"], knowledge) == 2
    assert "--sheet goes with --all DIR" in capsys.readouterr().err


@pytest.mark.skipif(chromium() is None, reason="Chromium draws the PNG")
def test_render_all_with_sheet_writes_every_still_on_one_svg_and_png(
    knowledge: model.KnowledgeBase, tmp_path: Path
) -> None:
    assert render_main(["--all", str(tmp_path), "--sheet"], knowledge) == 0
    sheet = parse((tmp_path / "sheet.svg").read_text(encoding="utf-8"))
    nested = [el for el in sheet if el.tag == f"{SVG}svg"]
    assert len(nested) == 2, "one cell per figure"
    assert {el.get("width") for el in nested} == {str(CELL_WIDTH)}, "at phone size"
    captions = [el.text for el in sheet.iter(f"{SVG}text")]
    assert "Bridge" in captions and "glute_bridge" in captions
    png = (tmp_path / "sheet.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == sheet_size(2)


def test_sheet_without_chromium_keeps_the_svg_and_says_why(
    knowledge: model.KnowledgeBase,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheet_module, "chromium", lambda: None)
    assert render_main(["--all", str(tmp_path), "--sheet"], knowledge) == 1
    assert (tmp_path / "sheet.svg").exists() and not (tmp_path / "sheet.png").exists()
    assert "no Chromium found" in capsys.readouterr().err
