"""The person's profile: their name and account facts, as on the settings page."""

import datetime
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from backwell.web.accounts import services
from backwell.web.accounts.models import User
from backwell.web.tracking import selectors as tracking_selectors
from backwell.web.tracking import services as tracking_services
from backwell.web.tracking.models import CalendarFeed

from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import NoNullCharacters, WholeNumber

router = Router(tags=["profile"])
# Hours and minutes on the person's own clock, as the reminders form takes them ("18:00"). Not
# JSON Schema's "time", which requires a UTC offset the calendar feed does not use.
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
DisplayName = Annotated[str, StringConstraints(max_length=80), NoNullCharacters]


class ProfileOut(Schema):
    email: str
    display_name: str
    date_joined: datetime.datetime
    is_clinician: bool


class ProfileIn(Schema):
    display_name: DisplayName = Field(description="How the site greets you; blank for none")


def _profile(user: User) -> ProfileOut:
    return ProfileOut(
        email=user.email,
        display_name=user.display_name,
        date_joined=user.date_joined,
        is_clinician=user.is_clinician,
    )


@router.get("", response={200: ProfileOut, **refusals(401, 403)}, auth=PERSON_READ)
def profile_get(request: HttpRequest) -> ProfileOut:
    """Who is signed in."""
    return _profile(person(request))


@router.patch("", response={200: ProfileOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def profile_update(request: HttpRequest, payload: ProfileIn) -> ProfileOut:
    """Change the name the site greets you by (blank for none)."""
    user = services.user_profile_update(user=person(request), display_name=payload.display_name)
    return _profile(user)


class RemindersOut(Schema):
    calendar_url: str | None = Field(description="Your private calendar address; null until you make one")
    session_time: ClockTime | None
    reminder_minutes: int | None


class RemindersIn(Schema):
    session_time: ClockTime
    reminder_minutes: WholeNumber = Field(
        description=f"One of {', '.join(map(str, CalendarFeed.Reminder.values))}"
    )


def _reminders(request: HttpRequest, feed: CalendarFeed | None) -> RemindersOut:
    if feed is None:
        return RemindersOut(calendar_url=None, session_time=None, reminder_minutes=None)
    path = reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    return RemindersOut(
        calendar_url=request.build_absolute_uri(path),
        session_time=feed.session_time.strftime("%H:%M"),
        reminder_minutes=feed.reminder_minutes,
    )


@router.get("/reminders", response={200: RemindersOut, **refusals(401, 403)}, auth=PERSON_READ)
def reminders_get(request: HttpRequest) -> RemindersOut:
    """Your calendar feed of sessions: its private address, the time of day and the reminder."""
    return _reminders(request, tracking_selectors.calendar_feed(user=person(request)))


@router.put("/reminders", response={200: RemindersOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def reminders_set(request: HttpRequest, payload: RemindersIn) -> RemindersOut:
    """Make the calendar feed (if there is none) and set when sessions appear and the reminder."""
    try:
        feed = tracking_services.calendar_feed_settings_update(
            user=person(request),
            session_time=datetime.time.fromisoformat(payload.session_time),
            reminder_minutes=payload.reminder_minutes,
        )
    except tracking_services.CheckInError as exc:
        raise ApiProblem(422, str(exc), field="reminder_minutes") from exc
    return _reminders(request, feed)


@router.post("/reminders/new-address", response={200: RemindersOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def reminders_new_address(request: HttpRequest) -> RemindersOut:
    """Replace the calendar's private address: the old one stops working at once."""
    return _reminders(request, tracking_services.calendar_feed_revoke(user=person(request)))
