"""The person's side of sharing with clinicians: the notes shared with them, and replying to one."""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema, Status
from pydantic import StringConstraints

from backwell.web.clinic import selectors, services
from backwell.web.clinic.models import Note

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import NoNullCharacters, RecordId

router = Router(tags=["sharing"])

Body = Annotated[str, StringConstraints(max_length=services.MAX_NOTE_CHARS), NoNullCharacters]


class SharedNoteOut(Schema):
    id: int
    clinician: str
    author: str
    mine: bool
    reply_to: int | None
    body: str
    created_at: datetime.datetime


class ReplyIn(Schema):
    body: Body


def _note(note: Note, user_id: int) -> dict[str, Any]:
    return {
        "id": note.pk,
        "clinician": str(note.clinician),
        "author": str(note.author),
        "mine": note.author_id == user_id,
        "reply_to": note.reply_to_id,
        "body": note.body,
        "created_at": note.created_at,
    }


@router.get("/notes", response={200: list[SharedNoteOut], **refusals(401, 403)}, auth=PERSON_READ)
@paged
def notes_get(request: HttpRequest) -> list[dict[str, Any]]:
    """Notes your clinicians shared with you and your replies, oldest first."""
    user = person(request)
    return [_note(note, user.pk) for note in selectors.shared_notes_for_person(person=user)]


@router.post(
    "/notes/{pk}/replies", response={201: SharedNoteOut, **refusals(401, 403, 404)}, auth=PERSON_WRITE
)
def reply_post(request: HttpRequest, pk: Path[RecordId], payload: ReplyIn) -> Status[dict[str, Any]]:
    """Answer a note a clinician shared with you; they read it on your page."""
    user = person(request)
    note = selectors.shared_note_for_reply(person=user, pk=pk)
    if note is None:
        raise Http404("You have no shared note with this number to answer.")
    try:
        reply = services.note_reply(person=user, note=note, body=payload.body)
    except services.ClinicError as exc:
        raise ApiProblem(422, str(exc), field="body") from exc
    return Status(201, _note(reply, user.pk))
