"""The documents a clinician takes away about a person, the PDF report and the FHIR export, and the
person's own plan as a PDF: built and logged here once, for the pages and the API alike.

Each clinician document is logged in the person's access log exactly as the page logs itself, with
the kinds it carries; the FHIR export exists only while the person shares a kind it carries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from backwell.web.accounts.models import User
from backwell.web.programs.models import Program

from . import fhir, person_page, report, selectors, services
from .models import ClinicianLink


def clinician_report_pdf(*, link: ClinicianLink, today: datetime.date) -> bytes:
    """The printable report of what the person shares with this clinician (and the shared notes)."""
    page = person_page.build(link=link, today=today)
    thread = selectors.thread_for_clinician(clinician=link.clinician, person_id=link.person_id)
    shared = [note for note in thread if note.visibility == note.Visibility.SHARED]
    body = report.clinician_report(page, shared_notes=shared)
    services.access_record(
        clinician=link.clinician, person_id=link.person_id, kinds=page.kinds, what=_("a PDF report about you")
    )
    return body


def fhir_export(*, link: ClinicianLink) -> dict[str, Any] | None:
    """The consented data as a FHIR R4 Bundle, or None when nothing shared is a kind FHIR carries."""
    kinds = link.shared_kinds
    if not fhir.exportable(kinds):
        return None
    document = fhir.bundle(person=link.person, kinds=kinds)
    services.access_record(
        clinician=link.clinician, person_id=link.person_id, kinds=kinds, what=_("a FHIR export")
    )
    return document


def own_plan_pdf(*, person: User) -> bytes | None:
    """The person's latest plan as a PDF (this week on, with pictures and steps), or None without one."""
    program = Program.objects.filter(user=person).order_by("-created_at").first()
    if program is None:
        return None
    return report.own_plan(program, name=str(person))
