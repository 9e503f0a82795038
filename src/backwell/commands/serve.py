"""`backwell serve`: migrate, collect static files, load curated content, then run gunicorn."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ipaddress
import os
import signal
import subprocess
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
PR_SET_PDEATHSIG = 1


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backwell serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")), help="gunicorn workers"
    )
    parser.add_argument(
        "--no-task-worker",
        action="store_true",
        help="do not start the database task worker beside the server (run `backwell db_worker` yourself)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error("--port must be from 1 to 65535")
    if not 1 <= args.workers <= 64:
        parser.error("--workers must be from 1 to 64")
    return args


def prepare_environment(host: str) -> None:
    """Settings read the environment once, so this runs before Django starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backwell.web.config.settings")
    # On a loopback address nothing terminates TLS in front of gunicorn, so HTTPS redirects and
    # secure-only cookies would lock the person out of their own laptop's server.
    if is_loopback(host) and not os.environ.get("BACKWELL_HTTPS"):
        os.environ["BACKWELL_HTTPS"] = "0"


def prepare_site() -> str:
    """Migrates, collects static files and loads content; returns the tasks backend in use."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_content", verbosity=0)
    return str(settings.TASKS["default"]["BACKEND"])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # Linux: the task worker gets SIGTERM when the server (its parent after exec) exits.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_task_worker() -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "backwell.cli", "db_worker", "--interval", "1"]
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    return subprocess.Popen(command, preexec_fn=preexec)


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "backwell.web.config.wsgi",
        "--bind",
        bind_address(host, port),
        "--workers",
        str(workers),
        # gunicorn 27 otherwise makes a control socket under ~/.gunicorn.
        "--no-control-socket",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
    ]


def main(argv: list[str]) -> int:
    args = parse(argv)
    prepare_environment(args.host)
    try:
        backend = prepare_site()
    except Exception as exc:  # a clear line for the operator instead of a traceback
        print(f"error: could not prepare the site: {exc}", file=sys.stderr)
        return 1
    if backend == "django_tasks_db.DatabaseBackend" and not args.no_task_worker:
        start_task_worker()
    command = gunicorn_command(args.host, args.port, args.workers)
    print(f"backwell: serving on http://{bind_address(args.host, args.port)}/", file=sys.stderr, flush=True)
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn, no shell
    return 0  # pragma: no cover - execv does not return
