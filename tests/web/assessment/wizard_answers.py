"""Form data that fills in each wizard step validly, shared by the wizard's tests."""

from __future__ import annotations

from backwell.engine import ids


def safety_data(*, yes: tuple[str, ...] = (), age: int = 41) -> dict[str, str]:
    data = {f"flag_{flag}": ("yes" if flag in yes else "no") for flag in ids.RED_FLAGS}
    data["age"] = str(age)
    return data


ABOUT = {
    "age": "41",
    "sex": "female",
    "pregnant": "no",
    "conditions": [],
    "activity_level": "low",
    "equipment": ["mat", "ball", "foam_roller", "wall", "chair"],
    "minutes_per_day": "20",
    "days_per_week": "5",
    "wants_inversion": "no",
}

PAIN = {
    "nrs": "5",
    "duration_amount": "4",
    "duration_unit": "months",
    "regions": ["lumbar_left", "lumbar_right", "buttock_left"],
    "leg_symptoms": "none",
    "pins_and_needles": "no",
    "worse_with": ["sitting", "bending_forward"],
    "flare": "no",
}


def questionnaires_data(*, start_back: bool = True) -> dict[str, object]:
    data: dict[str, object] = {}
    if start_back:
        for n, agree in enumerate([False, True, False, True, False, True, False, False], start=1):
            data[f"sb_{n}"] = "agree" if agree else "disagree"
        data["sb_9"] = "moderately"
    for n in (1, 3, 6, 9, 13, 18):
        data[f"rmdq_{n}"] = "on"
    data.update(
        {
            "psfs_activity_1": "sitting through a work meeting",
            "psfs_score_1": "4",
            "psfs_activity_2": "picking up my toddler",
            "psfs_score_2": "5",
            "peg_1": "5",
            "peg_2": "4",
            "peg_3": "5",
        }
    )
    return data


TESTS = {
    "thomas_left": "one_joint",
    "thomas_right": "one_joint",
    "wall_test": "large_gap",
    "plank_s": "35",
    "side_bridge_left_s": "22",
    "side_bridge_right_s": "25",
    "extensor_s": "70",
    "flexor_s": "60",
}
