"""Clinic pages. The clinician's: worklist, invitations, a person's page, notes, photos. The person's:
joining with a code, choosing what to share, stopping, replying to notes.

Thin: access is decided by selectors (`link_for`, `may_see`) on every request, writes by services.
A clinician asking for someone not linked to them (or no longer) gets the same 404 as for nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backwell.web.accounts.models import User
from backwell.web.core.personal_cache import personal_page
from backwell.web.photos.models import PosturePhoto

from . import alerts, codes, documents, person_page, selectors, services
from . import worklist as worklist_rows
from .forms import (
    AdaptationModeForm,
    CodeForm,
    ConsentForm,
    DecisionForm,
    InviteForm,
    LockForm,
    NoteForm,
    OverrideForm,
    ReplyForm,
    WorklistFilterForm,
)
from .models import ClinicianLink, DataKind
from .qr import qr_svg

logger = logging.getLogger(__name__)
PRIVATE_NO_STORE = "private, no-store"
WORKLIST_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def clinician_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in (else the login page) and a clinician (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.is_clinician(request.user):
            raise PermissionDenied("clinicians only")
        return view(request, *args, **kwargs)

    return wrapped


def _link_or_404(request: HttpRequest, person_id: int) -> ClinicianLink:
    link = selectors.link_for(clinician=_user(request), person_id=person_id)
    if link is None:
        raise Http404("no such person")
    return link


# --- The clinician's side ---------------------------------------------------------------------------


@clinician_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    clinician = _user(request)
    today = timezone.localdate()
    stamp = worklist_rows.stamp(clinician=clinician, now=timezone.now())

    def draw(extra: dict[str, object]) -> HttpResponse:
        # Logged whenever the page is drawn: a stored page is only served the same day, for the same
        # links (stamp[0], the clinician's links version), as the drawing that logged it.
        _record_worklist_view(clinician, links=stamp[0])
        rows = worklist_rows.cached(clinician=clinician, today=today, stamp=stamp)
        form = WorklistFilterForm(request.GET if request.GET else None)
        shown = worklist_rows.filtered(rows, **form.values())
        counts = {
            rule.code: sum(1 for r in rows if any(a.code == rule.code for a in r.alerts))
            for rule in alerts.RULES
        }
        # Fifty rows a page: drawing the rows is most of the page's cost, and the most in need come first.
        page = Paginator(shown, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
        kept = request.GET.copy()
        kept.pop("page", None)
        context = {
            "rows": page.object_list,
            "page_obj": page,
            "filters": kept.urlencode(),
            "total": len(rows),
            "form": form,
            "rules": [(rule, counts[rule.code]) for rule in alerts.RULES],
            "pending": selectors.pending_invitations(clinician=clinician),
            **extra,
        }
        status = 400 if form.is_bound and not form.is_valid() else 200
        return render(request, "clinic/worklist.html", context, status=status)

    # The plain worklist (no filter, first page) is stored whole; filtered views reuse the stored rows.
    response = personal_page(request, stamp=stamp, render=draw)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def _record_worklist_view(clinician: User, *, links: object) -> None:
    services.worklist_view_record(clinician=clinician, links=links)


def _join_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("clinic:join_code", kwargs={"code": code}))


@clinician_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    clinician = _user(request)
    invitation = None
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            invitation = services.invitation_create(clinician=clinician, email=form.cleaned_data["email"])
            form = InviteForm()
        status = 200 if invitation else 400
    else:
        form, status = InviteForm(), 200
    context: dict[str, Any] = {"form": form, "invitation": invitation}
    if invitation is not None:
        link = _join_url(request, invitation.code)
        context |= {
            "code": codes.shown(invitation.code),
            "join_url": link,
            "qr": qr_svg(link, title=_("QR code of the join link")),
        }
    return render(request, "clinic/invite.html", context, status=status)


@clinician_required
@require_GET
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _link_or_404(request, person_id)
    page = person_page.build(link=link, today=timezone.localdate())
    services.access_record(
        clinician=_user(request),
        person_id=person_id,
        kinds=page.kinds,
        what=_("your page on the clinician's side"),
    )
    thread = selectors.thread_for_clinician(clinician=_user(request), person_id=person_id)
    context = {"page": page, "thread": thread, "note_form": NoteForm(), "kinds": DataKind}
    context |= _program_forms(page)
    response = render(request, "clinic/person.html", context)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@clinician_required
@require_POST
def note_add(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _link_or_404(request, person_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(link=link, body=form.cleaned_data["body"], shared=form.cleaned_data["shared"])
        except services.ClinicError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Note saved."))
            return redirect(reverse("clinic:person", args=[person_id]) + "#notes")
    page = person_page.build(link=link, today=timezone.localdate())
    thread = selectors.thread_for_clinician(clinician=_user(request), person_id=person_id)
    context = {"page": page, "thread": thread, "note_form": form, "kinds": DataKind}
    context |= _program_forms(page)
    return render(request, "clinic/person.html", context, status=400)


@clinician_required
@require_POST
def adaptations_reviewed(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _link_or_404(request, person_id)
    if not link.shares(DataKind.PROGRAM):
        raise Http404("program changes are not shared")
    services.adaptations_mark_reviewed(link=link)
    messages.success(request, _("Adaptations marked as reviewed."))
    return redirect(reverse("clinic:person", args=[person_id]) + "#program")


@clinician_required
@require_GET
def photo(request: HttpRequest, person_id: int, photo_id: int) -> FileResponse:
    """A linked person's posture photo, only with their photo consent; logged, never cached."""
    clinician = _user(request)
    if not selectors.may_see(clinician, person_id, DataKind.PHOTOS):
        raise Http404("no such photo")
    found = PosturePhoto.objects.filter(user_id=person_id, pk=photo_id).first()
    if found is None:
        raise Http404("no such photo")
    try:
        handle = found.path.open("rb")
    except FileNotFoundError:
        logger.warning("posture photo %s has no file", found.pk)
        raise Http404("no such photo") from None
    services.access_record(
        clinician=clinician, person_id=person_id, kinds=[DataKind.PHOTOS], what=_("a posture photo")
    )
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


