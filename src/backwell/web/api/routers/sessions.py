"""Sessions: logging each item (done, skipped, hurt) and pain before and after, safely retried.

Each item log carries the client's own id (`client_id`), which the service already treats as
idempotent; the `Idempotency-Key` header makes pain ratings and the answer itself repeatable too.
"""

import datetime
import uuid
from typing import Any, Literal, get_args

from django.http import HttpRequest
from ninja import Path, Router, Schema
from pydantic import Field, model_validator

from backwell.web.programs import services
from backwell.web.programs.models import ItemLog
from backwell.web.tracking import selectors as tracking_selectors

from ..idempotency import KeyHeader, once
from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import Day, Index, Pain, Week
from .program import program_or_404

router = Router(tags=["sessions"])

Outcome = Literal["done", "skipped", "hurt"]
assert set(ItemLog.Outcome.values) == {"done", "skipped", "hurt"}  # the schema names the model's choices


class SessionOut(Schema):
    week: int
    day: int
    date: datetime.date
    pain_before: int | None
    pain_after: int | None
    completed: bool
    done: int
    skipped: int
    hurt: int


SkipReason = Literal["no_time", "too_hard", "no_equipment", "unsure", "other"]
assert set(ItemLog.SkipReason.values) == set(get_args(SkipReason))


class ItemLogIn(Schema):
    index: Index
    outcome: Outcome
    client_id: uuid.UUID
    effort: Pain | None = None
    skip_reason: SkipReason | None = Field(
        default=None,
        description=(
            "Why a skipped item was skipped, when the person says: "
            + "; ".join(f"`{value}` ({label})" for value, label in ItemLog.SkipReason.choices)
            + ". Only with `outcome` `skipped` (else 422). Sending it with a new `client_id` for an item "
            "already skipped adds the reason to that item."
        ),
    )


class ItemLogOut(Schema):
    position: int
    completed: bool


class PainIn(Schema):
    before: Pain | None = None
    after: Pain | None = None

    @model_validator(mode="after")
    def one_of_them(self) -> "PainIn":
        if self.before is None and self.after is None:
            raise ValueError("Give your pain before or after the session, from 0 to 10.")
        return self


class PainOut(Schema):
    pain_before: int | None
    pain_after: int | None


@router.get("", response={200: list[SessionOut], **refusals(401, 403, 404)}, auth=PERSON_READ)
@paged
def session_list(request: HttpRequest) -> list[Any]:
    """Every session day logged so far, first first, with its pain and item outcomes counted."""
    return tracking_selectors.session_rows(program=program_or_404(person(request), with_plan=False))


@router.post(
    "/{week}/{day}/items",
    response={200: ItemLogOut, **refusals(401, 403, 404, 409)},
    auth=PERSON_WRITE,
)
def item_log(
    request: HttpRequest,
    week: Path[Week],
    day: Path[Day],
    payload: ItemLogIn,
    idempotency_key: str | None = KeyHeader,
) -> Any:
    """Log what happened to one item; sending the same `client_id` again changes nothing."""
    user = person(request)
    program = program_or_404(user, with_plan=False)

    def write() -> tuple[int, ItemLogOut]:
        try:
            log = services.item_log_record(
                program=program,
                week=week,
                day=day,
                index=payload.index,
                outcome=payload.outcome,
                client_id=payload.client_id,
                effort=payload.effort,
                skip_reason=payload.skip_reason or "",
            )
        except services.ItemLogInvalid as exc:
            raise ApiProblem(422, str(exc), field=exc.field) from exc
        except services.ProgramError as exc:
            raise ApiProblem(409, str(exc)) from exc
        session = log.session
        return 200, ItemLogOut(position=session.position, completed=session.completed_at is not None)

    return once(request, user=user, key=idempotency_key, write=write)


@router.put(
    "/{week}/{day}/pain",
    response={200: PainOut, **refusals(401, 403, 404, 409)},
    auth=PERSON_WRITE,
)
def pain_record(
    request: HttpRequest,
    week: Path[Week],
    day: Path[Day],
    payload: PainIn,
    idempotency_key: str | None = KeyHeader,
) -> Any:
    """Pain before and/or after a session, 0–10; a value left out keeps what was saved."""
    user = person(request)
    program = program_or_404(user, with_plan=False)

    def write() -> tuple[int, PainOut]:
        try:
            session = services.session_pain_record(
                program=program, week=week, day=day, before=payload.before, after=payload.after
            )
        except services.ProgramError as exc:
            raise ApiProblem(409, str(exc)) from exc
        return 200, PainOut(pain_before=session.pain_before, pain_after=session.pain_after)

    return once(request, user=user, key=idempotency_key, write=write)
