"""Writes of the clinic app: the clinician role, invitations, consent, revocation, the access log, notes,
and a clinician's program overrides (safety-checked, recorded for the person)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.knowledge.model import Dose, Exercise
from backwell.engine.safety import exercise_problems, restrictions_for
from backwell.engine.schema import read as read_input
from backwell.web.accounts.models import User
from backwell.web.core.personal_cache import remembered
from backwell.web.programs.models import Program, ProgramChange

from . import codes, plan_edits, worklist
from .models import (
    CONSENT_FIELDS,
    AccessLogEntry,
    AdaptationMode,
    ClinicianLink,
    DataKind,
    Invitation,
    Note,
    PendingAdaptation,
    ProgramSteering,
)

INVITATION_DAYS = 14
MAX_NOTE_CHARS = 4000
# What the worklist shows of a person: alerts and scores read these kinds (never photos).
WORKLIST_KINDS = (DataKind.SCORES, DataKind.ADHERENCE, DataKind.PROGRAM)


class ClinicError(ValueError):
    """A refused change; str() is a sentence for the person or the clinician."""


class SafetyRefused(ClinicError):
    """An override the engine's safety check advises against, not acknowledged with a reason.

    `problems` are the engine's reasons, one sentence each, so an app can show them beside the choice.
    """

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def clinician_role_grant(*, email: str) -> User:
    """Makes the account with this address a clinician (`backwell clinician add EMAIL`)."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ClinicError(_("No account has that email address. The person must sign up first."))
    if not user.is_clinician:
        user.is_clinician = True
        user.save(update_fields=["is_clinician"])
    return user


def invitation_create(*, clinician: User, email: str = "") -> Invitation:
    """A new single-use invitation; when an address is given, it is emailed once the row is saved."""
    if not clinician.is_clinician:
        raise ClinicError(_("Only clinicians can invite people."))
    expires = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    clinician=clinician,
                    code=codes.new_code(),
                    email=email.strip().lower(),
                    expires_at=expires,
                )
            break
        except IntegrityError:  # a code already in use: astronomically rare, so simply draw again
            continue
    else:  # pragma: no cover - five collisions in a row
        raise ClinicError(_("Could not make an invitation code just now. Please try again."))
    if invitation.email:
        from .tasks import send_invitation

        transaction.on_commit(partial(send_invitation.enqueue, invitation_id=invitation.pk))
    return invitation