# --- The person's side ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Enter the code a clinician gave you."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("clinic:join_code", code=form.cleaned_data["code"])
    status = 400 if request.method == "POST" else 200
    return render(request, "clinic/join.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """What the inviting clinician would see, one checkbox per kind; nothing is shared until agreed."""
    invitation = selectors.invitation_by_code(codes.normalized(code))
    if invitation is None:
        return render(request, "clinic/join_invalid.html", status=404)
    own = invitation.clinician_id == request.user.pk
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"kinds": [DataKind.SCORES, DataKind.ADHERENCE]},
    )
    if request.method == "POST" and not own and form.is_valid():
        try:
            services.invitation_accept(
                person=_user(request), invitation=invitation, kinds=form.cleaned_data["kinds"]
            )
        except services.ClinicError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("You now share the data you chose with %(name)s.") % {"name": invitation.clinician}
            )
            return redirect("clinic:sharing")
    status = 400 if request.method == "POST" else 200
    context = {"invitation": invitation, "form": form, "own": own, "kinds": _kind_descriptions()}
    return render(request, "clinic/join_consent.html", context, status=status)


def _kind_descriptions() -> list[dict[str, str]]:
    """Exactly what each consent lets a clinician see: shown before agreeing and on the sharing page."""
    return [
        {
            "value": DataKind.SCORES,
            "label": str(DataKind.SCORES.label),
            "what": _(
                "Your daily and weekly check-ins (pain, Roland-Morris, your activities, answers to the safety "
                "questions), your assessment's answers, findings and questionnaire scores, and your plots."
            ),
        },
        {
            "value": DataKind.ADHERENCE,
            "label": str(DataKind.ADHERENCE.label),
            "what": _(
                "Which sessions you did, started or missed, and for each exercise how often you did it, skipped "
                "it or said it hurt."
            ),
        },
        {
            "value": DataKind.PHOTOS,
            "label": str(DataKind.PHOTOS.label),
            "what": _("Your posture photos, the points drawn on them and the measures taken from them."),
        },
        {
            "value": DataKind.PROGRAM,
            "label": str(DataKind.PROGRAM.label),
            "what": _("The changes to your program: your swaps, the weekly adaptations, pauses and why."),
        },
    ]


def _sharing_context(request: HttpRequest) -> dict[str, Any]:
    person = _user(request)
    links = selectors.links_of_person(person=person)
    notes = selectors.shared_notes_for_person(person=person)
    replies: dict[int, list[Any]] = {}
    for note in notes:
        if note.reply_to_id:
            replies.setdefault(note.reply_to_id, []).append(note)
    return {
        "links": [
            {"link": link, "form": ConsentForm(initial={"kinds": link.shared_kinds}, prefix=f"l{link.pk}")}
            for link in links
        ],
        "notes": [
            {"note": n, "replies": replies.get(n.pk, []), "form": ReplyForm(prefix=f"n{n.pk}")}
            for n in notes
            if not n.reply_to_id
        ],
        "log": selectors.access_log_of(person=person, limit=50),
        "kinds": _kind_descriptions(),
    }


@login_required
@require_GET
def sharing(request: HttpRequest) -> HttpResponse:
    """The person's clinicians: what each may see (changeable), stopping, their notes, and who looked."""
    return render(request, "clinic/sharing.html", _sharing_context(request))


def _own_link(request: HttpRequest, link_id: int) -> ClinicianLink:
    link = selectors.own_link(person=_user(request), pk=link_id)
    if link is None:
        raise Http404("no such link")
    return link


@login_required
@require_POST
def consent_change(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    form = ConsentForm(request.POST, prefix=f"l{link.pk}")
    error = ""
    if form.is_valid():
        try:
            services.consents_update(link=link, kinds=form.cleaned_data["kinds"])
        except services.ClinicError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("Saved: %(name)s now sees only what you ticked.") % {"name": link.clinician}
            )
            return redirect("clinic:sharing")
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    context = _sharing_context(request) | {"error": error, "error_link": link.pk}
    return render(request, "clinic/sharing.html", context, status=400)


@login_required
@require_POST
def revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    services.link_revoke(link=link)
    messages.success(
        request,
        _("You no longer share anything with %(name)s. This took effect at once.") % {"name": link.clinician},
    )
    return redirect("clinic:sharing")


@login_required
@require_POST
def reply(request: HttpRequest, note_id: int) -> HttpResponse:
    note = selectors.shared_note_for_reply(person=_user(request), pk=note_id)
    if note is None:
        raise Http404("no such note")
    form = ReplyForm(request.POST, prefix=f"n{note.pk}")
    if form.is_valid():
        try:
            services.note_reply(person=_user(request), note=note, body=form.cleaned_data["body"])
        except services.ClinicError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Reply sent."))
            return redirect(reverse("clinic:sharing") + "#notes")
    error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    context = _sharing_context(request) | {"error": error, "error_note": note.pk}
    return render(request, "clinic/sharing.html", context, status=400)


# --- Program overrides (the clinician's, with the person's "program changes" consent) ----------------


def _program_link_or_404(request: HttpRequest, person_id: int) -> ClinicianLink:
    link = _link_or_404(request, person_id)
    if not link.shares(DataKind.PROGRAM):
        raise Http404("program changes are not shared")
    return link


def _person_again(request: HttpRequest, link: ClinicianLink, **forms: Any) -> HttpResponse:
    """The person's page with a refused form's errors in place (status 400)."""
    page = person_page.build(link=link, today=timezone.localdate())
    thread = selectors.thread_for_clinician(clinician=_user(request), person_id=link.person_id)
    context = {"page": page, "thread": thread, "note_form": NoteForm(), "kinds": DataKind}
    context |= _program_forms(page) | forms
    response = render(request, "clinic/person.html", context, status=400)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def _program_forms(page: person_page.PersonPage) -> dict[str, Any]:
    return {
        "override_form": OverrideForm(),
        "mode_form": AdaptationModeForm(initial={"mode": page.adaptation_mode}),
        "decision_form": DecisionForm(
            initial={"pending": page.pending.pk if page.pending else None},
            proposed=[slug for slug, _what in page.pending_exercises],
        ),
    }


def _back_to_program(person_id: int) -> HttpResponse:
    return redirect(reverse("clinic:person", args=[person_id]) + "#program")


@clinician_required
@require_POST
def program_override(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _program_link_or_404(request, person_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.program_override(
                link=link,
                action=data["action"],
                exercise=data["exercise"],
                to=data.get("to") or "",
                dose=form.dose(),
                reason=data["reason"],
                acknowledge=data["acknowledge"],
                today=timezone.localdate(),
            )
        except services.ClinicError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Program changed. The person sees the change and your reason."))
            return _back_to_program(person_id)
    return _person_again(request, link, override_form=form)


@clinician_required
@require_POST
def program_lock(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _program_link_or_404(request, person_id)
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            services.item_lock(
                link=link,
                exercise=form.cleaned_data["exercise"],
                locked=form.cleaned_data["locked"],
                today=timezone.localdate(),
            )
        except services.ClinicError as exc:
            messages.error(request, str(exc))
            return _person_again(request, link)
        return _back_to_program(person_id)
    messages.error(request, _("Choose an exercise of the program."))
    return _person_again(request, link)


@clinician_required
@require_POST
def adaptation_mode(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _program_link_or_404(request, person_id)
    form = AdaptationModeForm(request.POST)
    if form.is_valid():
        services.adaptation_mode_set(link=link, mode=form.cleaned_data["mode"], today=timezone.localdate())
        messages.success(request, _("Saved how weekly adaptations apply."))
        return _back_to_program(person_id)
    return _person_again(request, link, mode_form=form)


@clinician_required
@require_POST
def adaptation_decide(request: HttpRequest, person_id: int) -> HttpResponse:
    link = _program_link_or_404(request, person_id)
    page = person_page.build(link=link, today=timezone.localdate())
    form = DecisionForm(request.POST, proposed=[slug for slug, _what in page.pending_exercises])
    if form.is_valid():
        try:
            services.adaptation_decide(
                link=link,
                pending_id=form.cleaned_data["pending"],
                decision=form.cleaned_data["decision"],
                declined=form.declined(),
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            )
        except services.ClinicError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Decision saved. The person sees what changed."))
            return _back_to_program(person_id)
    return _person_again(request, link, decision_form=form)


# --- Reports ----------------------------------------------------------------------------------------


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@clinician_required
@require_GET
def report_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """A printable report of what the person shares with this clinician; logged like the page."""
    link = _link_or_404(request, person_id)
    body = documents.clinician_report_pdf(link=link, today=timezone.localdate())
    return _pdf_response(body, f"backwell-report-{person_id}.pdf")


@login_required
@require_GET
def own_plan_pdf(request: HttpRequest) -> HttpResponse:
    """The person's own plan as a PDF: the exercises from this week on, with pictures and steps."""
    body = documents.own_plan_pdf(person=_user(request))
    if body is None:
        raise Http404("no program yet")
    return _pdf_response(body, "backwell-plan.pdf")


@clinician_required
@require_GET
def fhir_export(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's consented data as a FHIR R4 Bundle (JSON); logged like the page."""
    link = _link_or_404(request, person_id)
    document = documents.fhir_export(link=link)
    if document is None:
        raise Http404("nothing shared that a FHIR export carries")
    response = JsonResponse(document, content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="backwell-{person_id}.fhir.json"'
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response
