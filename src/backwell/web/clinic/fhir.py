"""A person's data as a FHIR R4 Bundle (R4B models of `fhir.resources`), section by section with consent.

Patient; the assessment's questionnaires as QuestionnaireResponses and their scores as Observations
(pain NRS and STarT Back total by LOINC; RMDQ total, PSFS mean and the STarT psychosocial subscale in
backwell's own CodeSystem, as no LOINC code for them is confirmed); the weekly check-ins' scores; the
12-week program as a CarePlan with one ServiceRequest per exercise (SNOMED CT 229065009 "Exercise
therapy" plus backwell's exercise code), as the HL7 Physical Activity IG shapes it; and a Procedure
per finished session. `fhir.resources` checks structure, not code bindings, so `binding_problems`
checks every status against its required value set.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from backwell.engine import instruments
from backwell.web.accounts.models import User
from backwell.web.programs.models import Program, SessionLog
from backwell.web.tracking.models import WeeklyCheckIn

from . import plan_edits
from .models import DataKind

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
BACKWELL = "https://backwell.invalid/fhir/CodeSystem"
SCORES_SYSTEM = f"{BACKWELL}/scores"
EXERCISE_SYSTEM = f"{BACKWELL}/exercise"
QUESTIONNAIRES = "https://backwell.invalid/fhir/Questionnaire"

PAIN_NRS = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
START_BACK_TOTAL = (LOINC, "91351-7", "Keele STarT Back Screening Tool total score")
START_BACK_PSYCHOSOCIAL = (SCORES_SYSTEM, "start-back-psychosocial", "STarT Back psychosocial subscale")
RMDQ_TOTAL = (SCORES_SYSTEM, "rmdq-total", "Roland-Morris Disability Questionnaire total")
PSFS_MEAN = (SCORES_SYSTEM, "psfs-mean", "Patient-Specific Functional Scale mean")
EXERCISE_THERAPY = (SNOMED, "229065009", "Exercise therapy")

# Required bindings of the status elements used here (FHIR R4), checked by `binding_problems`.
STATUS_CODES: dict[str, frozenset[str]] = {
    "Observation": frozenset({"registered", "preliminary", "final", "amended", "corrected", "cancelled"}),
    "QuestionnaireResponse": frozenset(
        {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    ),
    "CarePlan": frozenset(
        {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    ),
    "ServiceRequest": frozenset(
        {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    ),
    "Procedure": frozenset(
        {
            "preparation",
            "in-progress",
            "not-done",
            "on-hold",
            "stopped",
            "completed",
            "entered-in-error",
            "unknown",
        }
    ),
}
INTENT_CODES = frozenset(
    {"proposal", "plan", "directive", "order", "original-order", "reflex-order", "option"}
)


def _ref() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _code(coding: tuple[str, str, str]) -> dict[str, Any]:
    system, code, display = coding
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


class _Builder:
    def __init__(self, person: User) -> None:
        self.entries: list[dict[str, Any]] = []
        self.patient = self.add({"resourceType": "Patient", "active": True, "name": [{"text": str(person)}]})

    def add(self, resource: dict[str, Any]) -> str:
        ref = _ref()
        self.entries.append({"fullUrl": ref, "resource": resource})
        return ref

    def observation(self, coding: tuple[str, str, str], value: float, when: datetime.date, unit: str) -> None:
        self.add(
            {
                "resourceType": "Observation",
                "status": "final",
                "category": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "survey",
                            }
                        ]
                    }
                ],
                "code": _code(coding),
                "subject": {"reference": self.patient},
                "effectiveDateTime": when.isoformat(),
                "valueQuantity": {
                    "value": value,
                    "unit": unit,
                    "system": "http://unitsofmeasure.org",
                    "code": "{score}",
                },
            }
        )

    def questionnaire(self, name: str, when: datetime.date, items: list[dict[str, Any]]) -> None:
        self.add(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "questionnaire": f"{QUESTIONNAIRES}/{name}",
                "subject": {"reference": self.patient},
                "authored": when.isoformat(),
                "item": items,
            }
        )


def _bool_items(prefix: str, answers: list[bool]) -> list[dict[str, Any]]:
    return [
        {"linkId": f"{prefix}-{n}", "answer": [{"valueBoolean": bool(a)}]} for n, a in enumerate(answers, 1)
    ]


def _assessment(b: _Builder, program: Program) -> None:
    inputs = program.inputs or {}
    when = program.start_date
    questionnaires = inputs.get("questionnaires") or {}
    pain = (inputs.get("pain") or {}).get("nrs")
    if isinstance(pain, int):
        b.observation(PAIN_NRS, pain, when, "score")
    start_back = questionnaires.get("start_back") or {}
    answers = list(start_back.get("answers") or [])
    if len(answers) == 8:
        score = instruments.start_back(answers, start_back.get("bothersomeness", ""))
        items = _bool_items("start-back", answers)
        items.append(
            {"linkId": "start-back-9", "answer": [{"valueString": str(start_back.get("bothersomeness", ""))}]}
        )
        b.questionnaire("start-back", when, items)
        b.observation(START_BACK_TOTAL, score.total, when, "score")
        b.observation(START_BACK_PSYCHOSOCIAL, score.psychosocial, when, "score")
    rmdq = list(questionnaires.get("rmdq") or [])
    if rmdq:
        b.questionnaire("rmdq", when, _bool_items("rmdq", rmdq))
        b.observation(RMDQ_TOTAL, instruments.rmdq(rmdq), when, "score")
    psfs = list(questionnaires.get("psfs") or [])
    if psfs:
        items = [
            {
                "linkId": f"psfs-{n}",
                "text": str(a.get("activity", "")),
                "answer": [{"valueDecimal": float(a["score"])}],
            }
            for n, a in enumerate(psfs, 1)
        ]
        b.questionnaire("psfs", when, items)
        b.observation(PSFS_MEAN, instruments.psfs([float(a["score"]) for a in psfs]), when, "score")


def _weekly(b: _Builder, program: Program) -> None:
    for checkin in WeeklyCheckIn.objects.filter(program=program).order_by("week"):
        if checkin.pain is not None:
            b.observation(PAIN_NRS, checkin.pain, checkin.date, "score")
        if checkin.rmdq_score is not None:
            b.observation(RMDQ_TOTAL, checkin.rmdq_score, checkin.date, "score")
        if checkin.psfs_mean is not None:
            b.observation(PSFS_MEAN, float(checkin.psfs_mean), checkin.date, "score")


def _care_plan(b: _Builder, program: Program) -> None:
    plan = program.plan["program"]
    end = program.start_date + datetime.timedelta(weeks=int(plan.get("weeks", 12)))
    period = {"start": program.start_date.isoformat(), "end": end.isoformat()}
    requests = []
    for slug in plan_edits.planned_slugs(plan, 1):
        item = plan_edits.item_of(plan, slug, 1) or {}
        days = {(d["week"], d["day"]) for d in plan["days"] if any(i["exercise"] == slug for i in d["items"])}
        requests.append(
            b.add(
                {
                    "resourceType": "ServiceRequest",
                    "status": "active" if program.status == Program.Status.ACTIVE else "on-hold",
                    "intent": "plan",
                    "code": {
                        "coding": [
                            {"system": SNOMED, "code": EXERCISE_THERAPY[1], "display": EXERCISE_THERAPY[2]},
                            {"system": EXERCISE_SYSTEM, "code": slug, "display": item.get("name", slug)},
                        ],
                        "text": item.get("name", slug),
                    },
                    "subject": {"reference": b.patient},
                    "occurrenceTiming": {
                        "repeat": {
                            "boundsPeriod": period,
                            "count": len(days),
                            "frequency": 1,
                            "period": 1,
                            "periodUnit": "d",
                        }
                    },
                    "patientInstruction": f"{item.get('name', slug)}: {plan_edits.dose_text(item)}",
                }
            )
        )
    b.add(
        {
            "resourceType": "CarePlan",
            "status": "active" if program.status == Program.Status.ACTIVE else "on-hold",
            "intent": "plan",
            "title": "backwell 12-week program",
            "subject": {"reference": b.patient},
            "period": period,
            "activity": [{"reference": {"reference": ref}} for ref in requests],
        }
    )


def _sessions(b: _Builder, program: Program) -> None:
    for session in SessionLog.objects.filter(program=program, completed_at__isnull=False).order_by("date"):
        b.add(
            {
                "resourceType": "Procedure",
                "status": "completed",
                "code": _code(EXERCISE_THERAPY),
                "subject": {"reference": b.patient},
                "performedDateTime": session.date.isoformat(),
                "note": [{"text": f"Week {session.week}, day {session.day}"}],
            }
        )


# The kinds of data a Bundle carries (posture photos have no place in it): with none of them shared,
# there is nothing to export.
EXPORTED_KINDS = (DataKind.SCORES, DataKind.PROGRAM, DataKind.ADHERENCE)


def exportable(kinds: list[str]) -> bool:
    return any(kind in kinds for kind in EXPORTED_KINDS)


def bundle(*, person: User, kinds: list[str]) -> dict[str, Any]:
    """The person's data of the consented `kinds` as a validated FHIR R4 collection Bundle (JSON-ready)."""
    b = _Builder(person)
    program = Program.objects.filter(user=person).order_by("-created_at").first()
    if program is not None:
        if DataKind.SCORES in kinds:
            _assessment(b, program)
            _weekly(b, program)
        if DataKind.PROGRAM in kinds:
            _care_plan(b, program)
        if DataKind.ADHERENCE in kinds:
            _sessions(b, program)
    document = {"resourceType": "Bundle", "type": "collection", "entry": b.entries}
    validated = Bundle.model_validate(document)
    problems = binding_problems(document)
    if problems:  # pragma: no cover - a bug here, never the person's data
        raise ValueError("; ".join(problems))
    return dict(validated.model_dump(mode="json", exclude_none=True))


def binding_problems(document: dict[str, Any]) -> list[str]:
    """Statuses and intents outside their required value sets (the library does not check these)."""
    problems = []
    for entry in document.get("entry", []):
        resource = entry["resource"]
        kind = resource["resourceType"]
        allowed = STATUS_CODES.get(kind)
        if allowed is not None and resource.get("status") not in allowed:
            problems.append(f"{kind}.status {resource.get('status')!r}")
        if "intent" in resource and resource["intent"] not in INTENT_CODES:
            problems.append(f"{kind}.intent {resource['intent']!r}")
    return problems


def read_scores(document: dict[str, Any]) -> list[tuple[str, str, float]]:
    """(code, date, value) of every score Observation in a Bundle, in order: what an importer reads back."""
    found = []
    for entry in document.get("entry", []):
        resource = entry["resource"]
        if resource["resourceType"] == "Observation":
            found.append(
                (
                    resource["code"]["coding"][0]["code"],
                    str(resource["effectiveDateTime"])[:10],
                    float(resource["valueQuantity"]["value"]),
                )
            )
    return found
