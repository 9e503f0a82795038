"""Pages of the assessment wizard: thin views over the forms, services and presentation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from backwell.engine.knowledge import load as load_knowledge
from backwell.figures import FigureError, render_still
from backwell.web.accounts.models import User

from . import services, wizard
from .body_figures import HEAD, OUTLINE, region_shapes
from .forms import ClearanceForm, SafetyForm, WizardForm, field_names
from .models import Assessment
from .posture_contribution import posture_contributions
from .presentation import region_figure, results_view, tests_compared
from .self_tests import SELF_TESTS

# Where the honest note about inversion comes from: guidelines, a systematic review, a clinic's advice.
INVERSION_SOURCES = ("nice_ng59", "cochrane_traction_wegner_2013", "mayo_inversion")


def _own(request: HttpRequest, pk: int) -> Assessment:
    # Someone else's assessment is "not found", never "forbidden": it does not exist for them.
    return get_object_or_404(Assessment, pk=pk, user=request.user)


def _where(assessment: Assessment) -> HttpResponse:
    """Sends the person to wherever their assessment stands."""
    if assessment.completed_at:
        return redirect("assessment:results", pk=assessment.pk)
    if assessment.step == wizard.STOPPED:
        return redirect("assessment:stop", pk=assessment.pk)
    return redirect("assessment:step", pk=assessment.pk, step=assessment.step)


# The answers of a safety check taken before signing up: kept in the session only, never in the database,
# until the person signs up (or logs in) and the assessment starts from them.
SAFETY_SESSION_KEY = "assessment_safety_check"


@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest) -> HttpResponse:
    """The warning-sign questions for anyone, signed up or not; the engine's triage decides what follows."""
    form = SafetyForm(request.POST or None, initial=SafetyForm.initial_from(_carried_answers(request)))
    if request.method == "POST" and form.is_valid():
        sections = form.sections()
        request.session[SAFETY_SESSION_KEY] = sections
        if request.user.is_authenticated:
            return _start_from_safety_check(request)
        # Health answers of someone without an account last no longer than their browser stays open.
        request.session.set_expiry(0)
        outcome = services.triage_of(_carried_answers(request)).as_dict()
        if outcome["level"] in ("urgent", "emergency"):
            return render(request, "assessment/stop.html", {"assessment": None, "triage": outcome})
        return render(request, "assessment/safety_passed.html", {"triage": outcome})
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/safety_check.html", {"form": form}, status=status)


def _carried_answers(request: HttpRequest) -> dict[str, Any]:
    """The session's safety answers in the shape of the answers document (empty without any)."""
    sections = request.session.get(SAFETY_SESSION_KEY)
    if not isinstance(sections, dict):
        return {}
    return services.answers_from_sections(sections)


