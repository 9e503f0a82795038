"""Forms of the tracking pages: daily pain, the weekly check-in, the endurance re-test, calendar reminders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backwell.engine.knowledge import load as load_knowledge
from backwell.web.core.choices import yes_no_field

from .models import CalendarFeed
from .selectors import ENDURANCE_KEYS

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
# A select starts on this empty choice: an untouched field must not record a score nobody gave.
UNRATED = ("", _("Choose 0–10"))
PAIN_ERRORS = {
    "required": _("Choose a number from 0 (no pain) to 10 (the worst you can imagine)."),
    "invalid_choice": _("Choose a number from 0 (no pain) to 10 (the worst you can imagine)."),
}


class PainScale(forms.RadioSelect):
    """Eleven big buttons in a row: one tap with a thumb."""

    template_name = "tracking/widgets/pain_scale.html"


def pain_field(label: Any) -> forms.TypedChoiceField:
    # `label` is a lazy translation: stubs give its type no public name.
    return forms.TypedChoiceField(
        label=label, choices=PAIN_CHOICES, coerce=int, widget=PainScale, error_messages=PAIN_ERRORS
    )


class DailyCheckInForm(forms.Form):
    pain = pain_field(_("How bad is your back pain today?"))
    note = forms.CharField(
        label=_("Anything to remember about today? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a long drive, a good night's sleep, a new activity."),
        error_messages={"max_length": _("Keep the note under 1000 characters (it has %(show_value)d).")},
    )


class WeeklyCheckInForm(forms.Form):
    """Pain, the 24 Roland-Morris statements, the person's own activities and all 19 red-flag questions."""

    pain = pain_field(_("How bad is your back pain today?"))

    def __init__(self, *args: Any, activities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        self.rmdq_instructions = kb.instruments["rmdq"].instructions
        for number, item in enumerate(kb.instruments["rmdq"].items, start=1):
            self.fields[f"rmdq_{number}"] = forms.BooleanField(label=item.text, required=False)
        self.activities = activities
        for number, activity in enumerate(activities, start=1):
            self.fields[f"psfs_{number}"] = forms.TypedChoiceField(
                label=activity,
                choices=[UNRATED, *PAIN_CHOICES],
                coerce=int,
                empty_value=None,
                error_messages={
                    "required": _("Rate “%(activity)s” from 0 to 10.") % {"activity": activity},
                    "invalid_choice": _("Rate “%(activity)s” from 0 to 10.") % {"activity": activity},
                },
            )
        self.flag_ids: list[str] = []
        for flag in kb.red_flags.values():
            self.flag_ids.append(flag.id)
            self.fields[f"flag_{flag.id}"] = yes_no_field(
                flag.question, message=_("Answer this safety question with yes or no.")
            )

    def rmdq_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rmdq_")]

    def psfs_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("psfs_")]

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("flag_")]

    def rmdq_answers(self) -> list[bool]:
        return [bool(self.cleaned_data[f"rmdq_{n}"]) for n in range(1, 25)]

    def psfs_scores(self) -> list[int]:
        return [self.cleaned_data[f"psfs_{n}"] for n in range(1, len(self.activities) + 1)]

    def red_flags(self) -> list[str]:
        return [flag for flag in self.flag_ids if self.cleaned_data[f"flag_{flag}"] == "yes"]


ENDURANCE_LABELS = {
    "plank_s": _("Front plank"),
    "side_bridge_left_s": _("Side bridge, lying on your left side"),
    "side_bridge_right_s": _("Side bridge, lying on your right side"),
    "extensor_s": _("Back extensor hold (face down, upper body over the edge)"),
    "flexor_s": _("Trunk flexor hold (sitting back at 60°)"),
}


class EnduranceTestForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in ENDURANCE_KEYS:
            self.fields[key] = forms.IntegerField(
                label=ENDURANCE_LABELS[key],
                required=False,
                min_value=0,
                max_value=600,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                help_text=_(
                    "Seconds you held it, stopping when your form slipped. Leave blank if you skipped it."
                ),
                error_messages={
                    "invalid": _("Give the time in whole seconds, like 45."),
                    "min_value": _("The time cannot be negative."),
                    "max_value": _("Stop at 600 seconds (10 minutes): longer holds add nothing to the test."),
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.errors and all(data.get(k) is None for k in ENDURANCE_KEYS):
            raise forms.ValidationError(_("Time at least one of the holds, or come back when you can."))
        return data


class CalendarReminderForm(forms.Form):
    """When sessions appear in the person's calendar, and how long before them it reminds them."""

    session_time = forms.TimeField(
        label=_("Session time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Each session day appears at this time in your calendar."),
        error_messages={
            "required": _("Choose the time of day for your sessions, for example 18:00."),
            "invalid": _("Write the time as hours and minutes, for example 18:00."),
        },
    )
    reminder_minutes = forms.TypedChoiceField(
        label=_("Reminder"),
        choices=CalendarFeed.Reminder.choices,
        coerce=int,
        error_messages={
            "required": _("Choose one of the reminder times shown."),
            "invalid_choice": _("Choose one of the reminder times shown."),
        },
    )
