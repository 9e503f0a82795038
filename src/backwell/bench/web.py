"""`backwell bench web`: the production server on loopback under 16 concurrent clients, and a no-loss check."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

# The bench person is the demo person: the same answers, planned by the same engine.
from backwell.bench import cpu
from backwell.commands.demo import DEMO_ANSWERS
from backwell.commands.serve import gunicorn_command

HOST = "127.0.0.1"
POSTGRES_ADMIN_URL = os.environ.get("BACKWELL_BENCH_POSTGRES_URL", "postgres://root@127.0.0.1:5432/postgres")
# A Redis database of its own: the bench empties it when it ends.
BENCH_REDIS_URL = os.environ.get("BACKWELL_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TARGET_SHARE = 0.5  # each page at least half the trivial view's requests per second
# The scale-out path (issue 19): on PostgreSQL each page at least 60% of the trivial view's rate.
TARGET_SHARE_POSTGRES = 0.6
TARGET_P99_MS = 100.0
SIGNED_IN_REFERENCE = "reference: signed-in static page"
# People linked to the bench clinician, whose worklist is one row of the table.
CLINIC_PEOPLE = 200

# Runs inside the server's environment (same database) to create the people the clients act as.
SETUP_SCRIPT = r"""
import datetime, json, sys
import django
django.setup()
from django.test import Client
from django.utils import timezone
from backwell.engine import plan
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.programs.models import Program
from backwell.web.programs.selectors import current_week, session_for, program_days
from backwell.web.tracking import adaptation
from backwell.web.tracking.bulk_history import add_daily_history, add_program_history

spec = json.loads(sys.stdin.read())
answers = spec["answers"]
today = timezone.localdate()

def person(email, *, years):
    user = User.objects.create_user(email=email, password="bench password 1234", display_name="Bench")
    assessment = Assessment.objects.create(
        user=user, answers=answers, result=plan(answers), step="results", completed_at=timezone.now()
    )
    starts = []
    if years:
        # Two years: eight finished twelve-week programs, then the current one, 80 days in.
        first = today - datetime.timedelta(days=730)
        starts = [first + datetime.timedelta(days=84 * k) for k in range(8)]
    starts.append(today - datetime.timedelta(days=80))
    program = None
    for start in starts:
        inputs = {**answers, "start_date": start.isoformat()}
        program = Program.objects.create(user=user, assessment=assessment, inputs=inputs, plan=plan(inputs),
                                         start_date=start)
        if years:
            add_program_history(program=program, today=today)
    if years:
        add_daily_history(user=user, days=730, today=today)
        adaptation.apply_due(program=program, today=today)
    client = Client()
    client.force_login(user)
    week = current_week(program, today=today)
    todays, upcoming = session_for(program, today=today)
    day = todays or upcoming or next(d for d in program_days(program) if d["week"] == week)
    items = [[d["week"], d["day"], i] for d in program_days(program) for i in range(len(d["items"]))]
    return {"session": client.cookies["sessionid"].value, "week": day["week"], "day": day["day"],
            "items": items, "user": user.pk}

