"""The database triggers that keep `WorklistVersion`: the worklist's stamp without reading the worklist.

Why triggers and not Python: a clinician must never be shown a stored worklist that hides a red flag.
Invalidating from Python covers only the writes someone remembered to hook (a `save()`, not a bulk
`update()`, a raw statement, a cascade or the admin); a trigger sees every write the database makes.

Every INSERT, UPDATE and DELETE of a row the worklist shows gives each clinician linked to that
person (by any link, revoked or not: cheap, and never misses one) a new random version. A person
reaches their clinicians through `ClinicianLink.person_id` (one probe of the (person, clinician)
index); rows of a program or a session go through the program (a primary-key probe) first, so a
person without clinicians pays one or two index probes per write.

    table                       reaches its clinicians through
    ClinicianLink, Invitation   clinician_id (a link also changes `links_version`)
    DailyCheckIn, WeeklyCheckIn user_id
    Program                     user_id
    SessionLog, ProgramChange,  program_id
      PendingAdaptation
    ItemLog                     session_id (item writes touch their session too, but only because the
                                service does so: the trigger does not rely on it)
    User                        id, on an UPDATE that changes display_name (the worklist shows names)

The SQL is generated from table names passed in (`Tables`), so the migration can pass its historical
models' names and this module needs no models.

Keep in mind when writing a migration: SQLite rebuilds a table to alter it (copy, drop, rename), which
drops the table's own triggers and fails on the rename while other triggers name the table. A
migration that alters one of these tables on SQLite runs `drop` before and `install` after its
operations (`tests/web/clinic/test_worklist_version.py` checks every trigger exists after migrating).
PostgreSQL's TRUNCATE fires no row trigger; the app never truncates these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A new version: random rather than +1 (see WorklistVersion), in each database's dialect.
_RANDOM = {"sqlite": "random()", "postgresql": "(random() * 9e18)::bigint"}


@dataclass(frozen=True)
class Tables:
    """The database tables concerned (`Model._meta.db_table`)."""

    version: str
    link: str
    invitation: str
    user: str
    program: str
    session: str
    item: str
    daily: str
    weekly: str
    change: str
    pending: str

    @classmethod
    def of(cls, apps: Any) -> Tables:
        """The names from an app registry: the migration's historical models, or `django.apps.apps`."""

        def table(label: str) -> str:
            return str(apps.get_model(label)._meta.db_table)

        return cls(
            version=table("clinic.WorklistVersion"),
            link=table("clinic.ClinicianLink"),
            invitation=table("clinic.Invitation"),
            user=table("accounts.User"),
            program=table("programs.Program"),
            session=table("programs.SessionLog"),
            item=table("programs.ItemLog"),
            daily=table("tracking.DailyCheckIn"),
            weekly=table("tracking.WeeklyCheckIn"),
            change=table("programs.ProgramChange"),
            pending=table("clinic.PendingAdaptation"),
        )


@dataclass(frozen=True)
class _Watched:
    table: str
    # The column naming the row's clinician, person, program or session.
    key: str
    # SQL listing the clinicians to bump, with {key} for OLD.<key> or NEW.<key>.
    clinicians: str
    # The clinician's own row (ClinicianLink, Invitation): make sure the version row exists, and for a
    # link change `links_version` too.
    own: bool = False
    links: bool = False
    # Only this column's changes count (User: display_name); all writes otherwise.
    only_update_of: str = ""


def _watched(t: Tables) -> list[_Watched]:
    person = f"SELECT clinician_id FROM {t.link} WHERE person_id = {{key}}"  # noqa: S608 - names from models
    program = (
        f"SELECT l.clinician_id FROM {t.link} l JOIN {t.program} p ON p.user_id = l.person_id "  # noqa: S608
        "WHERE p.id = {key}"
    )
    session = (
        f"SELECT l.clinician_id FROM {t.link} l JOIN {t.program} p ON p.user_id = l.person_id "  # noqa: S608
        f"JOIN {t.session} s ON s.program_id = p.id WHERE s.id = {{key}}"
    )
    return [
        _Watched(t.link, "clinician_id", "{key}", own=True, links=True),
        _Watched(t.invitation, "clinician_id", "{key}", own=True),
        _Watched(t.daily, "user_id", person),
        _Watched(t.weekly, "user_id", person),
        _Watched(t.program, "user_id", person),
        _Watched(t.session, "program_id", program),
        _Watched(t.change, "program_id", program),
        _Watched(t.pending, "program_id", program),
        _Watched(t.item, "session_id", session),
        _Watched(t.user, "id", person, only_update_of="display_name"),
    ]


def _bump(t: Tables, w: _Watched, vendor: str, row: str) -> str:
    new = _RANDOM[vendor]
    links = f", links_version = {new}" if w.links else ""
    clinicians = w.clinicians.format(key=f"{row}.{w.key}")
    return f"UPDATE {t.version} SET version = {new}{links} WHERE clinician_id IN ({clinicians})"  # noqa: S608


