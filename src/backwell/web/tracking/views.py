"""Tracking pages: progress, daily and weekly check-ins, the endurance re-test, and calendar reminders."""

from __future__ import annotations

import datetime
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backwell.web.accounts.models import User
from backwell.web.core.personal_cache import forget, personal_page, remembered
from backwell.web.programs import selectors as program_selectors
from backwell.web.programs.models import Program
from backwell.web.programs.selectors import active_program, current_week, program_days

from . import adaptation, calendar_feed, progress, selectors, services
from .forms import CalendarReminderForm, DailyCheckInForm, EnduranceTestForm, WeeklyCheckInForm
from .models import CalendarFeed, WeeklyCheckIn


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _saved(request: HttpRequest) -> str:
    """The confirmation for what was just saved; only known keys, so a crafted link shows nothing."""
    texts = {
        "daily": _("Thank you — today's pain is saved. Here is how it fits your trend."),
        "retest": _("Re-test saved. Your endurance plot now includes it."),
        "created": _("Your private calendar address is ready. Add it to your calendar app below."),
        "reminder": _("Saved. Your calendar app shows the new time and reminder at its next update."),
        "revoked": _(
            "The old calendar address no longer works. A new private address is below, if you want to subscribe "
            "again."
        ),
    }
    return texts.get(request.GET.get("saved", ""), "")


def _retest_url() -> str:
    """The assessment app's re-test when it has one; otherwise this app's own endurance re-test."""
    try:
        return reverse("assessment:retest")
    except NoReverseMatch:
        return reverse("tracking:retest")


@login_required
@require_GET
def progress_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    stamp = adaptation.stamp_after_due(user=user, today=today)

    def draw(extra: dict[str, object]) -> HttpResponse:
        program = selectors.stamped_program(stamp=stamp)
        body = progress_body(request, user=user, program=program, today=today, stamp=stamp)
        pause_level = program_selectors.pause_level(program) if program is not None else ""
        context = {
            "program": program,
            "body": body,
            "saved": _saved(request),
            "pause_level": pause_level,
            **extra,
        }
        return render(request, "tracking/progress.html", context)

    return personal_page(request, stamp=stamp.cache_stamp, render=draw)


# Names of this app's stored copies of a person's pages (see core.personal_cache).
PROGRESS_BODY = "progress-body"


def cached_pages_forget(user: User) -> None:
    """Deleting an account: its stored progress page and plots go too."""
    forget(user.pk, [reverse("tracking:progress"), PROGRESS_BODY])


def progress_body(
    request: HttpRequest,
    *,
    user: User,
    program: Program | None,
    today: datetime.date,
    stamp: selectors.PersonStamp,
) -> str:
    """The plots and summaries, redrawn only when something they show has changed.

    Stored apart from the page because the page right after a check-in (with its "saved" note) is
    drawn fresh, while its plots are the ones the next plain visit shows.
    """

    def draw() -> str:
        if program is not None:
            program.refresh_from_db(fields=["plan"])
        data = progress.build(user=user, program=program, today=today)
        return render_to_string(
            "tracking/_progress_body.html", {"progress": data, "retest_url": _retest_url()}, request=request
        )

    body = remembered(user.pk, PROGRESS_BODY, stamp.cache_stamp, draw)
    return mark_safe(body)  # our own template's output, stored as rendered


@login_required
@require_http_methods(["GET", "POST"])
def daily_checkin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    if request.method == "POST":
        form = DailyCheckInForm(request.POST)
        if form.is_valid():
            try:
                services.daily_checkin_record(
                    user=user, date=today, pain=form.cleaned_data["pain"], note=form.cleaned_data["note"]
                )
            except services.CheckInError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("tracking:progress") + "?saved=daily#pain")
        status = 400
    # Read after a failed post too, so the page shows the person's days beside the message.
    recent = selectors.recent_daily_checkins(user=user, today=today)
    todays = next((c for c in recent if c.date == today), None)
    if request.method != "POST":
        initial = {"pain": str(todays.pain), "note": todays.note} if todays else {}
        form = DailyCheckInForm(initial=initial)
        status = 200
    return render(
        request,
        "tracking/daily_checkin.html",
        {"form": form, "today": today, "todays": todays, "recent": recent},
        status=status,
    )


def _program_or_none(request: HttpRequest) -> Program | None:
    return active_program(user=_user(request))


