"""The wizard's steps in order, and where a person may go next."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .forms import AboutForm, PainForm, QuestionnairesForm, SafetyForm, SelfTestsForm, WizardForm
from .models import Assessment


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    form: type[WizardForm]
    template: str


STEPS: tuple[Step, ...] = (
    Step("safety", _("Safety check"), SafetyForm, "assessment/step_safety.html"),
    Step("about", _("About you"), AboutForm, "assessment/step_about.html"),
    Step("pain", _("Your pain"), PainForm, "assessment/step_pain.html"),
    Step("questionnaires", _("Questionnaires"), QuestionnairesForm, "assessment/step_questionnaires.html"),
    Step("tests", _("Self-tests"), SelfTestsForm, "assessment/step_tests.html"),
)
BY_SLUG = {step.slug: step for step in STEPS}
# A re-test repeats the self-tests only; everything else is carried over from the last assessment.
RETEST_STEPS = ("tests",)
STOPPED = "stopped"
RESULTS = "results"


def steps_for(assessment: Assessment) -> tuple[Step, ...]:
    if assessment.kind == Assessment.Kind.RETEST:
        return tuple(BY_SLUG[slug] for slug in RETEST_STEPS)
    return STEPS


def step_index(assessment: Assessment, slug: str) -> int:
    slugs = [step.slug for step in steps_for(assessment)]
    return slugs.index(slug) if slug in slugs else -1


def next_step(assessment: Assessment, slug: str) -> str:
    steps = steps_for(assessment)
    index = step_index(assessment, slug)
    return steps[index + 1].slug if index + 1 < len(steps) else RESULTS


def furthest_reached(assessment: Assessment) -> int:
    """Index of the furthest step the person may open (every step before it is answered)."""
    if assessment.step == STOPPED:
        return 0
    if assessment.step == RESULTS:
        return len(steps_for(assessment)) - 1
    return max(step_index(assessment, assessment.step), 0)


def may_open(assessment: Assessment, slug: str) -> bool:
    index = step_index(assessment, slug)
    return 0 <= index <= furthest_reached(assessment)