# A clinician with `count` linked people, each three weeks into a program with two weeks of daily pain
# (some rising), sessions and weekly check-ins (some with a warning sign): every alert kind.
def clinic(count):
    from backwell.web.clinic.models import ClinicianLink
    from backwell.web.programs.models import SessionLog
    from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn

    doctor = User.objects.create_user(email="clinician@example.org", password="bench password 1234",
                                      display_name="Bench clinician", is_clinician=True)
    start = today - datetime.timedelta(days=20)
    inputs = {**answers, "start_date": start.isoformat()}
    planned = plan(inputs)  # the same answers plan the same program: planned once
    people = User.objects.bulk_create(
        User(email=f"linked{n}@example.org", display_name=f"Linked person {n}", password="!") for n in range(count))
    programs = Program.objects.bulk_create(
        Program(user=u, inputs=inputs, plan=planned, start_date=start) for u in people)
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(user=u, date=today - datetime.timedelta(days=d), pain=(3 + (n % 3) * (14 - d) // 7) % 11)
        for n, u in enumerate(people) for d in range(n % 4, 14))
    SessionLog.objects.bulk_create(
        SessionLog(program=p, week=3, day=d, date=today - datetime.timedelta(days=d), completed_at=timezone.now())
        for n, p in enumerate(programs) for d in range(1, 1 + n % 4))
    WeeklyCheckIn.objects.bulk_create(
        WeeklyCheckIn(user=p.user, program=p, week=w, date=start + datetime.timedelta(days=7 * w), pain=4,
                      rmdq_score=6, psfs_mean=5.0, red_flags=["fever"] if n % 25 == 0 and w == 2 else [],
                      triage={"level": "urgent" if n % 25 == 0 and w == 2 else "none", "reasons": []})
        for n, p in enumerate(programs) for w in (1, 2))
    # Each entry as written on its own day, as people make them (bulk_create stamps every row now):
    # what the worklist's stamp reads is today's changes, which a lived-in list has few of.
    for model, owners in ((DailyCheckIn, {"user__in": people}), (WeeklyCheckIn, {"user__in": people}),
                          (SessionLog, {"program__in": programs})):
        past = model.objects.filter(**owners, date__lt=today)
        for day in set(past.values_list("date", flat=True)):
            written = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
            past.filter(date=day).update(updated_at=written)
    ClinicianLink.objects.bulk_create(
        ClinicianLink(person=u, clinician=doctor, consent_changed_at=timezone.now(), shares_scores=True,
                      shares_adherence=True, shares_program=True, shares_photos=n % 2 == 0)
        for n, u in enumerate(people))
    client = Client()
    client.force_login(doctor)
    return {"session": client.cookies["sessionid"].value}

out = {"main": person("bench@example.org", years=True)}
if spec.get("clinic"):
    out["clinician"] = clinic(spec["clinic"])
out["clients"] = [person(f"client{n}@example.org", years=False) for n in range(spec["clients"])] if spec["clients"] else []
print(json.dumps(out), flush=True)
"""

VERIFY_SCRIPT = r"""
import json, sys
import django
django.setup()
from backwell.web.programs.models import ItemLog, Program
from backwell.web.tracking.models import DailyCheckIn

spec = json.loads(sys.stdin.read())
report = []
for client in spec["clients"]:
    program = Program.objects.filter(user_id=client["user"]).latest("created_at")
    logged = {str(c) for c in ItemLog.objects.filter(session__program=program).values_list("client_id", flat=True)}
    expected = set(client["first_ids"])
    checkins = list(DailyCheckIn.objects.filter(user_id=client["user"]).values_list("pain", flat=True))
    report.append({"user": client["user"], "items_expected": len(expected), "items_missing": len(expected - logged),
                   "items_extra": len(logged - expected), "checkins": checkins, "last_pain": client["last_pain"]})
print(json.dumps(report), flush=True)
"""

# Runs inside the server's environment: how many statements each endpoint sends to the database once
# its caches are warm (the second of two requests), so a regression in round trips shows as a number.
# On PostgreSQL every statement psycopg sends is counted, a connection health check's `SELECT 1` too.
QUERIES_SCRIPT = r"""
import json, sys
import django
django.setup()
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from urllib.parse import urlencode

sent = []
if connection.vendor == "postgresql":
    import psycopg

    plain_execute = psycopg.Cursor.execute

    def counted(self, query, *args, **kwargs):
        sent.append(query)
        return plain_execute(self, query, *args, **kwargs)

    psycopg.Cursor.execute = counted

spec = json.loads(sys.stdin.read())
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, method, path, data, content_type, session in spec["requests"]:
    client.cookies["sessionid"] = session
    if method == "POST":
        body = json.dumps(data) if content_type == "application/json" else urlencode(data)
        send = lambda: client.post(path, body, content_type=content_type)
    else:
        send = lambda: client.get(path, data)
    send()
    connection.ensure_connection()  # opening it is not the request's doing
    # What gunicorn's request boundary does and the test client leaves out: it arms the health check.
    close_old_connections()
    sent.clear()
    with CaptureQueriesContext(connection) as captured:
        status = send().status_code
    counts[name] = {"queries": len(sent) if connection.vendor == "postgresql" else len(captured), "status": status}
print(json.dumps(counts), flush=True)
"""


@dataclass
class Measurement:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    # Requests per second of each round, when this measurement merges several.
    round_rps: list[float] = field(default_factory=list)
    # CPU milliseconds per request the app workers and the database spent (bench/cpu.py), per slice.
    app_cpu_ms: list[float] = field(default_factory=list)
    db_cpu_ms: list[float] = field(default_factory=list)
    # The same for the load client (this process's threads): on a machine it shares with the server,
    # client + app + database CPU per request is what a request costs the machine.
    client_cpu_ms: list[float] = field(default_factory=list)
    # Per slice: this rate over the trivial view's slice measured just before it (see `speed`).
    shares: list[float] = field(default_factory=list)
    # The response bodies' bytes, all requests together.
    body_bytes: int = 0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        if self.round_rps:
            return statistics.median(self.round_rps)
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def kilobytes(self) -> float:
        """The mean response body, in kB as sent."""
        return self.body_bytes / self.count / 1000 if self.count else 0.0

    @property
    def share(self) -> float:
        """The median slice's share of the trivial view's rate (1.0 for the trivial view itself)."""
        return statistics.median(self.shares) if self.shares else 1.0

    @classmethod
    def merged(cls, rounds: list[Measurement]) -> Measurement:
        """One endpoint over several rounds: the median round's rate, latencies of all requests."""
        return cls._combined(rounds, round_rps=[r.rps for r in rounds])

    @classmethod
    def joined(cls, slices: list[Measurement]) -> Measurement:
        """One round made of several slices: its rate is all their requests over all their time."""
        return cls._combined(slices, round_rps=[])

    @classmethod
    def _combined(cls, parts: list[Measurement], *, round_rps: list[float]) -> Measurement:
        result = cls(parts[0].name, round_rps=round_rps)
        for r in parts:
            result.app_cpu_ms.extend(r.app_cpu_ms)
            result.db_cpu_ms.extend(r.db_cpu_ms)
            result.client_cpu_ms.extend(r.client_cpu_ms)
            result.shares.extend(r.shares)
            result.latencies_ms.extend(r.latencies_ms)
            result.errors += r.errors
            result.seconds += r.seconds
            result.body_bytes += r.body_bytes
            for status, n in r.statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n
        return result

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((HOST, 5432), timeout=1):
            return True
    except OSError:
        return False


class ProductionServer:
    """gunicorn serving backwell from a throwaway data directory (and database), stopped on exit."""

    def __init__(self, *, workers: int, postgres: bool, redis_url: str = "") -> None:
        self.workers = workers
        self.postgres = postgres
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix="backwell-bench-web-")
        self.database = f"backwell_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backwell.web.config.settings",
            "BACKWELL_DATA_DIR": self.data_dir,
            "BACKWELL_HTTPS": "0",
            "DEBUG": "0",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "LOG_LEVEL": "ERROR",
            # The bench is one person sending thousands of API calls a minute: far past the per-token
            # limit, which would turn the API rows into a measure of 429s.
            "API_RATE_PER_MINUTE": "100000000",
        }
        # The shared cache (sessions, rate limits, stored pages): Redis when given, else the disk cache.
        self.redis_url = redis_url
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        else:
            self.env.pop("REDIS_URL", None)
        self.env.pop("TASKS_BACKEND", None)
        if postgres:
            self.env["DATABASE_URL"] = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.database
        else:
            self.env.pop("DATABASE_URL", None)

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(sql)

    def settle(self) -> None:
        """Vacuum and analyse the bench's PostgreSQL database after its bulk set-up.

        The set-up writes two years of one person's history in seconds and leaves dead row versions and
        no statistics behind; autovacuum would catch up within a minute or two, in the middle of a run,
        and the rows measured before and after it would differ (the progress page's stamp: 338 against
        278 µs a call, measured). A database at rest in production has been vacuumed.
        """
        if not self.postgres:
            return
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")

    def run_script(self, script: str, payload: dict[str, Any]) -> Any:
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(payload).encode(),
            env=self.env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
        return json.loads(done.stdout.decode().strip().splitlines()[-1])

    def __enter__(self) -> ProductionServer:
        if self.postgres:
            self._admin(f'CREATE DATABASE "{self.database}"')
        migrate = subprocess.run(
            [sys.executable, "-m", "backwell.cli", "migrate", "--noinput", "-v", "0"],
            env=self.env,
            capture_output=True,
            check=False,
        )
        if migrate.returncode != 0:
            self.__exit__(None, None, None)
            raise RuntimeError(migrate.stderr.decode(errors="replace")[-2000:])
        return self

    def start(self) -> None:
        command = gunicorn_command(HOST, self.port, self.workers)
        self.process = subprocess.Popen(
            command,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body, _headers = request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("the production server did not answer /healthz within 30 s")

    def cpu_pids(self) -> tuple[list[int], list[int]]:
        """The gunicorn workers' process ids, and the PostgreSQL backends' serving this server's database."""
        workers = cpu.children(self.process.pid) if self.process is not None else []
        backends: list[int] = []
        if self.postgres:
            import psycopg

            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
                rows = connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
                ).fetchall()
            backends = [int(row[0]) for row in rows]
        return workers, backends

    def cpu_snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        workers, backends = self.cpu_pids()
        return (
            {pid: cpu.process_seconds(pid) for pid in workers},
            {pid: cpu.process_seconds(pid) for pid in backends},
        )

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            # gunicorn's arbiter stops its workers on SIGTERM; it runs in its own session we made.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        if self.postgres:
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if self.redis_url:
            with contextlib.suppress(Exception):
                from redis import Redis

                Redis.from_url(self.redis_url).flushdb()


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def csrf_for(port: int, session: str, path: str) -> tuple[str, str]:
    """The CSRF cookie and form token a browser would have after opening `path`."""
    status, body, headers = request(port, "GET", path, headers={"Cookie": f"sessionid={session}"})
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "") or "")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not cookie or not token:
        raise RuntimeError(f"no CSRF token on {path}")
    return cookie.group(1), token.group(1).decode()


