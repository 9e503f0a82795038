"""The body figures: every pain region and muscle of ids.md is drawn, on the side it belongs to."""

from __future__ import annotations

from backwell.engine import ids
from backwell.engine.knowledge import load
from backwell.web.assessment.body_figures import WIDTH, muscle_shapes, region_shapes
from backwell.web.assessment.presentation import results_view


def test_every_region_is_drawn_once_on_the_figure_its_view_names() -> None:
    kb = load()
    drawn = {view: [shape.id for shape in region_shapes(view)] for view in ("front", "back")}
    assert sorted(drawn["front"] + drawn["back"]) == sorted(ids.REGIONS)
    for view, regions in drawn.items():
        assert all(kb.regions[region].view == view for region in regions), view


def test_left_and_right_sit_where_a_viewer_expects_them() -> None:
    # Front figure faces us: the person's left is on our right. Back figure: their left on our left.
    front = {s.id: s.centre[0] for s in region_shapes("front")}
    back = {s.id: s.centre[0] for s in region_shapes("back")}
    assert front["groin_left"] > WIDTH / 2 > front["groin_right"]
    assert back["buttock_left"] < WIDTH / 2 < back["buttock_right"]


def test_every_muscle_is_drawn_on_both_sides_or_in_the_middle() -> None:
    drawn = [shape for view in ("front", "back") for shape in muscle_shapes(view)]
    assert {shape.id for shape in drawn} == set(ids.MUSCLES)
    centres = {}
    for shape in drawn:
        centres.setdefault(shape.id, []).append(shape.centre[0])
    for muscle, xs in centres.items():
        assert len(xs) in (1, 2), muscle
        if len(xs) == 2:
            assert abs((xs[0] + xs[1]) / 2 - WIDTH / 2) < 0.01, muscle
        else:
            assert abs(xs[0] - WIDTH / 2) < 0.01, muscle


def test_results_colour_tight_and_weak_muscles_and_name_them() -> None:
    result = {
        "triage": {"level": "none", "program_allowed": True, "reasons": []},
        "scores": {"nrs": 4, "start_back": None, "rmdq": 3, "psfs": None, "peg": None},
        "findings": [],
        "imbalances": {"tight": ["iliopsoas"], "weak": ["gluteus_maximus"]},
        "trigger_point_targets": [],
        "inversion": {"eligible": False, "reasons": []},
        "program": None,
    }
    shown = results_view(result)
    states = {m.id: m.state for m in shown["front"] + shown["back"]}
    assert states["iliopsoas"] == "tight"
    assert states["gluteus_maximus"] == "weak"
    assert states["hamstrings"] == ""
    kb = load()
    assert shown["tight"] == [kb.muscles["iliopsoas"].name]
    assert shown["weak"] == [kb.muscles["gluteus_maximus"].name]
    assert shown["risk"] is None