def _ensure(t: Tables, w: _Watched, vendor: str) -> str:
    """The clinician's version row, made on their first link or invitation."""
    columns = f"{t.version} (clinician_id, version, links_version) VALUES (NEW.{w.key}, 0, 0)"
    if vendor == "postgresql":
        return f"INSERT INTO {columns} ON CONFLICT (clinician_id) DO NOTHING"
    return f"INSERT OR IGNORE INTO {columns}"


def _name(w: _Watched, suffix: str = "") -> str:
    return f"worklist_{w.table}{suffix}"


def _sqlite(t: Tables, w: _Watched) -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER) for each of INSERT, UPDATE and DELETE (SQLite: one event per trigger)."""
    ensure = f"{_ensure(t, w, 'sqlite')}; " if w.own else ""
    # The OLD row's clinicians too when an update moves the row to another person (never, in the app).
    moved = _bump(t, w, "sqlite", "OLD") + f" AND OLD.{w.key} IS NOT NEW.{w.key}"
    update = f"{ensure}{_bump(t, w, 'sqlite', 'NEW')}; {moved};"
    if w.only_update_of:
        column = w.only_update_of
        return [
            (
                _name(w, "_upd"),
                f"CREATE TRIGGER {_name(w, '_upd')} AFTER UPDATE OF {column} ON {w.table} FOR EACH ROW "
                f"WHEN OLD.{column} IS NOT NEW.{column} BEGIN {update} END",
            )
        ]
    bodies = {
        "INSERT": f"{ensure}{_bump(t, w, 'sqlite', 'NEW')};",
        "UPDATE": update,
        "DELETE": f"{_bump(t, w, 'sqlite', 'OLD')};",
    }
    return [
        (
            _name(w, f"_{event[:3].lower()}"),
            f"CREATE TRIGGER {_name(w, f'_{event[:3].lower()}')} AFTER {event} ON {w.table} FOR EACH ROW "
            f"BEGIN {body} END",
        )
        for event, body in bodies.items()
    ]


def _postgresql(t: Tables, w: _Watched) -> list[tuple[str, str]]:
    """(name, SQL) of one plpgsql function and its row trigger for all events."""
    function = _name(w, "_bump")
    ensure = f"{_ensure(t, w, 'postgresql')}; " if w.own else ""
    body = (
        f"BEGIN IF TG_OP <> 'DELETE' THEN {ensure}{_bump(t, w, 'postgresql', 'NEW')}; END IF; "
        f"IF TG_OP = 'DELETE' THEN {_bump(t, w, 'postgresql', 'OLD')}; "
        f"ELSIF TG_OP = 'UPDATE' THEN IF OLD.{w.key} IS DISTINCT FROM NEW.{w.key} THEN "
        f"{_bump(t, w, 'postgresql', 'OLD')}; END IF; END IF; RETURN NULL; END"
    )
    if w.only_update_of:
        column = w.only_update_of
        events = (
            f"UPDATE OF {column} ON {w.table} FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column})"
        )
    else:
        events = f"INSERT OR UPDATE OR DELETE ON {w.table} FOR EACH ROW"
    return [
        (function, f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$"),
        (_name(w), f"CREATE TRIGGER {_name(w)} AFTER {events} EXECUTE FUNCTION {function}()"),
    ]


def statements(t: Tables, vendor: str) -> list[tuple[str, str]]:
    """(trigger or function name, its CREATE statement), every one, for this database vendor."""
    builders = {"sqlite": _sqlite, "postgresql": _postgresql}
    if vendor not in builders:
        raise NotImplementedError(f"no worklist triggers for {vendor}: the worklist would go stale")
    build = builders[vendor]
    return [created for w in _watched(t) for created in build(t, w)]


def trigger_names(t: Tables, vendor: str) -> list[str]:
    """The triggers `install` creates (not PostgreSQL's functions), to check they are all there."""
    return [name for name, sql in statements(t, vendor) if sql.startswith("CREATE TRIGGER")]


def install(schema_editor: Any, t: Tables) -> None:
    """Create every trigger (after `drop`, so running it again is harmless)."""
    drop(schema_editor, t)
    for _created, sql in statements(t, schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(schema_editor: Any, t: Tables) -> None:
    vendor = schema_editor.connection.vendor
    for name, sql in statements(t, vendor):
        if vendor == "postgresql" and sql.startswith("CREATE FUNCTION"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")  # its trigger with it
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def fill(schema_editor: Any, t: Tables) -> None:
    """A version row for every clinician with a link or an invitation (the migration's first fill)."""
    new = _RANDOM[schema_editor.connection.vendor]
    schema_editor.execute(
        f"INSERT INTO {t.version} (clinician_id, version, links_version) "  # noqa: S608 - names from models
        f"SELECT clinician_id, {new}, {new} FROM (SELECT clinician_id FROM {t.link} "
        f"UNION SELECT clinician_id FROM {t.invitation}) clinicians"
    )
