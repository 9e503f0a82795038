"""Answer choices shared by every form that asks the same kind of question, so they read the same way.

A warning-sign question asked at the assessment and again at every weekly check-in must look the
same both times: the same order of answers, the same words. Nothing here pre-selects an answer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# "Yes" first, everywhere: the order people read in a spoken question ("yes or no?").
YES_NO = (("yes", _("Yes")), ("no", _("No")))
ANSWER_YES_OR_NO = _("Please answer yes or no.")


def yes_no_field(
    label: Any, *, help_text: Any = "", required: bool = True, message: Any = ANSWER_YES_OR_NO
) -> forms.ChoiceField:
    """Two radio buttons, Yes then No, neither chosen until the person chooses."""
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )
