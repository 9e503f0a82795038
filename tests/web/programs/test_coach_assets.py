"""The camera coach's pose model is served by backwell itself, under a CSP widened only for WebAssembly."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.programs.exercises import player_step

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2] for part in policy.split(";")}


def test_the_policy_lets_wasm_compile_but_allows_no_eval_and_no_other_connection(client: Client) -> None:
    policy = _directives(client.get("/")["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert policy["connect-src"] == "'self'"
    assert "'unsafe-eval'" not in " ".join(policy.values())
    assert "'unsafe-inline'" not in policy["script-src"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("pose.js", "text/javascript"),
        ("pose_solution_simd_wasm_bin.wasm", "application/wasm"),
        ("pose_landmark_lite.tflite", None),
        ("pose_landmark_full.tflite", None),
        ("pose_solution_packed_assets.data", None),
    ],
)
def test_the_pose_model_files_come_from_backwells_own_static_files(
    client: Client, name: str, kind: str | None
) -> None:
    response = client.get(f"/static/mediapipe/pose/{name}")
    assert response.status_code == 200, f"{name} is not served: run scripts/setup (npm ci)"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 1000
    if kind:
        assert response["Content-Type"].startswith(kind)


def test_a_coached_exercise_brings_its_coach_spec_to_the_player_and_others_do_not() -> None:
    item = {
        "exercise": "sit_to_stand",
        "name": "Sit to stand",
        "kind": "strength",
        "minutes": 3,
        "dose": {"sets": 2, "reps": 8},
        "evidence": {"grade": "supported"},
    }
    coached = player_step(0, item)
    assert coached["coach"]["mode"] == "reps"
    assert coached["coach"]["signal"]["points"] == ["hip", "knee", "ankle"]
    plain = player_step(1, {**item, "exercise": "cat_camel", "name": "Cat-camel"})
    assert plain["coach"] is None