def browser_cookie(port: int, session: str, path: str) -> str:
    """The Cookie header a browser sends once it has opened `path`: its session and the CSRF cookie
    that page set (without it every page would mint and set a new CSRF secret, as for a first visit)."""
    csrf_cookie, _token = csrf_for(port, session, path)
    return f"sessionid={session}; csrftoken={csrf_cookie}"


Call = Callable[[int], tuple[int, bytes, http.client.HTTPMessage]]


def hammer(name: str, call: Call, *, clients: int, total: int, seconds: float, ok: set[int]) -> Measurement:
    """`clients` threads send `call` until `total` requests are done or `seconds` have passed."""
    result = Measurement(name)
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def worker(number: int) -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= total or time.monotonic() > deadline:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status, body, _headers = call(number)
            except (OSError, http.client.HTTPException):
                with lock:
                    result.errors += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                result.body_bytes += len(body)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status not in ok:
                    result.errors += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


@dataclass(frozen=True)
class Endpoint:
    """One row of the speed table: a request a signed-in browser sends, and the statuses that are right."""

    name: str
    method: str
    path: str
    ok: frozenset[int]
    form: dict[str, Any] = field(default_factory=dict)
    # An API call (/api/v1/): the form goes as JSON, with the CSRF token in a header as scripts send it.
    api: bool = False
    # Sent as the bench clinician (the worklist row) rather than as the bench person.
    as_clinician: bool = False

    @property
    def content_type(self) -> str:
        return "application/json" if self.api else "application/x-www-form-urlencoded"


