"""`backwell demo`: a demo person with a finished assessment and, when available, eight weeks of history."""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import secrets
import sys
from typing import Any

DEMO_EMAIL = "demo@backwell.local"
DEMO_NAME = "Alex (demo)"
HISTORY_WEEKS = 8

# A realistic first assessment: a forward-tilted pelvis with short hip flexors, pain worse with
# sitting and bending (flexion-sensitive), a medium STarT Back profile and modest endurance.
DEMO_ANSWERS: dict[str, Any] = {
    "red_flags": [],
    "profile": {
        "age": 38,
        "sex": "female",
        "pregnant": False,
        "activity_level": "low",
        "equipment": ["mat", "ball", "foam_roller", "band", "wall", "chair"],
        "conditions": [],
        "minutes_per_day": 25,
        "days_per_week": 5,
        "wants_inversion": False,
    },
    "pain": {
        "nrs": 6,
        "duration_weeks": 20,
        "regions": ["lumbar_left", "lumbar_right", "lumbar_central", "buttock_left", "thigh_anterior_left"],
        "leg_symptoms": "above_knee",
        "pins_and_needles": False,
        "worse_with": ["sitting", "bending_forward", "lifting"],
        "flare": False,
    },
    "questionnaires": {
        "start_back": {
            "answers": [True, False, True, True, False, True, False, False],
            "bothersomeness": "very_much",
        },
        "rmdq": [n in (1, 2, 4, 7, 10, 13, 16, 18, 21) for n in range(1, 25)],
        "psfs": [
            {"activity": "sitting through a two-hour meeting", "score": 3},
            {"activity": "lifting my daughter into the car seat", "score": 4},
            {"activity": "running 5 km", "score": 2},
        ],
        "peg": [6, 5, 6],
    },
    "tests": {
        "thomas_left": "one_joint",
        "thomas_right": "both",
        "knee_extension_deficit_left_deg": 15,
        "knee_extension_deficit_right_deg": 18,
        "ober_left": "negative",
        "ober_right": "negative",
        "trendelenburg_left": "negative",
        "trendelenburg_right": "positive",
        "wall_test": "large_gap",
        "plank_s": 40,
        "side_bridge_left_s": 28,
        "side_bridge_right_s": 41,
        "extensor_s": 75,
        "flexor_s": 95,
    },
    "posture": {"pelvic_tilt": "anterior"},
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backwell demo", description=__doc__)
    parser.add_argument("--weeks", type=int, default=HISTORY_WEEKS, help="weeks of history (default 8)")
    args = parser.parse_args(argv)
    if not 0 <= args.weeks <= 12:
        parser.error("--weeks must be from 0 to 12")
    return args


def demo_person(*, weeks: int = HISTORY_WEEKS) -> tuple[Any, str, str]:
    """Creates or refreshes the demo person; returns (user, password, what happened to the history)."""
    from django.db import transaction
    from django.utils import timezone

    from backwell.web.accounts.models import User
    from backwell.web.assessment import services as assessment_services
    from backwell.web.assessment.models import Assessment

    # A fresh password on every run: the demo account never keeps a guessable one.
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = User.objects.create_user(DEMO_EMAIL, password, display_name=DEMO_NAME)
            user.privacy_consent_at = timezone.now()
            user.save(update_fields=["privacy_consent_at"])
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if not Assessment.objects.filter(user=user, completed_at__isnull=False).exists():
            started = timezone.now() - datetime.timedelta(weeks=weeks, hours=1)
            assessment = Assessment.objects.create(user=user, step="tests", answers=dict(DEMO_ANSWERS))
            assessment_services.assessment_complete(assessment=assessment, today=started.date())
            # The demo's history begins with this assessment, `weeks` ago.
            Assessment.objects.filter(pk=assessment.pk).update(started_at=started, completed_at=started)
    return user, password, _add_history(user, weeks)


def _add_history(user: Any, weeks: int) -> str:
    if weeks == 0:
        return "no history requested"
    try:
        module = importlib.import_module("backwell.web.tracking.demo")
    except ImportError:
        return "history skipped: the tracking app is not available in this build"
    module.add_history(user=user, weeks=weeks)
    return f"{weeks} weeks of history"


def main(argv: list[str]) -> int:
    args = parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backwell.web.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    try:
        user, password, history = demo_person(weeks=args.weeks)
    except Exception as exc:  # one clear line for the operator instead of a traceback
        print(f"error: could not create the demo person: {exc}", file=sys.stderr)
        return 1
    print("Demo account ready", f"({history}):")
    print(f"  email:    {user.email}")
    print(f"  password: {password}")
    return _demo_clinician(user)


def _demo_clinician(person: Any) -> int:
    """The demo clinician, linked to the demo person and a dozen synthetic people (see clinic/demo.py)."""
    from backwell.web.clinic.demo import demo_clinician

    password = secrets.token_urlsafe(12)
    try:
        clinician = demo_clinician(person=person, password=password)
    except Exception as exc:  # the demo person is ready; say clearly what is missing
        print(f"error: could not create the demo clinician: {exc}", file=sys.stderr)
        return 1
    print("Demo clinician ready (worklist at /clinic/):")
    print(f"  email:    {clinician.email}")
    print(f"  password: {password}")
    return 0
