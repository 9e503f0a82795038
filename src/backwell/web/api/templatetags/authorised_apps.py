"""`{% authorised_apps %}`: the settings page's list of apps with access, each with a revoke button."""

from __future__ import annotations

from typing import Any

from django import template

from backwell.web.accounts.models import User

from ..authorised_apps import authorised_apps as apps_of

register = template.Library()


@register.inclusion_tag("api/_authorised_apps.html", takes_context=True)
def authorised_apps(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    apps = apps_of(user=user) if isinstance(user, User) else []
    return {"apps": apps, "csrf_token": context.get("csrf_token")}
