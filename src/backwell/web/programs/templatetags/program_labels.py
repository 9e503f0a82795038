"""Plain labels for the engine's item kinds in program templates."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

KIND_LABELS = {
    "stretch": _("stretch"),
    "strength": _("strength"),
    "mobility": _("mobility"),
    "trigger_point": _("trigger-point release"),
    "inversion": _("inversion"),
    "education": _("lesson"),
    "aerobic": _("walking"),
    "relaxation": _("relaxation"),
}


# Where an item is done (engine 1.1 `position`), as a person says it.
POSITION_LABELS = {
    "lying_back": _("lying on your back"),
    "lying_front": _("lying face down"),
    "lying_side": _("lying on your side"),
    "hands_knees": _("on hands and knees"),
    "kneeling": _("kneeling"),
    "sitting": _("sitting"),
    "standing": _("standing"),
    "walking": _("walking"),
    "inverted": _("tilted back on the inversion table"),
}


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def position_label(position: str | None) -> str:
    """The item's position in words; empty for a program planned before engine 1.1 named positions."""
    return str(POSITION_LABELS.get(position or "", ""))


def _duration(seconds: int) -> str:
    """Holds of a minute or more read in minutes ("5 min"), shorter ones in seconds ("30 s")."""
    if seconds >= 60:
        return _("%(n)s min") % {"n": f"{seconds / 60:g}"}
    return _("%(n)s s") % {"n": seconds}


@register.filter
def dose_label(item: dict) -> str:
    """How much of an item to do, as a person says it: "2 × 10 reps", "3 × 30 s", "10 min walk",
    "3 × 6 reps, hold each 8 s" where each rep is held (the bird dog: without the hold it is another
    exercise) and "2 × 30 s each side" for a one-sided exercise done on both sides."""
    dose = item.get("dose") or {}
    sets, reps, hold = dose.get("sets"), dose.get("reps"), dose.get("hold_s")
    if item.get("kind") == "aerobic" and hold and (sets or 1) == 1:
        return str(_("%(duration)s walk") % {"duration": _duration(hold)})
    if not sets:
        return ""
    if reps:
        amount = _("%(n)s reps") % {"n": reps}
    elif hold:
        amount = _duration(hold)
    else:
        return ""
    if item.get("side") == "both":
        # A one-sided exercise done on both sides: the dose is for each (the planner times both).
        amount = _("%(amount)s each side") % {"amount": amount}
    if reps and hold:
        amount = _("%(amount)s, hold each %(duration)s") % {"amount": amount, "duration": _duration(hold)}
    return f"{sets} × {amount}" if sets > 1 else str(amount)
