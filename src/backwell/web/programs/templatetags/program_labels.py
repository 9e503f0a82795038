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


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