def _endpoints(session_path: str, week: int, day: int) -> list[Endpoint]:
    return [
        Endpoint("trivial view /healthz", "GET", "/healthz", frozenset({200})),
        # Not a target: a signed-in page that does nothing but load the session and the person
        # shows what signing in alone costs, so the pages below can be read against it too.
        Endpoint(SIGNED_IN_REFERENCE, "GET", "/accounts/privacy/", frozenset({200})),
        Endpoint(f"session page {session_path}", "GET", session_path, frozenset({200})),
        Endpoint(
            "check-in POST /progress/check-in/",
            "POST",
            "/progress/check-in/",
            frozenset({302}),
            {"pain": "3", "note": "bench"},
        ),
        Endpoint("progress page /progress/", "GET", "/progress/", frozenset({200})),
        Endpoint(
            "API session JSON /api/v1/program/days/…",
            "GET",
            f"/api/v1/program/days/{week}/{day}",
            frozenset({200}),
            api=True,
        ),
        Endpoint(
            "API check-in POST /api/v1/checkins/daily",
            "POST",
            "/api/v1/checkins/daily",
            frozenset({200}),
            {"pain": 3, "note": "bench"},
            api=True,
        ),
        Endpoint(
            f"clinician worklist /clinic/ ({CLINIC_PEOPLE} people)",
            "GET",
            "/clinic/",
            frozenset({200}),
            as_clinician=True,
        ),
    ]


