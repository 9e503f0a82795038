"""The wizard's forms: each turns valid answers into its part of the engine input document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backwell.engine import ids
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.core.choices import ANSWER_YES_OR_NO, yes_no_field

from .self_tests import SELF_TESTS

CHOOSE_ONE = _("Please choose one.")


def _yes_no(label: Any, *, help_text: Any = "", required: bool = True) -> forms.ChoiceField:
    return yes_no_field(label, help_text=help_text, required=required)


def _as_yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _whole_number(
    label: Any, low: int, high: int, *, required: bool = True, help_text: Any = "", unit: Any = ""
) -> forms.IntegerField:
    message = _("Please give a whole number from %(low)s to %(high)s%(unit)s.") % {
        "low": low,
        "high": high,
        "unit": f" {unit}" if unit else "",
    }
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": low, "max": high}),
    )


def _choice(
    label: Any, choices: Any, *, required: bool = True, widget: Any = forms.RadioSelect
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        required=required,
        error_messages={
            "required": CHOOSE_ONE,
            "invalid_choice": _("Please choose one of the options shown."),
        },
    )


def _several(label: Any, choices: Any, *, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please tick only the options shown.")},
    )


class WizardForm(forms.Form):
    """A step of the wizard: `sections()` is what it writes into the answers document."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Questions end in their own punctuation, and instrument items keep their published wording.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def sections(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {}


# --- 1. Safety ---------------------------------------------------------------------------------


