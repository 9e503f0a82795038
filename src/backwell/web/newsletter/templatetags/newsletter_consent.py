"""The consent wording as a template tag, so every sign-up box shows exactly what is recorded."""

from django import template

from ..consent import CONSENT_WORDING

register = template.Library()


@register.simple_tag
def consent_wording() -> str:
    return str(CONSENT_WORDING)