def queries_per_request(
    server: ProductionServer, sessions: dict[bool, str], endpoints: list[Endpoint]
) -> dict[str, int]:
    """The database queries each endpoint makes with warm caches, counted inside the server's settings.

    `sessions`: the bench person's session (False) and the bench clinician's (True)."""
    counts = server.run_script(
        QUERIES_SCRIPT,
        {
            "requests": [
                [e.name, e.method, e.path, e.form, e.content_type, sessions[e.as_clinician]]
                for e in endpoints
            ],
        },
    )
    wrong = [
        f"{e.name}: {counts[e.name]['status']}" for e in endpoints if counts[e.name]["status"] not in e.ok
    ]
    if wrong:
        raise RuntimeError("counting queries, endpoints answered " + ", ".join(wrong))
    return {name: int(count["queries"]) for name, count in counts.items()}


def speed(args: argparse.Namespace) -> int:
    postgres = args.database == "postgres"
    if postgres and not postgres_reachable():
        raise RuntimeError("PostgreSQL is not reachable on 127.0.0.1:5432 (see BACKWELL_BENCH_POSTGRES_URL)")
    redis_url = BENCH_REDIS_URL if args.cache == "redis" else ""
    with ProductionServer(workers=args.workers, postgres=postgres, redis_url=redis_url) as server:
        people = server.run_script(
            SETUP_SCRIPT, {"answers": DEMO_ANSWERS, "clients": 0, "clinic": CLINIC_PEOPLE}
        )
        server.settle()
        main = people["main"]
        endpoints = _endpoints(f"/program/session/{main['week']}/{main['day']}/", main["week"], main["day"])
        sessions = {False: main["session"], True: people["clinician"]["session"]}
        queries = queries_per_request(server, sessions, endpoints)
        server.start()
        csrf_cookie, token = csrf_for(server.port, main["session"], "/progress/check-in/")
        # What a browser sends once it has opened a page: its session and CSRF cookies.
        cookie = f"sessionid={main['session']}; csrftoken={csrf_cookie}"
        clinician_cookie = browser_cookie(server.port, sessions[True], "/clinic/invite/")

        def call_for(endpoint: Endpoint) -> Call:
            if endpoint.as_clinician:
                headers = {"Cookie": clinician_cookie}
                return lambda _n: request(server.port, endpoint.method, endpoint.path, headers=headers)
            if endpoint.method == "GET":
                headers = {"Cookie": cookie} if endpoint.path != "/healthz" else {}
                return lambda _n: request(server.port, "GET", endpoint.path, headers=headers)
            if endpoint.api:
                body = json.dumps(endpoint.form).encode()
                headers = {"Cookie": cookie, "Content-Type": endpoint.content_type, "X-CSRFToken": token}
            else:
                body = urlencode({**endpoint.form, "csrfmiddlewaretoken": token}).encode()
                headers = {"Cookie": cookie, "Content-Type": endpoint.content_type}
            return lambda _n: request(server.port, endpoint.method, endpoint.path, body=body, headers=headers)

        targets = [(e.name, call_for(e), set(e.ok)) for e in endpoints]
        for name, call, ok in targets:
            hammer(name, call, clients=args.clients, total=args.clients * 4, seconds=10, ok=ok)  # warm up

        def measured(name: str, call: Call, ok: set[int], requests: int) -> Measurement:
            before = server.cpu_snapshot()
            client_before = time.process_time()  # every thread of this process: the load client
            measurement = hammer(
                name, call, clients=args.clients, total=requests, seconds=args.seconds, ok=ok
            )
            client = time.process_time() - client_before
            after = server.cpu_snapshot()
            if not measurement.count:
                return measurement
            measurement.client_cpu_ms.append(client * 1000 / measurement.count)
            if cpu.available():
                app, db = (
                    sum(seconds - was.get(pid, 0.0) for pid, seconds in now.items())
                    for was, now in zip(before, after, strict=True)
                )
                measurement.app_cpu_ms.append(app * 1000 / measurement.count)
                measurement.db_cpu_ms.append(db * 1000 / measurement.count)
            return measurement

        # Rounds take turns through the endpoints, so a busy moment on the machine falls on all of them
        # rather than on whichever happened to run then. Within a round a page runs in slices, each
        # right after a slice of the trivial view, and its share is the median over slices of its rate
        # against that slice's: this machine's speed drifts by a third within minutes, and a page
        # compared with the trivial view of another moment read that drift as its own speed. (Each
        # slice ends with a tail where fewer clients are busy; with a closed loop of clients the tail
        # is the same fraction of every slice of the same size, so it does not tilt the share.)
        (trivial_name, trivial_call, trivial_ok), page_targets = targets[0], targets[1:]
        rounds: dict[str, list[Measurement]] = {name: [] for name, _call, _ok in targets}
        for _round in range(args.rounds):
            for name, call, ok in page_targets:
                trivial_slices: list[Measurement] = []
                page_slices: list[Measurement] = []
                left = args.requests
                while left > 0:
                    size = min(args.slice, left)
                    trivial = measured(trivial_name, trivial_call, trivial_ok, size)
                    page = measured(name, call, ok, size)
                    if trivial.rps and page.count:
                        page.shares.append(page.rps / trivial.rps)
                    trivial_slices.append(trivial)
                    page_slices.append(page)
                    left -= size
                    if sum(p.seconds for p in page_slices) >= args.seconds:
                        break
                rounds[trivial_name].append(Measurement.joined(trivial_slices))
                rounds[name].append(Measurement.joined(page_slices))
        results = [Measurement.merged(runs) for runs in rounds.values()]
    database = ("PostgreSQL" if postgres else "SQLite") + (", Redis cache" if redis_url else ", disk cache")
    print_table(
        results,
        queries,
        clients=args.clients,
        workers=args.workers,
        rounds=args.rounds,
        slice_size=args.slice,
        database=database,
    )
    failed = [r for r in results if r.errors]
    pages = [r for r in results[1:] if r.name != SIGNED_IN_REFERENCE]
    share = TARGET_SHARE_POSTGRES if postgres else TARGET_SHARE
    slow = [r for r in pages if r.share < share or r.percentile(0.99) > TARGET_P99_MS]
    if failed:
        print("FAIL: " + ", ".join(f"{r.name}: {r.errors} errors {r.statuses}" for r in failed), flush=True)
        return 1
    print(
        f"targets: each page ≥ {share:.0%} of the trivial view's req/s and p99 ≤ {TARGET_P99_MS:.0f} ms — "
        + ("met" if not slow else "NOT met by " + ", ".join(r.name for r in slow))
    )
    return 0