def _start_from_safety_check(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sections = request.session.pop(SAFETY_SESSION_KEY, None)
    request.session.set_expiry(None)  # signed in now: the site's usual session length again
    try:
        assessment = services.assessment_start_with_safety_answers(user=user, sections=sections)
    except services.AnswersRejected:
        messages.error(request, _("Those safety answers could not be used. Please answer them again."))
        assessment = services.assessment_start(user=user)
    return _where(assessment)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if isinstance(request.session.get(SAFETY_SESSION_KEY), dict):
        # Just signed up or logged in after a safety check: carry its answers into the assessment.
        return _start_from_safety_check(request)
    if request.method == "POST":
        kind = request.POST.get("kind", Assessment.Kind.INITIAL)
        if kind not in Assessment.Kind.values:
            kind = Assessment.Kind.INITIAL
        try:
            assessment = services.assessment_start(user=user, kind=kind)
        except ValueError:
            messages.error(
                request, _("A re-test needs a finished assessment first. Start with the full one.")
            )
            return redirect("assessment:start")
        return _where(assessment)
    history = list(
        Assessment.objects.filter(user=user).only(
            "id", "kind", "step", "started_at", "completed_at", "user_id"
        )
    )
    return render(
        request,
        "assessment/start.html",
        {
            "in_progress": [a for a in history if a.completed_at is None],
            "completed": [a for a in history if a.completed_at is not None],
        },
    )


def _form_for(step: wizard.Step, assessment: Assessment, data: Any = None) -> WizardForm:
    return step.form(data, initial=step.form.initial_from(assessment.answers))


def _step_context(assessment: Assessment, step: wizard.Step, form: WizardForm) -> dict[str, Any]:
    steps = wizard.steps_for(assessment)
    index = wizard.step_index(assessment, step.slug)
    context: dict[str, Any] = {
        "assessment": assessment,
        "step": step,
        "form": form,
        "steps": [
            {
                "slug": s.slug,
                "title": s.title,
                "open": wizard.may_open(assessment, s.slug),
                "current": s == step,
            }
            for s in steps
        ],
        "step_number": index + 1,
        "step_count": len(steps),
        "previous": steps[index - 1].slug if index > 0 else None,
        "is_last": index == len(steps) - 1,
    }
    if step.slug == "pain":
        selected = set(form["regions"].value() or [])
        options = form.regions_by_view()  # type: ignore[attr-defined]
        context["figures"] = [
            {
                "view": view,
                "title": title,
                "shapes": region_figure(view, selected),
                "options": _top_to_bottom(options[view], view),
                "outline": OUTLINE,
                "head": HEAD,
            }
            for view, title in (("front", _("Front")), ("back", _("Back")))
        ]
    if step.slug == "tests":
        context["self_tests"] = [_self_test_view(test, form) for test in SELF_TESTS]
    if step.slug == "about":
        kb = load_knowledge()
        context["inversion_sources"] = [
            kb.sources[key].title for key in INVERSION_SOURCES if key in kb.sources
        ]
    if step.slug in ("about", "pain") and assessment.answers.get("red_flags"):
        context["triage"] = services.triage_of(assessment.answers).as_dict()
    return context


def _top_to_bottom(options: list[Any], view: str) -> list[Any]:
    """Region checkboxes in the order a person scans the figure: head to foot, then left to right."""
    centre = {shape.id: shape.centre for shape in region_shapes(view)}

    def place(option: Any) -> tuple[int, int]:
        region = option.data["value"]
        side = 0 if region.endswith("_left") else 2 if region.endswith("_right") else 1
        return (round(centre[region][1] / 12), side)

    return sorted(options, key=place)


def _self_test_view(test: Any, form: WizardForm) -> dict[str, Any]:
    kb = load_knowledge()
    picture = ""
    for slug in test.figures:
        figure = kb.figures.get(slug)
        if figure is None:
            continue
        try:
            picture = render_still(figure, kb.self_tests.get(slug) or kb.exercises.get(slug))
        except FigureError:
            continue
        break
    sources = [kb.sources[key].title for key in test.sources if key in kb.sources]
    # The live coach's spec, from the test's own knowledge entry (its first figure's slug).
    entry = kb.self_tests.get(test.figures[0]) if test.figures else None
    return {
        "coach": entry.coach.as_json() if entry is not None and entry.coach is not None else None,
        "test": test,
        "picture": picture,
        "fields": [form[name] for name in field_names(test)],
        "sources": sources,
    }


@login_required
@require_http_methods(["GET", "POST"])
def step_view(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    assessment = _own(request, pk)
    current = wizard.BY_SLUG.get(step)
    if current is None or wizard.step_index(assessment, step) < 0:
        raise Http404("no such step")
    if assessment.completed_at:
        return redirect("assessment:results", pk=assessment.pk)
    if step != "safety" and assessment.step == wizard.STOPPED:
        return redirect("assessment:stop", pk=assessment.pk)
    if not wizard.may_open(assessment, step):
        return _where(assessment)
    form = _form_for(current, assessment, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_step_save(
                assessment=assessment, step=step, sections=form.sections()
            )
        except services.AnswersRejected as exc:
            form.add_error(
                None,
                _("Something in these answers cannot be used (%(detail)s). Please check them.")
                % {"detail": exc},
            )
        else:
            if assessment.step == wizard.STOPPED:
                return redirect("assessment:stop", pk=assessment.pk)
            if assessment.completed_at:
                return redirect("assessment:results", pk=assessment.pk)
            return redirect("assessment:step", pk=assessment.pk, step=wizard.next_step(assessment, step))
    status = 400 if request.method == "POST" else 200
    return render(request, current.template, _step_context(assessment, current, form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _own(request, pk)
    if assessment.step != wizard.STOPPED:
        return _where(assessment)
    outcome = services.triage_of(assessment.answers).as_dict()
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and outcome["level"] == "urgent" and form.is_valid():
        services.assessment_clearance_confirm(assessment=assessment)
        messages.info(request, _("Thank you. Go gently, and stop if anything feels wrong."))
        return _where(assessment)
    return render(
        request,
        "assessment/stop.html",
        {"assessment": assessment, "triage": outcome, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _own(request, pk)
    if not assessment.completed_at or not assessment.result:
        return _where(assessment)
    context = results_view(assessment.result)
    if assessment.kind == Assessment.Kind.RETEST:
        earlier = (
            Assessment.objects.filter(user_id=assessment.user_id, completed_at__lt=assessment.completed_at)
            .order_by("-completed_at")
            .only("answers", "completed_at")
            .first()
        )
        if earlier is not None:
            context["compared"] = tests_compared(
                earlier.answers.get("tests", {}), assessment.answers.get("tests", {})
            )
            context["compared_with"] = earlier.completed_at
    context.update(
        {
            "assessment": assessment,
            "wanted_inversion": bool(assessment.answers.get("profile", {}).get("wants_inversion")),
            "posture_rows": posture_contributions(assessment.answers.get("posture") or {}),
            "outline": OUTLINE,
            "head": HEAD,
            "figure_views": [
                {"view": "front", "title": _("Front"), "muscles": context["front"]},
                {"view": "back", "title": _("Back"), "muscles": context["back"]},
            ],
        }
    )
    return render(request, "assessment/results.html", context)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Throws away an unfinished assessment (a finished one is part of the person's history)."""
    assessment = _own(request, pk)
    if services.assessment_discard(assessment=assessment):
        messages.info(request, _("That unfinished assessment is deleted."))
    return redirect("assessment:start")
