"""The `backwell` commands that run the site: serve, demo, load_content, and the deploy check."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from backwell.commands import serve
from backwell.commands.demo import DEMO_EMAIL, demo_person
from backwell.engine import validate
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment

REPO = Path(__file__).resolve().parents[3]
BACKWELL = str(REPO / ".venv" / "bin" / "backwell")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "BACKWELL_", "DEBUG", "SECRET_KEY"))
    }
    env.update({"BACKWELL_DATA_DIR": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1", **extra})
    return env


def test_deploy_check_reports_nothing_with_debug_off_and_a_strong_key(tmp_path: Path) -> None:
    env = _env(
        tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="backwell.example.org"
    )
    done = subprocess.run(
        [BACKWELL, "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stderr


def test_deploy_refuses_a_weak_secret_key_with_debug_off(tmp_path: Path) -> None:
    env = _env(tmp_path, DEBUG="0", SECRET_KEY="changeme")
    done = subprocess.run(
        [BACKWELL, "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "SECRET_KEY is too weak" in done.stderr


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),  # noqa: S104 - only a string under test, nothing binds
        ("192.168.1.5", False),
    ],
)
def test_serve_knows_which_hosts_are_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_serve_turns_https_off_on_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKWELL_HTTPS", raising=False)
    serve.prepare_environment("127.0.0.1")
    assert os.environ["BACKWELL_HTTPS"] == "0"
    monkeypatch.setenv("BACKWELL_HTTPS", "1")
    serve.prepare_environment("127.0.0.1")
    assert os.environ["BACKWELL_HTTPS"] == "1"
    monkeypatch.delenv("BACKWELL_HTTPS")
    serve.prepare_environment("0.0.0.0")  # noqa: S104 - nothing binds here
    assert "BACKWELL_HTTPS" not in os.environ


def test_serve_runs_gunicorn_without_a_control_socket() -> None:
    command = serve.gunicorn_command("::1", 8001, 3)
    assert command[1:4] == ["-m", "gunicorn", "backwell.web.config.wsgi"]
    assert "--no-control-socket" in command
    assert command[command.index("--bind") + 1] == "[::1]:8001"
    assert command[command.index("--workers") + 1] == "3"


def test_serve_rejects_a_bad_port_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        serve.parse(["--port", "70000"])
    assert exit_info.value.code == 2
    assert "--port must be from 1 to 65535" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_migrates_loads_content_and_answers_over_http(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(tmp_path)
    server = subprocess.Popen(
        [BACKWELL, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        body, headers = "", {}
        for _ in range(120):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=2
                ) as response:
                    body, headers = response.read().decode(), dict(response.headers)
                break
            except OSError:
                time.sleep(0.5)
        assert "Log in" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        # Plain HTTP on loopback: no redirect to https and no HSTS.
        assert "Strict-Transport-Security" not in headers
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/core/site.css", timeout=5) as response:
            assert b"--brand" in response.read()
        assert (tmp_path / "backwell.sqlite3").exists()
        assert not (Path.home() / ".gunicorn").exists() or not any((Path.home() / ".gunicorn").iterdir())
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


@pytest.mark.django_db
def test_demo_person_has_a_completed_assessment_the_engine_accepts() -> None:
    user, password, _ = demo_person(weeks=0)
    assert user.email == DEMO_EMAIL
    assert user.check_password(password)
    assessment = Assessment.objects.get(user=user)
    assert assessment.completed_at is not None
    validate(assessment.answers)
    found = {finding["id"] for finding in assessment.result["findings"]}
    assert {"anterior_pelvic_tilt", "flexion_sensitivity"} <= found
    assert assessment.result["program"] is not None


@pytest.mark.django_db
def test_demo_is_idempotent_and_changes_the_password_each_run() -> None:
    first_user, first_password, _ = demo_person(weeks=0)
    second_user, second_password, _ = demo_person(weeks=0)
    assert first_user.pk == second_user.pk
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    assert Assessment.objects.filter(user=second_user).count() == 1
    assert first_password != second_password
    second_user.refresh_from_db()
    assert second_user.check_password(second_password)


@pytest.mark.django_db
def test_demo_command_prints_the_email_and_password(capsys: pytest.CaptureFixture[str]) -> None:
    from backwell.commands import demo

    assert demo.main(["--weeks", "0"]) == 0
    out = capsys.readouterr().out
    assert DEMO_EMAIL in out
    passwords = [part.splitlines()[0].strip() for part in out.split("password:")[1:]]
    assert User.objects.get(email=DEMO_EMAIL).check_password(passwords[0])
    # The demo clinician's login follows the demo person's.
    assert "clinician@backwell.local" in out
    assert User.objects.get(email="clinician@backwell.local", is_clinician=True).check_password(passwords[1])


@pytest.mark.django_db
def test_load_content_skips_a_loader_that_is_not_there_yet_and_runs_the_rest(settings) -> None:
    settings.CURATED_CONTENT_LOADERS = [
        "backwell.web.nowhere.load",
        "tests.web.foundation.test_commands.sample_loader",
    ]
    out, err = io.StringIO(), io.StringIO()
    call_command("load_content", stdout=out, stderr=err)
    assert "Skipped backwell.web.nowhere.load" in err.getvalue()
    assert "Loaded tests.web.foundation.test_commands.sample_loader: 3 things" in out.getvalue()


def sample_loader() -> str:
    return "3 things"


def test_cli_help_lists_serve_and_demo() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backwell.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "serve" in done.stdout and "demo" in done.stdout


@pytest.mark.django_db
def test_demo_person_gets_eight_weeks_of_history_from_the_tracking_app() -> None:
    pytest.importorskip("backwell.web.tracking.demo")
    user, _, history = demo_person(weeks=8)
    assert history == "8 weeks of history"
    assessment = Assessment.objects.get(user=user)
    # The history starts with the assessment, eight weeks back.
    assert (assessment.completed_at.date() - assessment.started_at.date()).days == 0
    from django.utils import timezone

    assert 55 <= (timezone.now() - assessment.completed_at).days <= 57
    demo_person(weeks=8)
    assert Assessment.objects.filter(user=user).count() == 1