def _median(values: list[float]) -> float:
    """The median, or 0 where nothing was measured (no /proc, no requests answered)."""
    return statistics.median(values) if values else 0.0


def print_table(
    results: list[Measurement],
    queries: dict[str, int],
    *,
    clients: int,
    workers: int,
    rounds: int,
    slice_size: int,
    database: str,
) -> None:
    print(
        f"backwell bench web — gunicorn, {workers} workers, {database}, {clients} concurrent clients, loopback; "
        f"req/s is the median of {rounds} rounds; vs trivial: each page runs in slices of {slice_size} requests, "
        "each right after a slice of the trivial view, and this is the median slice's rate over that trivial "
        "slice's; queries: statements sent to the database per request "
        "(health checks included), caches warm; app/db CPU: CPU ms per request of the gunicorn workers and "
        "of the PostgreSQL backends (median slice; steadier than req/s on a busy machine), and the app's "
        "CPU per request as a multiple of the trivial view's; client CPU: the load client's CPU ms per request "
        "(with the server on the same machine, client + app + db CPU is what a request costs it); "
        "kB: the response body's size",
        flush=True,
    )
    print(
        f"{'endpoint':<40} {'requests':>8} {'req/s':>8} {'rounds':>11} {'vs trivial':>10} {'median ms':>10} "
        f"{'p99 ms':>8} {'queries':>8} {'app CPU':>8} {'db CPU':>7} {'app ×':>6} {'client CPU':>10} {'kB':>6} "
        f"{'errors':>7}"
    )
    base_cpu = _median(results[0].app_cpu_ms)
    for r in results:
        spread = f"{min(r.round_rps):.0f}–{max(r.round_rps):.0f}" if r.round_rps else ""
        app, db, client = _median(r.app_cpu_ms), _median(r.db_cpu_ms), _median(r.client_cpu_ms)
        times = f"{app / base_cpu:.1f}" if base_cpu else "–"
        print(
            f"{r.name:<40} {r.count:>8} {r.rps:>8.0f} {spread:>11} {r.share:>9.0%} "
            f"{_median(r.latencies_ms):>10.1f} {r.percentile(0.99):>8.1f} "
            f"{queries.get(r.name, 0):>8} {app:>8.2f} {db:>7.2f} {times:>6} {client:>10.2f} {r.kilobytes:>6.1f} "
            f"{r.errors:>7}"
        )


