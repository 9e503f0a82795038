"""Background task of the clinic app: emailing an invitation."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from . import codes
from .models import Invitation


@task()
def send_invitation(*, invitation_id: int) -> bool:
    """Mails the join link and code; an invitation used, withdrawn or expired since is not sent."""
    invitation = Invitation.objects.select_related("clinician").filter(pk=invitation_id).first()
    if invitation is None or not invitation.email or invitation.expires_at <= timezone.now():
        return False
    context = {
        "clinician": str(invitation.clinician),
        "code": codes.shown(invitation.code),
        "link": settings.SITE_URL + reverse("clinic:join_code", kwargs={"code": invitation.code}),
        "expires_at": invitation.expires_at,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("clinic/email/invitation_subject.txt", context).strip()
    body = render_to_string("clinic/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True