def _consents(kinds: Iterable[str]) -> dict[str, bool]:
    chosen = set(kinds)
    unknown = chosen - set(CONSENT_FIELDS)
    if unknown:
        raise ClinicError(_("Unknown kind of data: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})
    if not chosen:
        raise ClinicError(
            _("Choose at least one kind of data to share, or stop sharing with this clinician altogether.")
        )
    return {field: kind in chosen for kind, field in CONSENT_FIELDS.items()}


@transaction.atomic
def invitation_accept(*, person: User, invitation: Invitation, kinds: Iterable[str]) -> ClinicianLink:
    """The person consents to share `kinds` with the inviting clinician; the invitation is used up."""
    if invitation.clinician_id == person.pk:
        raise ClinicError(_("This is your own invitation: give the code to the person you want to follow."))
    if invitation.expires_at <= timezone.now():
        raise ClinicError(_("This invitation has expired. Ask your clinician for a new code."))
    consents = _consents(kinds)
    now = timezone.now()
    link, created = ClinicianLink.objects.select_for_update().get_or_create(
        person=person,
        clinician_id=invitation.clinician_id,
        defaults={**consents, "consent_changed_at": now},
    )
    if not created:
        for field, value in consents.items():
            setattr(link, field, value)
        link.consent_changed_at = now
        link.revoked_at = None
        link.save()
    invitation.delete()
    return link


def consents_update(*, link: ClinicianLink, kinds: Iterable[str]) -> ClinicianLink:
    """The person changes what they share; the clinician's next request sees only the new choice."""
    if not link.active:
        raise ClinicError(
            _("You no longer share anything with this clinician. Ask them for a new invitation.")
        )
    for field, value in _consents(kinds).items():
        setattr(link, field, value)
    link.consent_changed_at = timezone.now()
    link.save(update_fields=[*CONSENT_FIELDS.values(), "consent_changed_at"])
    # What the person no longer shares must not wait in the clinician's stored worklist.
    transaction.on_commit(partial(worklist.forget_stored, [link.clinician_id]))
    return link


def link_revoke(*, link: ClinicianLink) -> ClinicianLink:
    """Stop sharing anything, at once. The link is kept, without consent, as the person's history."""
    now = timezone.now()
    for field in CONSENT_FIELDS.values():
        setattr(link, field, False)
    link.revoked_at = link.revoked_at or now
    link.consent_changed_at = now
    link.save(update_fields=[*CONSENT_FIELDS.values(), "revoked_at", "consent_changed_at"])
    # The clinician's stored worklist held the person's row: it goes now, not at their next visit.
    transaction.on_commit(partial(worklist.forget_stored, [link.clinician_id]))
    return link


def access_record(*, clinician: User, person_id: int, kinds: Iterable[str], what: str) -> None:
    """Log that `clinician` opened `what` of the person's data, one entry per kind of data shown."""
    name = str(clinician)[:80]
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(person_id=person_id, clinician=clinician, clinician_name=name, kind=kind, what=what)
        for kind in dict.fromkeys(kinds)
    )


def worklist_view_record(*, clinician: User, links: object) -> None:
    """Log a look at the worklist in each person's access log, once a day and again whenever the
    links change (`links` is the first part of `worklist.stamp`: the clinician's links version, which a
    database trigger changes on every write to their links — new, consent changed, revoked, deleted).

    The log's own insert is idempotent per day; remembering that it ran saves the database a write
    statement per kind on every visit.
    """

    def record() -> str:
        access_record_worklist(clinician=clinician, what=_("your row on the clinician's worklist"))
        return "recorded"

    remembered(clinician.pk, worklist.LOGGED_CACHE_NAME, (links,), record)


def access_record_worklist(*, clinician: User, what: str) -> None:
    """Log the worklist: for each linked person, each kind it shows of theirs, once a day.

    One INSERT … SELECT per kind, whatever the number of people: rows are made by the database from
    the clinician's active links (with that consent) that have no such entry yet today.
    """
    # Raw SQL gets datetimes as the ORM stores them (SQLite: naive UTC text, which compares as text),
    # so "today" holds whatever TIME_ZONE is.
    adapt = connection.ops.adapt_datetimefield_value
    start = adapt(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0))
    log = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    links = connection.ops.quote_name(ClinicianLink._meta.db_table)
    name = str(clinician)[:80]
    now = adapt(timezone.now())
    for kind in WORKLIST_KINDS:
        consent = connection.ops.quote_name(CONSENT_FIELDS[kind])
        # Table and column names come from the models, not from any request.
        sql = (
            f"INSERT INTO {log} (person_id, clinician_id, clinician_name, kind, what, at) "  # noqa: S608
            f"SELECT l.person_id, %s, %s, %s, %s, %s FROM {links} l "
            f"WHERE l.clinician_id = %s AND l.revoked_at IS NULL AND l.{consent} = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {log} e WHERE e.person_id = l.person_id AND e.clinician_id = %s "
            "AND e.kind = %s AND e.what = %s AND e.at >= %s)"
        )
        params: list[Any] = [
            clinician.pk,
            name,
            kind,
            what,
            now,
            clinician.pk,
            True,
            clinician.pk,
            kind,
            what,
            start,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _body(text: str) -> str:
    body = text.strip()
    if not body:
        raise ClinicError(_("Write something first: the note is empty."))
    if len(body) > MAX_NOTE_CHARS:
        raise ClinicError(_("Keep a note under %(n)s characters.") % {"n": MAX_NOTE_CHARS})
    return body


def note_add(*, link: ClinicianLink, body: str, shared: bool) -> Note:
    """A clinician's note about a linked person: private, or shared with them."""
    if not link.active:
        raise ClinicError(_("This person no longer shares their data with you."))
    visibility = Note.Visibility.SHARED if shared else Note.Visibility.PRIVATE
    return Note.objects.create(
        author_id=link.clinician_id,
        person_id=link.person_id,
        clinician_id=link.clinician_id,
        visibility=visibility,
        body=_body(body),
    )


def note_reply(*, person: User, note: Note, body: str) -> Note:
    """The person answers a note their clinician shared with them; the clinician sees it on the person's page."""
    return Note.objects.create(
        author=person,
        person=person,
        clinician_id=note.clinician_id,
        visibility=Note.Visibility.SHARED,
        reply_to=note,
        body=_body(body),
    )


def adaptations_mark_reviewed(*, link: ClinicianLink) -> None:
    """The clinician has looked over the weekly adaptations so far: the worklist stops flagging them."""
    link.adaptations_reviewed_at = timezone.now()
    link.save(update_fields=["adaptations_reviewed_at"])


# --- Program overrides ------------------------------------------------------------------------------
# Every override goes through the engine's own safety check (`engine.safety.exercise_problems`) for
# this person, the check the planner, adaptation and the person's swaps use; a contraindicated
# exercise needs the clinician's explicit acknowledgement and written reason, both recorded. Each
# override writes a ProgramChange, which the person reads (who, what, why) and which changes the
# stamp of their cached pages.

MAX_REASON_CHARS = 500


class OverrideAction(models.TextChoices):
    SWAP = "swap", _("Swap for another exercise")
    REMOVE = "remove", _("Remove")
    ADD = "add", _("Add from the library")
    DOSE = "dose", _("Change the dose")


def _program_of(link: ClinicianLink) -> Program:
    if not link.shares(DataKind.PROGRAM):
        raise ClinicError(_("This person does not share program changes with you."))
    program = (
        Program.objects.select_for_update().filter(user_id=link.person_id).order_by("-created_at").first()
    )
    if program is None:
        raise ClinicError(_("This person has no program yet."))
    return program


def current_week(program: Program, today: datetime.date) -> int:
    return max(
        1, min(int(program.plan["program"].get("weeks", 12)), (today - program.start_date).days // 7 + 1)
    )


def safety_problems(program: Program, ex: Exercise, *, week: int) -> list[str]:
    """The engine's reasons this person may not do `ex` in `week`; empty when they may."""
    kb = load_knowledge()
    restrictions = restrictions_for(
        read_input(program.inputs), (f["id"] for f in program.plan.get("findings", []))
    )
    phases = program.plan["program"].get("phases") or []
    restricted = bool(phases) and week in set(phases[0]["weeks"])
    return exercise_problems(ex, restrictions, kb, restricted=restricted)


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise ClinicError(_("Write why: the person reads it next to the change."))
    if len(reason) > MAX_REASON_CHARS:
        raise ClinicError(_("Keep the reason under %(n)s characters.") % {"n": MAX_REASON_CHARS})
    return reason


def _exercise(slug: str) -> Exercise:
    ex = load_knowledge().exercises.get(slug)
    if ex is None or ex.kind == "education":
        raise ClinicError(_("Choose an exercise from the library."))
    return ex


def override_dose(*, exercise: str, sets: int | None, reps: int | None, hold_s: int | None) -> Dose:
    """The dose a clinician sets: their sets, repetitions and holds, the library's rest and angle."""
    ex = _exercise(exercise)
    if not (reps or hold_s):
        raise ClinicError(_("Give the repetitions per set or the seconds per hold."))
    return Dose(sets=sets or 1, reps=reps, hold_s=hold_s, rest_s=ex.dose.rest_s, angle_deg=ex.dose.angle_deg)


def _record(program: Program, clinician: User, week: int, entries: list[dict[str, Any]]) -> ProgramChange:
    by = str(clinician)[:80]
    return ProgramChange.objects.create(
        program=program,
        kind=ProgramChange.Kind.CLINICIAN,
        week=week,
        changes=[{**e, "by": by} for e in entries],
    )


@transaction.atomic
def program_override(
    *,
    link: ClinicianLink,
    action: str,
    exercise: str,
    reason: str,
    today: datetime.date,
    to: str = "",
    dose: Dose | None = None,
    acknowledge: bool = False,
) -> ProgramChange:
    """Swap, remove, add or re-dose an exercise from the current week on, after the safety check."""
    program = _program_of(link)
    why = _reason(reason)
    week = current_week(program, today)
    plan = copy.deepcopy(program.plan["program"])
    entry: dict[str, Any] = {"why": why}
    try:
        if action == OverrideAction.REMOVE:
            current = plan_edits.item_of(plan, exercise, week)
            plan_edits.remove(plan, slug=exercise, from_week=week)
            entry["what"] = _("%(name)s is taken out of your program") % {
                "name": current["name"] if current else exercise
            }
        else:
            target = _exercise(to if action == OverrideAction.SWAP else exercise)
            problems = safety_problems(program, target, week=week)
            if problems and not acknowledge:
                raise SafetyRefused(
                    _(
                        "%(name)s is not advised for this person: %(problems)s. To go ahead anyway, tick "
                        "the override and write your clinical reason."
                    )
                    % {"name": target.name, "problems": "; ".join(problems)},
                    problems,
                )
            if problems:
                entry["overrode"] = problems
            if action == OverrideAction.SWAP:
                current = plan_edits.item_of(plan, exercise, week)
                plan_edits.swap(plan, slug=exercise, to=target, from_week=week, why=why)
                entry["what"] = f"{current['name'] if current else exercise} → {target.name}"
            elif action == OverrideAction.ADD:
                plan_edits.add(plan, ex=target, from_week=week, why=why)
                entry["what"] = _("%(name)s is added to your sessions") % {"name": target.name}
            elif action == OverrideAction.DOSE:
                if dose is None:
                    raise ClinicError(_("Give the new number of sets and repetitions or seconds."))
                before = plan_edits.item_of(plan, exercise, week)
                plan_edits.set_dose(plan, ex=target, dose=dose, from_week=week, why=why)
                after = plan_edits.item_of(plan, exercise, week)
                old_dose, new_dose = plan_edits.dose_text(before or {}), plan_edits.dose_text(after or {})
                entry["what"] = f"{target.name}: {old_dose} → {new_dose}"
            else:
                raise ClinicError(_("Unknown change."))
    except plan_edits.EditError as exc:
        raise ClinicError(str(exc)) from None
    program.plan = {**program.plan, "program": plan}
    program.save(update_fields=["plan"])
    return _record(program, link.clinician, week, [entry])


def _steering(program: Program) -> ProgramSteering:
    steering, _created = ProgramSteering.objects.get_or_create(program=program)
    return steering


@transaction.atomic
def item_lock(*, link: ClinicianLink, exercise: str, locked: bool, today: datetime.date) -> ProgramChange:
    """Keep an exercise as it is through weekly adaptation (or let adaptation change it again)."""
    program = _program_of(link)
    week = current_week(program, today)
    item = plan_edits.item_of(program.plan["program"], exercise, week)
    if item is None:
        raise ClinicError(_("That exercise is not in the program from this week on."))
    steering = _steering(program)
    slugs = [s for s in steering.locked if s != exercise] + ([exercise] if locked else [])
    steering.locked, steering.clinician = slugs, link.clinician
    steering.save()
    if locked:
        what = _("%(name)s stays as it is") % {"name": item["name"]}
        why = _("Your clinician fixed it: the weekly adaptation will not change it.")
    else:
        what = _("%(name)s can change again") % {"name": item["name"]}
        why = _("The weekly adaptation may adjust it again, as it does the rest of your program.")
    return _record(program, link.clinician, week, [{"what": what, "why": why}])


@transaction.atomic
def adaptation_mode_set(*, link: ClinicianLink, mode: str, today: datetime.date) -> ProgramChange:
    program = _program_of(link)
    if mode not in AdaptationMode.values:
        raise ClinicError(_("Choose how weekly adaptations apply."))
    steering = _steering(program)
    steering.adaptation_mode, steering.clinician = mode, link.clinician
    steering.save()
    if mode == AdaptationMode.APPROVE:
        what = _("Weekly changes wait for your clinician")
        why = _("Your clinician looks over each week's adaptation before it changes your program.")
    else:
        what = _("Weekly changes apply at once again")
        why = _("Your program adapts each week without waiting for your clinician.")
    return _record(program, link.clinician, current_week(program, today), [{"what": what, "why": why}])


def adaptation_steer(
    *,
    program: Program,
    week: int,
    proposed: dict[str, Any],
    raw: list[dict[str, Any]],
    described: list[dict[str, str]],
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """A weekly adaptation as the clinician set it to run (called inside the adaptation's transaction).

    Returns the program part to store (None when it waits for the clinician's approval) and the
    change lines the person reads. Locked exercises are put back as they were.
    """
    steering = ProgramSteering.objects.filter(program=program).first()
    if steering is None:
        return proposed, described
    if steering.adaptation_mode == AdaptationMode.APPROVE:
        PendingAdaptation.objects.filter(program=program, decision=PendingAdaptation.Decision.PENDING).update(
            decision=PendingAdaptation.Decision.SUPERSEDED, decided_at=timezone.now()
        )
        PendingAdaptation.objects.update_or_create(
            program=program,
            week=week,
            defaults={"proposed": proposed, "raw_changes": raw, "changes": described, "decision": "pending"},
        )
        return None, [
            {
                "what": _("Waiting for your clinician"),
                "why": _("Your clinician looks over this week's changes before they apply."),
            }
        ]
    kept = _locked_in(steering.locked, raw)
    if not kept:
        return proposed, described
    steered = plan_edits.keep_items(
        program.plan["program"], proposed, slugs=kept, replaced=_replaced(raw), after_week=week
    )
    lines = [line for change, line in zip(raw, described, strict=False) if change.get("exercise") not in kept]
    lines += [
        {"what": _("%(name)s stays as it is") % {"name": _name_of(s)}, "why": _("Your clinician fixed it.")}
        for s in kept
    ]
    return steered, lines


def _replaced(raw: list[dict[str, Any]]) -> dict[str, str]:
    return {str(c["exercise"]): str(c["to"]) for c in raw if c.get("exercise") and c.get("to")}


def _locked_in(locked: list[str], raw: list[dict[str, Any]]) -> list[str]:
    """The locked exercises this adaptation would change (a lighter week changes every exercise)."""
    if any(c.get("change") == "reduce_volume" for c in raw):
        return list(locked)
    touched = {c.get("exercise") for c in raw}
    return [s for s in locked if s in touched]


def _name_of(slug: str) -> str:
    ex = load_knowledge().exercises.get(slug)
    return ex.name if ex else slug.replace("_", " ")


def pending_adaptation(*, program: Program) -> PendingAdaptation | None:
    return PendingAdaptation.objects.filter(
        program=program, decision=PendingAdaptation.Decision.PENDING
    ).first()


@transaction.atomic
def adaptation_decide(
    *,
    link: ClinicianLink,
    pending_id: int,
    decision: str,
    declined: Iterable[str],
    reason: str,
    today: datetime.date,
) -> ProgramChange:
    """Approve the held adaptation, approve it without the changes to `declined` exercises, or reject it."""
    program = _program_of(link)
    pending = (
        PendingAdaptation.objects.select_for_update()
        .filter(pk=pending_id, program=program, decision=PendingAdaptation.Decision.PENDING)
        .first()
    )
    if pending is None:
        raise ClinicError(_("That adaptation has already been decided or replaced by a newer one."))
    why = reason.strip()[:MAX_REASON_CHARS]
    lines: list[dict[str, Any]]
    if decision == PendingAdaptation.Decision.REJECTED:
        if not why:
            raise ClinicError(_("Write why: the person reads it next to the change."))
        lines = [
            {"what": _("Week %(week)s's adaptation is not applied") % {"week": pending.week}, "why": why}
        ]
    elif decision in (PendingAdaptation.Decision.APPROVED, PendingAdaptation.Decision.EDITED):
        steering = _steering(program)
        raw = list(pending.raw_changes)
        kept = set(_locked_in(steering.locked, raw))
        if decision == PendingAdaptation.Decision.EDITED:
            touched = {str(c.get("exercise")) for c in raw if c.get("exercise")}
            unknown = set(declined) - touched
            if unknown or not declined:
                raise ClinicError(_("Untick at least one of the proposed changes to approve the rest."))
            kept |= set(declined)
        proposed = pending.proposed
        if kept:
            proposed = plan_edits.keep_items(
                program.plan["program"],
                proposed,
                slugs=kept,
                replaced=_replaced(raw),
                after_week=pending.week,
            )
        program.plan = {**program.plan, "program": proposed}
        program.save(update_fields=["plan"])
        lines = [
            {**line, "why": f"{line['why']} {why}".strip()}
            for change, line in zip(raw, pending.changes, strict=False)
            if change.get("exercise") not in kept
        ] or [{"what": _("Week %(week)s's adaptation is applied") % {"week": pending.week}, "why": why}]
    else:
        raise ClinicError(_("Choose approve, approve with edits, or reject."))
    pending.decision, pending.decided_at = decision, timezone.now()
    pending.save(update_fields=["decision", "decided_at"])
    link.adaptations_reviewed_at = timezone.now()
    link.save(update_fields=["adaptations_reviewed_at"])
    return _record(program, link.clinician, current_week(program, today), lines)