def concurrency(args: argparse.Namespace) -> int:
    """16 clients each post `posts` check-ins and item logs (some retried with the same key); nothing may be lost."""
    databases = [("SQLite", False)]
    if postgres_reachable():
        databases.append(("PostgreSQL", True))
    else:
        print("PostgreSQL is not reachable on 127.0.0.1:5432: checking SQLite only.", flush=True)
    failures = 0
    for label, postgres in databases:
        with ProductionServer(workers=args.workers, postgres=postgres) as server:
            people = server.run_script(SETUP_SCRIPT, {"answers": DEMO_ANSWERS, "clients": args.clients})
            server.start()
            failures += _concurrency_round(server, people["clients"], label=label, posts=args.posts)
    return 1 if failures else 0


def _plan_posts(
    person: dict[str, Any], posts: int
) -> tuple[list[tuple[str, dict[str, Any]]], list[str], int]:
    """This client's posts: alternating check-ins and item logs; item logs past the program's items are retries."""
    items = person["items"]
    # Four in five item posts log a new item; the rest repeat an earlier post with its key.
    fresh = min(len(items), max(1, (posts // 2) * 4 // 5))
    first_ids: list[str] = []
    sent: list[tuple[str, dict[str, Any]]] = []
    pain = 0
    for n in range(posts):
        if n % 2 == 0:
            pain = n % 11
            sent.append(("checkin", {"pain": pain}))
        else:
            k = n // 2
            if k < fresh:
                client_id = str(uuid.uuid4())
                first_ids.append(client_id)
                week, day, index = items[k]
            else:
                # A retry of an earlier post, as a flaky connection makes: same key, same item.
                j = k % len(first_ids)
                client_id = first_ids[j]
                week, day, index = items[j]
            sent.append(("item", {"week": week, "day": day, "index": index, "client_id": client_id}))
    return sent, first_ids, pain


def _concurrency_round(
    server: ProductionServer, people: list[dict[str, Any]], *, label: str, posts: int
) -> int:
    plans: list[dict[str, Any]] = []
    for person in people:
        csrf_cookie, token = csrf_for(server.port, person["session"], "/progress/check-in/")
        sent, first_ids, last_pain = _plan_posts(person, posts)
        plans.append(
            {
                "person": person,
                "csrf": (csrf_cookie, token),
                "sent": sent,
                "first_ids": first_ids,
                "last_pain": last_pain,
            }
        )

    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def client(plan: dict[str, Any]) -> None:
        person = plan["person"]
        csrf_cookie, token = plan["csrf"]
        cookie = f"sessionid={person['session']}; csrftoken={csrf_cookie}"
        for kind, data in plan["sent"]:
            if kind == "checkin":
                body = urlencode({"pain": data["pain"], "csrfmiddlewaretoken": token}).encode()
                path, content_type, expected = "/progress/check-in/", "application/x-www-form-urlencoded", 302
            else:
                path = f"/program/session/{data['week']}/{data['day']}/items/"
                body = json.dumps(
                    {"index": data["index"], "outcome": "done", "client_id": data["client_id"]}
                ).encode()
                content_type, expected = "application/json", 200
            try:
                status, text, _headers = request(
                    server.port,
                    "POST",
                    path,
                    body=body,
                    headers={"Cookie": cookie, "Content-Type": content_type, "X-CSRFToken": token},
                )
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{path}: {exc}")
                continue
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status != expected:
                    errors.append(f"{path}: {status} {text[:120]!r}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    report = server.run_script(
        VERIFY_SCRIPT,
        {
            "clients": [
                {"user": p["person"]["user"], "first_ids": p["first_ids"], "last_pain": p["last_pain"]}
                for p in plans
            ]
        },
    )
    lost = sum(r["items_missing"] for r in report)
    extra = sum(r["items_extra"] for r in report)
    wrong_checkins = [r for r in report if r["checkins"] != [r["last_pain"]]]
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    total = sum(statuses.values())
    expected_items = sum(r["items_expected"] for r in report)
    print(
        f"{label}: {len(plans)} clients × {posts} posts = {total} answered in {seconds:.1f} s "
        f"({total / seconds:.0f}/s); statuses {dict(sorted(statuses.items()))}; "
        f"item logs kept {expected_items - lost}/{expected_items}, duplicates {extra}; "
        f"daily check-ins exact {len(report) - len(wrong_checkins)}/{len(report)}; 5xx {server_errors}"
    )
    bad = bool(errors or lost or extra or wrong_checkins or server_errors or total != len(plans) * posts)
    for line in errors[:10]:
        print("  " + line, flush=True)
    print(f"{label}: " + ("FAIL" if bad else "ok — nothing lost, no 5xx"), flush=True)
    return int(bad)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backwell bench web", description=__doc__)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument(
        "--requests", type=int, default=1500, help="requests per endpoint and round at most (default 1500)"
    )
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="seconds per endpoint and round at most (default 20)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds through all endpoints (default 3)")
    parser.add_argument(
        "--slice",
        type=int,
        default=500,
        help="requests per slice: pages and the trivial view take turns in slices this size (default 500)",
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="the server's database (default sqlite)",
    )
    parser.add_argument(
        "--cache",
        choices=("disk", "redis"),
        default="disk",
        help="the shared cache: the disk cache (default) or Redis (BACKWELL_BENCH_REDIS_URL, flushed after)",
    )
    parser.add_argument("--concurrency-check", action="store_true", help="the no-loss check instead of speed")
    parser.add_argument(
        "--posts", type=int, default=500, help="posts per client in the no-loss check (default 500)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.workers <= 32:
        parser.error("--clients must be 1–64 and --workers 1–32")
    if (
        args.requests < 1
        or args.seconds <= 0
        or args.posts < 2
        or args.rounds < 1
        or args.slice < args.clients
    ):
        parser.error(
            "--requests, --seconds, --rounds and --posts must be positive (--posts at least 2), "
            "and --slice at least --clients"
        )
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    try:
        return concurrency(args) if args.concurrency_check else speed(args)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
