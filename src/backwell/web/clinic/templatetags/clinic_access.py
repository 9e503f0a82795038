"""{% clinic_access_log %}: the signed-in person's access log, for the privacy page (accounts' template)."""

from __future__ import annotations

from typing import Any

from django import template

from backwell.web.clinic.selectors import access_log_of

register = template.Library()


@register.inclusion_tag("clinic/_access_log.html", takes_context=True)
def clinic_access_log(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    return {"log": access_log_of(person=user, limit=100) if user.is_authenticated else []}
