"""The scaled-out stack on loopback: app servers and RQ workers sharing one PostgreSQL and one Redis.

Everything it starts is its own: a throwaway PostgreSQL database (dropped at the end), a Redis
database number of its own (flushed at the end), a data folder shared by every process as the
media folder would be shared between machines, and a folder where mail is written instead of sent.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from backwell.commands.serve import gunicorn_command

HOST = "127.0.0.1"
POSTGRES_ADMIN_URL = os.environ.get("BACKWELL_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")
# Not 15 or 14 (the pytest-xdist workers') nor 13 (`backwell bench web --cache redis`).
REDIS_URL = os.environ.get("BACKWELL_TEST_STACK_REDIS_URL", "redis://127.0.0.1:6379/12")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_until(what: str, check: Any, *, seconds: float, every: float = 0.2) -> Any:
    """Poll `check()` until it returns something true, for at most `seconds`; fail saying what."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {seconds:.0f} s waiting for {what}")


class Stack:
    """Starts and stops the processes; `sql` and `script` look at and change the shared state."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="backwell-stack-"))
        self.mail_dir = self.root / "mail"
        self.mail_dir.mkdir()
        self.database = f"backwell_stack_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.database
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backwell.web.config.settings",
            "BACKWELL_DATA_DIR": str(self.root / "data"),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "TASKS_BACKEND": "rq",
            "EMAIL_URL": f"file://{self.mail_dir}",
            # Every server must sign sessions and tokens alike: one key, as on real machines.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "BACKWELL_HTTPS": "0",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SITE_URL": "http://stack.test",
            "LOG_LEVEL": "WARNING",
        }
        self.servers: list[tuple[int, subprocess.Popen[bytes]]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self._logs: list[Any] = []
        self.started = time.monotonic()

    # --- lifetime ---------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        import psycopg
        from redis import Redis

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        Redis.from_url(REDIS_URL).flushdb()
        try:
            self.manage("migrate", "--noinput", "-v", "0")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        import psycopg
        from redis import Redis

        for process in [p for _port, p in self.servers] + self.workers:
            self._stop(process)
        for log in self._logs:
            log.close()
        if exc and exc[0] is not None:  # failing: show what the processes said, before it is removed
            for path in sorted(self.root.glob("*.log")):
                print(f"--- {path.name} (end) ---\n{path.read_text(errors='replace')[-4000:]}", flush=True)
        with contextlib.suppress(Exception):
            Redis.from_url(REDIS_URL).flushdb()
        with (
            contextlib.suppress(Exception),
            psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection,
        ):
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)

    @staticmethod
    def _stop(process: subprocess.Popen[bytes]) -> None:
        if process.poll() is not None:
            return
        # Each process leads its own session: the signal reaches gunicorn's workers and RQ's horses.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def _start(self, command: list[str], name: str) -> subprocess.Popen[bytes]:
        log = open(self.root / f"{name}.log", "ab")  # noqa: SIM115 - closed in __exit__
        self._logs.append(log)
        return subprocess.Popen(command, env=self.env, stdout=log, stderr=log, start_new_session=True)

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "backwell.cli", *args], env=self.env, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"backwell {' '.join(args)} failed:\n{done.stderr.decode(errors='replace')[-3000:]}"
            )
        return done.stdout.decode()

    def start_server(self) -> str:
        """An app server (gunicorn, as `backwell serve` runs it) on a free loopback port; its base URL."""
        port = free_port()
        process = self._start(gunicorn_command(HOST, port, 1), f"server-{port}")
        self.servers.append((port, process))
        base = f"http://{HOST}:{port}"
        wait_until(f"the app server on port {port}", lambda: _answers(base + "/healthz"), seconds=60)
        return base

    def start_worker(self) -> subprocess.Popen[bytes]:
        """An RQ worker; it looks for jobs of dead workers every 2 s so the test need not wait long."""
        name = f"worker-{len(self.workers)}"
        process = self._start(
            [sys.executable, "-m", "backwell.cli", "rq_worker", "--maintenance-interval", "2"], name
        )
        self.workers.append(process)
        return process

    def note(self, what: str) -> None:
        """A line on how long the stack took to get here (pytest shows it when the test fails, or with -s)."""
        print(f"stack: {time.monotonic() - self.started:6.1f} s  {what}", flush=True)

    # --- shared state -------------------------------------------------------------------------

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return list(connection.execute(query, params).fetchall())

    def script(self, source: str, payload: dict[str, Any]) -> Any:
        """Run Python with Django set up in the stack's environment; it prints one JSON line."""
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + source],
            input=json.dumps(payload).encode(),
            env=self.env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace")[-3000:])
        return json.loads(done.stdout.decode().strip().splitlines()[-1])

    def rq_worker_running(self, job_id: str) -> tuple[int, str] | None:
        """(pid, name) of the RQ worker running this job right now, if any."""
        from redis import Redis
        from rq import Worker

        for worker in Worker.all(connection=Redis.from_url(REDIS_URL)):
            if worker.get_current_job_id() == job_id:
                return worker.pid, worker.name
        return None


def kill_worker(pid: int) -> None:
    """SIGKILL a worker and the work horse it forked, as a crash or the OOM killer would.

    The worker goes first, so it cannot notice its horse dying and hand the job back itself: the job
    is left running in Redis, as when a machine dies, and the other workers must find it.
    """
    children = Path(f"/proc/{pid}/task/{pid}/children")
    horses = [int(c) for c in children.read_text().split()] if children.exists() else []
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    for horse in horses:
        with contextlib.suppress(ProcessLookupError):
            os.kill(horse, signal.SIGKILL)


def _answers(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
        return bool(response.status == 200)
    return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's browser: one cookie jar, whichever server a load balancer sends each request to.

    Cookies ignore ports, so what one server sets on 127.0.0.1 the browser sends to the other too.
    """

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def get(self, url: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(url))

    def post_form(self, url: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """POST the form on the page at `url` as a browser would: with the page's CSRF token."""
        status, page, _location = self.get(url)
        assert status == 200, f"GET {url} answered {status}"
        marker = 'name="csrfmiddlewaretoken" value="'
        token = page.split(marker, 1)[1].split('"', 1)[0]
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Referer": url}))

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as answer:  # 3xx (not followed) and 4xx arrive here
            return answer.code, answer.read().decode(errors="replace"), answer.headers.get("Location", "")


def mail_messages(folder: Path) -> list[dict[str, str]]:
    """Each whole message Django's file backend wrote (To and Message-ID); a message cut short by a
    killed worker lacks the closing separator, as an SMTP transfer cut short is no delivery."""
    separator = "\n" + "-" * 79 + "\n"
    found = []
    for path in sorted(folder.iterdir()):
        text = path.read_text(errors="replace")
        for chunk in text.split(separator)[:-1]:
            headers = chunk.split("\n\n", 1)[0]
            fields = {}
            for line in headers.splitlines():
                name, _, value = line.partition(": ")
                if name in ("To", "Message-ID"):
                    fields[name] = value.strip()
            if "To" in fields:
                found.append(fields)
    return found
