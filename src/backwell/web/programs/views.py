"""Program pages: overview, a day's items, the session player, swaps, print view, exercise pictures."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.core.json_body import JsonBodyError, request_json
from backwell.web.core.personal_cache import forget, personal_page
from backwell.web.core.release import release
from backwell.web.tracking.adaptation import stamp_after_due

from . import exercises, selectors, services, swaps
from .forms import ItemLogForm, SessionPainForm, SwapForm
from .models import ItemLog, Program


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _program_or_404(request: HttpRequest, *, with_plan: bool = True) -> Program:
    program = selectors.active_program(user=_user(request), with_plan=with_plan)
    if program is None:
        raise Http404(_("You have no program yet."))
    return program


def _day_or_404(program: Program, week: int, day: int) -> selectors.ProgramDay:
    entry = selectors.program_day(program, week=week, day=day)
    if entry is None:
        raise Http404(_("Your program has no such day."))
    return entry


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    # A week that has ended is adapted on the first visit after it, here or on the progress page.
    stamp = stamp_after_due(user=user, today=today)
    if stamp.program_id is None:
        assessment = Assessment.objects.filter(user=user, completed_at__isnull=False).first()
        return render(request, "programs/start.html", {"assessment": assessment})
    # The page greets the person by name, so a new name draws it afresh.
    return personal_page(
        request,
        stamp=(*stamp.cache_stamp, user.display_name),
        render=lambda extra: _overview_page(request, extra),
    )


def _overview_page(request: HttpRequest, extra: dict[str, object]) -> HttpResponse:
    program = _program_or_404(request)
    today = timezone.localdate()
    todays, upcoming = selectors.session_for(program, today=today)
    progress = selectors.day_progress(program)
    plan = program.plan["program"]
    this_week = selectors.current_week(program, today=today)
    weeks = []
    for number in range(1, plan["weeks"] + 1):
        days = [d for d in plan["days"] if d["week"] == number]
        weeks.append(
            {
                "number": number,
                "phase": next((p["name"] for p in plan["phases"] if number in p["weeks"]), ""),
                "days": [{"entry": d, "progress": progress.get((d["week"], d["day"]))} for d in days],
                "current": number == this_week,
            }
        )
    return render(
        request,
        "programs/overview.html",
        {
            "program": program,
            "plan": plan,
            "weeks": weeks,
            "today": todays,
            "today_progress": progress.get((todays["week"], todays["day"])) if todays else None,
            "upcoming": upcoming,
            "upcoming_date": selectors.day_date(upcoming) if upcoming else None,
            "changes": selectors.recent_changes(program),
            "pause_level": selectors.pause_level(program),
            **extra,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assessment = Assessment.objects.filter(user=user, completed_at__isnull=False).first()
    if assessment is None:
        messages.error(request, _("Finish your assessment first: the program is built from it."))
        return redirect("programs:overview")
    try:
        services.program_start(user=user, assessment=assessment, start_date=timezone.localdate())
    except services.ProgramError as exc:
        messages.error(request, str(exc))
    return redirect("programs:overview")


@login_required
@require_GET
def day(request: HttpRequest, week: int, day: int) -> HttpResponse:
    program = _program_or_404(request, with_plan=False)
    entry = _day_or_404(program, week, day)
    outcomes = selectors.item_outcomes(selectors.session_log(program, week=week, day=day))
    items = [
        {"index": i, "item": item, "outcome": outcomes.get(i), "exercise": exercises.detail(item["exercise"])}
        for i, item in enumerate(entry["items"])
    ]
    return render(request, "programs/day.html", {"program": program, "entry": entry, "items": items})


def _steps_html(entry: selectors.ProgramDay) -> str:
    """The player's steps for one day, rendered once per distinct day and language.

    The markup depends only on the day's items, so days that look alike — and every reload of the
    same day — share one cached rendering instead of building each item's page again.
    """
    digest = hashlib.sha256(json.dumps(entry["items"], sort_keys=True).encode()).hexdigest()[:24]
    # The release too: a new template or label must not be served an older release's markup.
    key = f"session-steps:{release()}:{get_language()}:{load_knowledge().version}:{digest}"
    html: str | None = cache.get(key)
    if html is None:
        steps = [exercises.player_step(i, item) for i, item in enumerate(entry["items"])]
        html = render_to_string("programs/_session_steps.html", {"steps": steps})
        cache.set(key, html, timeout=7 * 24 * 3600)
    return html


@login_required
@require_GET
def session(request: HttpRequest, week: int, day: int) -> HttpResponse:
    stamp = selectors.session_page_stamp(user=_user(request), week=week, day=day)
    if stamp is None:
        raise Http404(_("You have no program yet."))
    return personal_page(request, stamp=stamp, render=lambda extra: _session_page(request, week, day, extra))


def cached_pages_forget(user: User) -> None:
    """Deleting an account: the stored overview and the session page of every day of every program go too."""
    days = {(d["week"], d["day"]) for program in user.programs.all() for d in selectors.program_days(program)}
    sessions = [reverse("programs:session", kwargs={"week": w, "day": d}) for w, d in sorted(days)]
    forget(user.pk, [reverse("programs:overview"), *sessions])


def _session_page(request: HttpRequest, week: int, day: int, extra: dict[str, object]) -> HttpResponse:
    program = _program_or_404(request, with_plan=False)
    entry = _day_or_404(program, week, day)
    log = selectors.session_log(program, week=week, day=day)
    following = selectors.next_program_day(program, week=week, day=day)
    state = {
        "week": week,
        "day": day,
        "position": log.position if log else 0,
        "painBefore": log.pain_before if log else None,
        "painAfter": log.pain_after if log else None,
        # What was logged of each item: the end of the session counts them (JSON keys are text).
        "outcomes": {str(i): outcome for i, outcome in selectors.item_outcomes(log).items()},
        "paused": program.status == Program.Status.PAUSED,
    }
    return render(
        request,
        "programs/session.html",
        {
            "program": program,
            "entry": entry,
            "state": state,
            "summary": selectors.one_day_progress(program, entry) if log else None,
            "item_count": len(entry["items"]),
            "next_day": following,
            "next_date": selectors.day_date(following) if following else None,
            "steps_html": _steps_html(entry),
            "pause_level": selectors.pause_level(program),
            "scale": range(11),
            "skip_reasons": ItemLog.SkipReason.choices,
            **extra,
        },
    )


def _form_data(request: HttpRequest) -> dict[str, object]:
    """The fields sent: a JSON object from the session player, else a plain form. Raises JsonBodyError."""
    if request.content_type == "application/json":
        data = request_json(request)
        if not isinstance(data, dict):
            raise JsonBodyError(_("The data sent must be a JSON object of fields."))
        return data
    return dict(request.POST.items())


def _errors(form: ItemLogForm | SessionPainForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def log_item(request: HttpRequest, week: int, day: int) -> HttpResponse:
    program = _program_or_404(request, with_plan=False)
    try:
        form = ItemLogForm(_form_data(request))
    except JsonBodyError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": _errors(form)}, status=400)
    try:
        log = services.item_log_record(
            program=program,
            week=week,
            day=day,
            index=form.cleaned_data["index"],
            outcome=form.cleaned_data["outcome"],
            client_id=form.cleaned_data["client_id"],
            effort=form.cleaned_data["effort"],
            skip_reason=form.cleaned_data["skip_reason"],
        )
    except services.ItemLogInvalid as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    except services.ProgramError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=409)
    session_log = log.session
    return JsonResponse(
        {"ok": True, "position": session_log.position, "completed": session_log.completed_at is not None}
    )


@login_required
@require_POST
def log_pain(request: HttpRequest, week: int, day: int) -> HttpResponse:
    program = _program_or_404(request, with_plan=False)
    try:
        form = SessionPainForm(_form_data(request))  # only a JSON body can be refused here
    except JsonBodyError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    wants_json = request.content_type == "application/json"
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"ok": False, "error": _errors(form)}, status=400)
        messages.error(request, _errors(form))
        return redirect("programs:session", week=week, day=day)
    try:
        services.session_pain_record(
            program=program,
            week=week,
            day=day,
            before=form.cleaned_data["before"],
            after=form.cleaned_data["after"],
        )
    except services.ProgramError as exc:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return redirect("programs:session", week=week, day=day)
    if wants_json:
        return JsonResponse({"ok": True})
    messages.success(request, _("Saved. Thank you."))
    return redirect("programs:session", week=week, day=day)


@login_required
def swap(request: HttpRequest, week: int, day: int, index: int) -> HttpResponse:
    program = _program_or_404(request)
    entry = _day_or_404(program, week, day)
    if not 0 <= index < len(entry["items"]):
        raise Http404(_("That item is not part of this day."))
    item = entry["items"][index]
    alternatives = swaps.alternatives(program, item, week=week)
    choices = [(ex.slug, ex.name) for ex in alternatives]
    form = SwapForm(request.POST or None, alternatives=choices)
    if request.method == "POST" and form.is_valid():
        try:
            change = swaps.program_swap(
                program=program, week=week, day=day, index=index, replacement=form.cleaned_data["replacement"]
            )
        except swaps.SwapError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, change.changes[0]["what"])
        return redirect("programs:day", week=week, day=day)
    return render(
        request,
        "programs/swap.html",
        {
            "program": program,
            "entry": entry,
            "item": item,
            "index": index,
            "form": form,
            "alternatives": [exercises.detail(ex.slug) for ex in alternatives],
        },
    )


@login_required
@require_GET
def print_view(request: HttpRequest) -> HttpResponse:
    """The compact printable plan: a page per week, its days to tick and small pictures of its exercises."""
    program = _program_or_404(request)
    plan = program.plan["program"]
    weeks = []
    for number in range(1, plan["weeks"] + 1):
        days = [d for d in plan["days"] if d["week"] == number]
        slugs = dict.fromkeys(item["exercise"] for d in days for item in d["items"])
        weeks.append(
            {
                "number": number,
                "phase": next((p["name"] for p in plan["phases"] if number in p["weeks"]), ""),
                "days": days,
                "exercises": [e for e in (exercises.detail(slug) for slug in slugs) if e and not e["lesson"]],
            }
        )
    return render(request, "programs/print_compact.html", {"program": program, "plan": plan, "weeks": weeks})


@login_required
@require_GET
def print_full(request: HttpRequest) -> HttpResponse:
    """The full printable plan: every day by phase, then how to do each exercise, step by step."""
    program = _program_or_404(request)
    plan = program.plan["program"]
    library = sorted({item["exercise"] for d in plan["days"] for item in d["items"]})
    return render(
        request,
        "programs/print.html",
        {
            "program": program,
            "plan": plan,
            "library": [exercises.detail(slug) for slug in library],
        },
    )


@require_GET
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = exercises.detail(slug)
    if detail is None:
        raise Http404(_("There is no exercise of that name."))
    return render(request, "programs/exercise.html", {"exercise": detail})


@lru_cache(maxsize=512)
def _picture(slug: str, animated: bool) -> str | None:
    return exercises.picture_svg(slug, animated=animated)


@require_GET
def exercise_picture(request: HttpRequest, slug: str) -> HttpResponse:
    svg = _picture(slug, request.GET.get("animated") == "1")
    if svg is None:
        raise Http404(_("There is no picture of that exercise."))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # The pictures change only with the knowledge base, which changes only with a release.
    response["Cache-Control"] = "public, max-age=86400"
    response["ETag"] = f'"{load_knowledge().version}-{slug}"'
    return response