class SafetyForm(WizardForm):
    age = _whole_number(
        _("How old are you?"),
        16,
        110,
        unit=_("years"),
        help_text=_("backwell is for adults. Some warning signs matter more with age."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        for flag in ids.RED_FLAGS:
            self.fields[f"flag_{flag}"] = _yes_no(kb.red_flags[flag].question)

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[f"flag_{flag}"] for flag in ids.RED_FLAGS]

    def red_flags(self) -> list[str]:
        return [flag for flag in ids.RED_FLAGS if self.cleaned_data[f"flag_{flag}"] == "yes"]

    def sections(self) -> dict[str, Any]:
        return {"red_flags": self.red_flags(), "profile.age": self.cleaned_data["age"]}

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        if "red_flags" not in answers:
            return {"age": answers.get("profile", {}).get("age")}
        initial: dict[str, Any] = {
            f"flag_{flag}": _as_yes_no(flag in answers["red_flags"]) for flag in ids.RED_FLAGS
        }
        initial["age"] = answers.get("profile", {}).get("age")
        return initial


class ClearanceForm(forms.Form):
    cleared = forms.BooleanField(
        label=_(
            "A doctor or other clinician has checked me since these signs began and told me it is safe to start exercising."
        ),
        error_messages={"required": _("Please tick the box only once a clinician has checked you.")},
    )


# --- 2. About you ------------------------------------------------------------------------------

SEX_CHOICES = (
    ("female", _("Female")),
    ("male", _("Male")),
    ("other", _("Another way")),
    ("unsaid", _("I would rather not say")),
)
ACTIVITY_CHOICES = (
    ("low", _("Low: mostly sitting, little exercise")),
    ("moderate", _("Moderate: on my feet a fair bit, or exercise once or twice a week")),
    ("high", _("High: active work, or exercise three or more times a week")),
)


class AboutForm(WizardForm):
    age = _whole_number(_("Age"), 16, 110, unit=_("years"))
    sex = _choice(_("Sex"), SEX_CHOICES)
    pregnant = _yes_no(
        _("Are you pregnant?"),
        required=False,
        help_text=_("Some exercises and inversion are not safe in pregnancy."),
    )
    pregnancy_weeks = _whole_number(
        _("How many weeks pregnant are you?"),
        1,
        42,
        required=False,
        unit=_("weeks"),
        help_text=_(
            "From about 20 weeks, lying flat on your back can make you feel faint, so the program then "
            "leaves it out. If you are not sure, leave this empty and we will leave it out anyway."
        ),
    )
    activity_level = _choice(_("How active are you on a usual week?"), ACTIVITY_CHOICES)
    minutes_per_day = _whole_number(
        _("Minutes a day you can give"),
        5,
        120,
        unit=_("minutes"),
        help_text=_("Even 10 minutes a day helps."),
    )
    days_per_week = _whole_number(_("Days a week"), 1, 7, unit=_("days"))
    wants_inversion = _yes_no(
        _("Would you like inversion therapy (hanging upside down on an inversion table) in your program?"),
        help_text=_(
            "Honest note: guidelines do not recommend traction for back pain, and inversion is a form of "
            "traction. Any relief tends to be short-lived. It raises blood and eye pressure, so it is only "
            "offered if you own a table and none of your health conditions rule it out, starting gently."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        self.fields["conditions"] = _several(
            _("Do any of these apply to you?"),
            [(c, kb.conditions[c].name) for c in ids.CONDITIONS],
            help_text=_("Tick any that apply, so the program leaves out what is not safe for you."),
        )
        self.fields["equipment"] = _several(
            _("What do you have at home?"),
            [(e, kb.equipment[e].name) for e in ids.EQUIPMENT],
            help_text=_("Everything works without equipment too: the floor is enough."),
        )
        self.order_fields(
            [
                "age",
                "sex",
                "pregnant",
                "pregnancy_weeks",
                "conditions",
                "activity_level",
                "equipment",
                "minutes_per_day",
                "days_per_week",
                "wants_inversion",
            ]
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sex") != "male" and not cleaned.get("pregnant") and "pregnant" not in self.errors:
            self.add_error("pregnant", ANSWER_YES_OR_NO)
        return cleaned

    def sections(self) -> dict[str, Any]:
        data = self.cleaned_data
        sex = data["sex"]
        pregnant = sex != "male" and data.get("pregnant") == "yes"
        return {
            "profile": {
                "age": data["age"],
                "sex": None if sex == "unsaid" else sex,
                "pregnant": pregnant,
                **(
                    {"pregnancy_weeks": data["pregnancy_weeks"]}
                    if pregnant and data.get("pregnancy_weeks")
                    else {}
                ),
                "activity_level": data["activity_level"],
                "equipment": list(data["equipment"]),
                "conditions": list(data["conditions"]),
                "minutes_per_day": data["minutes_per_day"],
                "days_per_week": data["days_per_week"],
                "wants_inversion": data["wants_inversion"] == "yes",
            }
        }

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        profile = dict(answers.get("profile", {}))
        if "minutes_per_day" not in profile:  # only the age from the safety step so far
            return {"age": profile.get("age")}
        profile["sex"] = profile.get("sex") or "unsaid"
        profile["pregnant"] = _as_yes_no(profile.get("pregnant"))
        profile["wants_inversion"] = _as_yes_no(profile.get("wants_inversion"))
        return profile


# --- 3. Your pain ------------------------------------------------------------------------------

DURATION_UNITS = (("days", _("days")), ("weeks", _("weeks")), ("months", _("months")), ("years", _("years")))
WEEKS_PER_UNIT = {"days": 1 / 7, "weeks": 1.0, "months": 52 / 12, "years": 52.0}
LEG_CHOICES = (
    ("none", _("No, it stays in my back or buttocks")),
    ("above_knee", _("Yes, down the leg but not below the knee")),
    ("below_knee", _("Yes, below the knee")),
)
WORSE_WITH_LABELS = {
    "sitting": _("Sitting"),
    "bending_forward": _("Bending forward"),
    "lifting": _("Lifting"),
    "standing": _("Standing for a while"),
    "walking": _("Walking"),
    "arching_back": _("Arching backwards"),
    "lying_down": _("Lying down"),
    "twisting": _("Twisting"),
    "coughing": _("Coughing or sneezing"),
}


class PainForm(WizardForm):
    nrs = _choice(
        _("How bad is your back pain right now?"),
        [(str(n), str(n)) for n in range(11)],
    )
    duration_amount = forms.DecimalField(
        label=_("How long have you had this pain?"),
        min_value=0,
        max_value=5200,
        max_digits=7,
        decimal_places=1,
        error_messages={
            "required": _("Please say roughly how long, for example 3 weeks."),
            "invalid": _("Please give a number, for example 3."),
            "min_value": _("Please give a number of 0 or more."),
            "max_value": _("That is longer than backwell can record: please give at most 100 years."),
            "max_digits": _("Please give a shorter number, for example 3."),
            "max_decimal_places": _("Please use at most one decimal place, for example 2.5."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.5"}),
    )
    # Starts on an empty choice: a unit nobody picked would turn "3" into 3 weeks unnoticed.
    duration_unit = _choice(_("Unit"), [("", _("Choose a unit")), *DURATION_UNITS], widget=forms.Select)
    leg_symptoms = _choice(_("Does the pain spread into a leg?"), LEG_CHOICES)
    pins_and_needles = _yes_no(_("Do you have pins and needles or numbness in a leg or foot?"))
    worse_with = _several(
        _("What makes it worse?"), list(WORSE_WITH_LABELS.items()), help_text=_("Tick all that apply.")
    )
    flare = _yes_no(_("Are you in a flare-up right now, much worse than usual?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        self.fields["regions"] = _several(
            _("Where do you feel it?"),
            [(r, kb.regions[r].name) for r in ids.REGIONS],
            help_text=_("Tick every place it hurts, on the front and the back."),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        amount, unit = cleaned.get("duration_amount"), cleaned.get("duration_unit")
        if amount is not None and unit and float(amount) * WEEKS_PER_UNIT[unit] > 5200:
            self.add_error(
                "duration_amount",
                _("That is longer than backwell can record: please give at most 100 years."),
            )
        return cleaned

    def regions_by_view(self) -> dict[str, list[Any]]:
        kb = load_knowledge()
        views: dict[str, list[Any]] = {"front": [], "back": []}
        for option in self["regions"]:
            views[kb.regions[option.data["value"]].view].append(option)
        return views

    def sections(self) -> dict[str, Any]:
        data = self.cleaned_data
        weeks = round(float(data["duration_amount"]) * WEEKS_PER_UNIT[data["duration_unit"]], 1)
        return {
            "pain": {
                "nrs": int(data["nrs"]),
                "duration_weeks": int(weeks) if weeks == int(weeks) else weeks,
                "regions": list(data["regions"]),
                "leg_symptoms": data["leg_symptoms"],
                "pins_and_needles": data["pins_and_needles"] == "yes",
                "worse_with": list(data["worse_with"]),
                "flare": data["flare"] == "yes",
            }
        }

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        pain = answers.get("pain")
        if not pain:
            return {}
        return {
            "nrs": str(pain["nrs"]),
            "duration_amount": pain["duration_weeks"],
            "duration_unit": "weeks",
            "regions": pain.get("regions", []),
            "leg_symptoms": pain.get("leg_symptoms"),
            "pins_and_needles": _as_yes_no(pain.get("pins_and_needles")),
            "worse_with": pain.get("worse_with", []),
            "flare": _as_yes_no(pain.get("flare")),
        }


def _scale_label(published: str) -> str:
    """A scale point shows its number; an anchor's words ("0 No pain") stay for screen readers."""
    number, _space, words = published.partition(" ")
    if not words:
        return published
    return format_html('{}<span class="visually-hidden"> {}</span>', number, words)


# --- 4. Questionnaires -------------------------------------------------------------------------

BOTHER_VALUES = ("not_at_all", "slightly", "moderately", "very_much", "extremely")
PSFS_ROWS = 5


class QuestionnairesForm(WizardForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        self.start_back_enabled = bool(settings.STARTBACK_ENABLED)
        self.instruments = kb.instruments
        if self.start_back_enabled:
            start_back = kb.instruments["start_back"]
            for n, item in enumerate(start_back.items[:8], start=1):
                self.fields[f"sb_{n}"] = _choice(
                    item.text, [("agree", item.options[1]), ("disagree", item.options[0])]
                )
            last = start_back.items[8]
            self.fields["sb_9"] = _choice(last.text, list(zip(BOTHER_VALUES, last.options, strict=True)))
        for n, item in enumerate(kb.instruments["rmdq"].items, start=1):
            self.fields[f"rmdq_{n}"] = forms.BooleanField(label=item.text, required=False)
        for n in range(1, PSFS_ROWS + 1):
            self.fields[f"psfs_activity_{n}"] = forms.CharField(
                # One activity is needed to follow the person's own progress; the label says so.
                label=(_("Activity 1 (required)") if n == 1 else _("Activity %(n)s (optional)") % {"n": n}),
                max_length=200,
                required=False,
                error_messages={"max_length": _("Please describe the activity in at most 200 characters.")},
            )
            self.fields[f"psfs_score_{n}"] = _whole_number(
                _("How well can you do it today? (0 to 10)"), 0, 10, required=False
            )
        self.peg_anchors: list[tuple[str, str]] = []
        for n, item in enumerate(kb.instruments["peg"].items, start=1):
            self.fields[f"peg_{n}"] = _choice(
                item.text, [(str(v), _scale_label(label)) for v, label in enumerate(item.options)]
            )
            self.peg_anchors.append((item.options[0], item.options[-1]))

    def start_back_fields(self) -> list[forms.BoundField]:
        return [self[f"sb_{n}"] for n in range(1, 10)] if self.start_back_enabled else []

    def rmdq_fields(self) -> list[forms.BoundField]:
        return [self[f"rmdq_{n}"] for n in range(1, 25)]

    def psfs_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"psfs_activity_{n}"], self[f"psfs_score_{n}"]) for n in range(1, PSFS_ROWS + 1)]

    def peg_items(self) -> list[tuple[forms.BoundField, tuple[str, str]]]:
        return [(self[f"peg_{n}"], self.peg_anchors[n - 1]) for n in range(1, 4)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        named = 0
        for n in range(1, PSFS_ROWS + 1):
            activity = (cleaned.get(f"psfs_activity_{n}") or "").strip()
            score = cleaned.get(f"psfs_score_{n}")
            if activity and score is None and f"psfs_score_{n}" not in self.errors:
                self.add_error(f"psfs_score_{n}", _("Please rate this activity from 0 to 10."))
            if not activity and score is not None:
                self.add_error(f"psfs_activity_{n}", _("Please name the activity you rated."))
            named += bool(activity)
        if named == 0 and not any(k.startswith("psfs_") for k in self.errors):
            self.add_error(
                "psfs_activity_1",
                _(
                    "Please name at least one activity your back makes hard, and rate it from 0 to 10. "
                    "It is how your program follows what matters to you."
                ),
            )
        return cleaned

    def sections(self) -> dict[str, Any]:
        data = self.cleaned_data
        questionnaires: dict[str, Any] = {}
        if self.start_back_enabled:
            questionnaires["start_back"] = {
                "answers": [data[f"sb_{n}"] == "agree" for n in range(1, 9)],
                "bothersomeness": data["sb_9"],
            }
        questionnaires["rmdq"] = [bool(data[f"rmdq_{n}"]) for n in range(1, 25)]
        questionnaires["psfs"] = [
            {"activity": data[f"psfs_activity_{n}"].strip(), "score": data[f"psfs_score_{n}"]}
            for n in range(1, PSFS_ROWS + 1)
            if (data.get(f"psfs_activity_{n}") or "").strip()
        ]
        questionnaires["peg"] = [int(data[f"peg_{n}"]) for n in range(1, 4)]
        return {"questionnaires": questionnaires}

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        q = answers.get("questionnaires")
        if not q:
            return {}
        initial: dict[str, Any] = {}
        if "start_back" in q:
            for n, agreed in enumerate(q["start_back"]["answers"], start=1):
                initial[f"sb_{n}"] = "agree" if agreed else "disagree"
            initial["sb_9"] = q["start_back"]["bothersomeness"]
        for n, ticked in enumerate(q.get("rmdq", []), start=1):
            initial[f"rmdq_{n}"] = ticked
        for n, row in enumerate(q.get("psfs", []), start=1):
            initial[f"psfs_activity_{n}"] = row["activity"]
            initial[f"psfs_score_{n}"] = row["score"]
        for n, value in enumerate(q.get("peg", []), start=1):
            initial[f"peg_{n}"] = str(value)
        return initial


# --- 5. Self-tests -----------------------------------------------------------------------------

NOT_DONE = ("", _("Not done"))
TEST_CHOICES: dict[str, tuple[tuple[str, Any], ...]] = {
    "thomas": (
        NOT_DONE,
        ("negative", _("Thigh rests on the table and the knee bends (usual)")),
        ("one_joint", _("Thigh stays up off the table")),
        ("two_joint", _("Knee straightens out")),
        ("both", _("Both: thigh stays up and knee straightens")),
    ),
    "ober": (NOT_DONE, ("negative", _("Knee drops below level (usual)")), ("positive", _("Knee stays up"))),
    "trendelenburg": (
        NOT_DONE,
        ("negative", _("Belt line stays level (usual)")),
        ("positive", _("The other side of the pelvis drops")),
    ),
    "wall_test": (
        NOT_DONE,
        ("no_gap", _("No room for my hand: flat")),
        ("normal", _("My hand fits snugly (usual)")),
        ("large_gap", _("A fist fits: deep curve")),
    ),
}
SIDE_LABEL = {"left": _("Left"), "right": _("Right")}


def _test_field(key: str) -> forms.Field:
    side = "left" if "_left" in key else "right" if "_right" in key else ""
    prefix = f"{SIDE_LABEL[side]}: " if side else ""
    if key.endswith("_s"):
        label = f"{prefix}{_('seconds held')}" if side else _("Seconds held")
        return _whole_number(label, 0, 1200, required=False, unit=_("seconds"))
    if key.endswith("_deg"):
        label = f"{prefix}{_('degrees short of straight')}" if side else _("Degrees short of straight")
        return _whole_number(label, 0, 90, required=False, unit=_("degrees"))
    stem = key.removesuffix("_left").removesuffix("_right")
    label = prefix.rstrip(": ") if side else _("Result")
    return _choice(label, TEST_CHOICES[stem], required=False, widget=forms.Select)


def stop_field(key: str) -> str:
    """The form field recording that a side of a test was stopped by nerve symptoms."""
    return f"{key}_nerve_stop"


def field_names(test: Any) -> list[str]:
    """A test's form fields in page order: each side's answer, then (if it can) its nerve stop."""
    return [name for key in test.keys for name in (key, *([stop_field(key)] if test.nerve_stop else []))]


class SelfTestsForm(WizardForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for test in SELF_TESTS:
            for key in test.keys:
                self.fields[key] = _test_field(key)
                if test.nerve_stop:
                    side = SIDE_LABEL["left" if "_left" in key else "right"]
                    self.fields[stop_field(key)] = forms.BooleanField(
                        label=_("%(side)s: I stopped because of tingling, numbness or pain down the leg")
                        % {"side": side},
                        required=False,
                    )

    def fields_of(self, keys: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[key] for key in keys]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for test in SELF_TESTS:
            for key in test.keys:
                if test.nerve_stop and cleaned.get(stop_field(key)) and cleaned.get(key) not in (None, ""):
                    self.add_error(
                        key,
                        _(
                            "You stopped this side because of nerve symptoms: leave the degrees empty, or untick it."
                        ),
                    )
        return cleaned

    def sections(self) -> dict[str, Any]:
        tests: dict[str, Any] = {}
        nerve_symptoms = False
        for test in SELF_TESTS:
            for key in test.keys:
                if test.nerve_stop and self.cleaned_data.get(stop_field(key)):
                    # No measurement for that side: a deficit from nerve tension is not a short muscle
                    # (ENGINE.md rule 11); the engine hears the tingling instead.
                    nerve_symptoms = True
                    continue
                value = self.cleaned_data.get(key)
                if value not in (None, ""):
                    tests[key] = value
        sections: dict[str, Any] = {"tests": tests}
        if nerve_symptoms:
            sections["pain.pins_and_needles"] = True
        return sections

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return dict(answers.get("tests", {}))
