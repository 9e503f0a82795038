"""Forms of the clinic app: invitations, codes, consent, notes, the worklist's filters and program overrides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.knowledge.model import Dose

from . import alerts, codes
from .models import AdaptationMode, DataKind, PendingAdaptation
from .services import MAX_NOTE_CHARS, MAX_REASON_CHARS, OverrideAction, override_dose


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        max_length=254,
        help_text=_("We email the person the join link and code. Or leave it empty and give them the code."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("Eight letters and digits, as your clinician gave them, e.g. ABCD-EF23."),
        error_messages={
            "max_length": _("That is not an invitation code: it has eight letters and digits."),
            "required": _("Enter the code: it has eight letters and digits."),
        },
    )

    def clean_code(self) -> str:
        code = codes.normalized(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("That is not an invitation code: it has eight letters and digits."))
        return code


class ConsentForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("What this clinician may see"),
        choices=DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one kind of data to share, or stop sharing with this clinician."),
            "invalid_choice": _("Choose only from the kinds of data listed."),
        },
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    shared = forms.BooleanField(
        label=_("Share this note with the person (they can read it and reply)"), required=False
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class WorklistFilterForm(forms.Form):
    alert = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everyone"))] + [(rule.code, rule.title) for rule in alerts.RULES],
    )
    q = forms.CharField(label=_("Search by name"), required=False, max_length=80)

    def values(self) -> dict[str, Any]:
        """The filters to apply: the valid ones, or none at all."""
        if self.is_valid():
            return {"alert": self.cleaned_data["alert"], "query": self.cleaned_data["q"]}
        return {"alert": "", "query": ""}


def _exercise_choices() -> list[tuple[str, Any]]:
    kb = load_knowledge()
    return [("", _("—"))] + sorted(
        ((ex.slug, ex.name) for ex in kb.exercises.values() if ex.kind != "education"), key=lambda c: c[1]
    )


class OverrideForm(forms.Form):
    """One change to an exercise of the program; `planned` limits "exercise" to what is in it now."""

    action = forms.ChoiceField(label=_("Change"), choices=OverrideAction.choices)
    exercise = forms.ChoiceField(label=_("Exercise in the program (or to add)"))
    to = forms.ChoiceField(label=_("Swap for"), required=False)
    sets = forms.IntegerField(label=_("Sets"), required=False, min_value=1, max_value=10)
    reps = forms.IntegerField(label=_("Repetitions per set"), required=False, min_value=1, max_value=100)
    hold_s = forms.IntegerField(label=_("Seconds per hold"), required=False, min_value=1, max_value=600)
    reason = forms.CharField(
        label=_("Why (the person reads this)"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    acknowledge = forms.BooleanField(
        label=_("I know the safety rules advise against this exercise for this person, and override them"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        library = _exercise_choices()
        for name in ("exercise", "to"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = library

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == OverrideAction.SWAP and not data.get("to"):
            self.add_error("to", _("Choose the exercise to swap it for."))
        if action == OverrideAction.DOSE and not (data.get("reps") or data.get("hold_s")):
            self.add_error("reps", _("Give the repetitions per set or the seconds per hold."))
        return data

    def dose(self) -> Dose | None:
        if self.cleaned_data.get("action") != OverrideAction.DOSE:
            return None
        return override_dose(
            exercise=self.cleaned_data["exercise"],
            sets=self.cleaned_data.get("sets"),
            reps=self.cleaned_data.get("reps"),
            hold_s=self.cleaned_data.get("hold_s"),
        )


class LockForm(forms.Form):
    exercise = forms.SlugField(max_length=80)
    locked = forms.BooleanField(required=False)


class AdaptationModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Weekly adaptations"), choices=AdaptationMode.choices, widget=forms.RadioSelect
    )


class DecisionForm(forms.Form):
    pending = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            (PendingAdaptation.Decision.APPROVED, _("Approve")),
            (PendingAdaptation.Decision.EDITED, _("Approve only the ticked changes")),
            (PendingAdaptation.Decision.REJECTED, _("Reject")),
        ]
    )
    keep = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Note to the person (needed to reject)"), required=False, max_length=500)

    def __init__(self, *args: Any, proposed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposed = list(proposed or [])
        keep = self.fields["keep"]
        assert isinstance(keep, forms.ChoiceField)
        keep.choices = [(slug, slug) for slug in self.proposed]

    def declined(self) -> list[str]:
        """The proposed changes the clinician unticked."""
        keep = set(self.cleaned_data.get("keep") or [])
        return [slug for slug in self.proposed if slug not in keep]