@login_required
@require_http_methods(["GET", "POST"])
def weekly_checkin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    program = _program_or_none(request)
    if program is None:
        return render(request, "tracking/no_program.html", status=200)
    today = timezone.localdate()
    week = current_week(program, today=today)
    activities = [a["activity"] for a in (program.inputs.get("questionnaires") or {}).get("psfs") or []]
    existing = selectors.weekly_checkin_for(program=program, week=week)
    if request.method == "POST":
        form = WeeklyCheckInForm(request.POST, activities=activities)
        if form.is_valid():
            try:
                _checkin, outcome = services.weekly_checkin_record(
                    user=user,
                    program=program,
                    week=week,
                    date=today,
                    pain=form.cleaned_data["pain"],
                    rmdq_answers=form.rmdq_answers(),
                    psfs_scores=form.psfs_scores(),
                    red_flags=form.red_flags(),
                )
            except services.CheckInError as exc:
                form.add_error(None, str(exc))
            else:
                return render(
                    request,
                    "tracking/weekly_done.html",
                    {"outcome": outcome, "week": week, "program": program},
                )
        status = 400
    else:
        form = WeeklyCheckInForm(initial=_weekly_initial(existing), activities=activities)
        status = 200
    return render(
        request,
        "tracking/weekly_checkin.html",
        {"form": form, "week": week, "existing": existing, "program": program},
        status=status,
    )


def _weekly_initial(existing: WeeklyCheckIn | None) -> dict[str, object]:
    if existing is None:
        return {}
    initial: dict[str, object] = {"pain": str(existing.pain)}
    for number, answer in enumerate(existing.rmdq_answers, start=1):
        initial[f"rmdq_{number}"] = bool(answer)
    for number, entry in enumerate(existing.psfs, start=1):
        initial[f"psfs_{number}"] = str(int(entry["score"]))
    # The safety questions are asked afresh every time, never pre-filled.
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def retest(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = EnduranceTestForm(request.POST)
        if form.is_valid():
            try:
                services.endurance_test_record(
                    user=user,
                    date=timezone.localdate(),
                    seconds={k: form.cleaned_data.get(k) for k in selectors.ENDURANCE_KEYS},
                )
            except services.CheckInError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("tracking:progress") + "?saved=retest#endurance")
        status = 400
    else:
        form = EnduranceTestForm()
        status = 200
    return render(request, "tracking/retest.html", {"form": form}, status=status)


def _feed_url(request: HttpRequest, feed_id: int, token: str) -> str:
    return request.build_absolute_uri(
        reverse("tracking:calendar", kwargs={"feed_id": feed_id, "token": token})
    )


@login_required
@require_GET
def reminders(request: HttpRequest) -> HttpResponse:
    feed = selectors.calendar_feed(user=_user(request))
    form = CalendarReminderForm(
        initial={"session_time": feed.session_time, "reminder_minutes": feed.reminder_minutes}
        if feed
        else None
    )
    return _reminders_page(request, feed=feed, form=form)


def _reminders_page(
    request: HttpRequest, *, feed: CalendarFeed | None, form: CalendarReminderForm, status: int = 200
) -> HttpResponse:
    url = _feed_url(request, feed.pk, feed.token) if feed else ""
    webcal = url.replace("https://", "webcal://").replace("http://", "webcal://") if url else ""
    return render(
        request,
        "tracking/reminders.html",
        {"feed": feed, "feed_url": url, "webcal_url": webcal, "saved": _saved(request), "form": form},
        status=status,
    )


@login_required
@require_POST
def reminders_create(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_create(user=_user(request))
    return redirect(reverse("tracking:reminders") + "?saved=created")


@login_required
@require_POST
def reminders_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    feed = selectors.calendar_feed(user=user)
    if feed is None:
        return redirect("tracking:reminders")
    form = CalendarReminderForm(request.POST)
    if form.is_valid():
        services.calendar_feed_settings_update(
            user=user,
            session_time=form.cleaned_data["session_time"],
            reminder_minutes=form.cleaned_data["reminder_minutes"],
        )
        return redirect(reverse("tracking:reminders") + "?saved=reminder")
    return _reminders_page(request, feed=feed, form=form, status=400)


@login_required
@require_POST
def reminders_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(user=_user(request))
    return redirect(reverse("tracking:reminders") + "?saved=revoked")


@never_cache
@require_GET
def calendar(request: HttpRequest, feed_id: int, token: str) -> HttpResponse:
    """The private ICS feed: anyone holding the address may read it, so the token is its only key."""
    feed = selectors.calendar_feed_by_id(feed_id=feed_id)
    if feed is None or not secrets.compare_digest(feed.token.encode(), token.encode()):
        raise Http404(_("There is no calendar at this address. It may have been replaced with a new one."))
    program = active_program(user=feed.user)
    days = program_days(program) if program is not None and program.status == Program.Status.ACTIVE else []
    # UIDs name the site, not whichever host name the calendar app used, so they never change.
    host = urlsplit(settings.SITE_URL).hostname or "backwell"

    def session_url(week: int, day: int) -> str:
        return settings.SITE_URL + reverse("programs:session", kwargs={"week": week, "day": day})

    text = calendar_feed.program_calendar(
        program_id=program.pk if program else 0,
        days=days,
        stamp=program.created_at if program else timezone.now(),
        session_url=session_url,
        host=host,
        session_time=feed.session_time,
        reminder_minutes=feed.reminder_minutes,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="backwell.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
