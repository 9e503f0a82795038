"""Shared factory_boy factories: people and their assessments."""

from __future__ import annotations

import copy
from typing import Any

import factory
from django.utils import timezone

from backwell.engine import plan
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment

DEFAULT_PASSWORD = "correct horse battery staple"

# A realistic engine input document: an anterior-tilt pattern, sensitive to sitting and bending.
COMPLETE_ANSWERS: dict[str, Any] = {
    "red_flags": [],
    "profile": {
        "age": 41,
        "sex": "female",
        "pregnant": False,
        "activity_level": "low",
        "equipment": ["mat", "ball", "foam_roller", "wall", "chair"],
        "conditions": [],
        "minutes_per_day": 20,
        "days_per_week": 5,
        "wants_inversion": False,
    },
    "pain": {
        "nrs": 5,
        "duration_weeks": 16,
        "regions": ["lumbar_left", "lumbar_right", "buttock_left"],
        "leg_symptoms": "none",
        "pins_and_needles": False,
        "worse_with": ["sitting", "bending_forward"],
        "flare": False,
    },
    "questionnaires": {
        "start_back": {
            "answers": [False, True, False, True, False, True, False, False],
            "bothersomeness": "moderately",
        },
        "rmdq": [i in (0, 2, 5, 8, 12, 17) for i in range(24)],
        "psfs": [
            {"activity": "sitting through a work meeting", "score": 4},
            {"activity": "picking up my toddler", "score": 5},
        ],
        "peg": [5, 4, 5],
    },
    "tests": {
        "thomas_left": "one_joint",
        "thomas_right": "one_joint",
        "wall_test": "large_gap",
        "plank_s": 35,
        "side_bridge_left_s": 22,
        "side_bridge_right_s": 25,
        "extensor_s": 70,
        "flexor_s": 60,
    },
}


def complete_answers() -> dict[str, Any]:
    """A fresh deep copy, so a test may change it freely."""
    return copy.deepcopy(COMPLETE_ANSWERS)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save(update_fields=["password"])


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment in progress at the safety screen; use `completed=True` for a finished one."""

    class Meta:
        model = Assessment

    user = factory.SubFactory(UserFactory)
    kind = Assessment.Kind.INITIAL
    step = "safety"
    answers = factory.LazyFunction(dict)
    result = None
    completed_at = None

    class Params:
        completed = factory.Trait(
            step="results",
            answers=factory.LazyFunction(complete_answers),
            completed_at=factory.LazyFunction(timezone.now),
            result=factory.LazyAttribute(lambda o: plan(o.answers)),
        )
