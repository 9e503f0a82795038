"""Background tasks: the database queue by default, RQ on Redis as the scale option."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from rq.job import Job

from backwell.web.accounts.services import password_reset_request
from backwell.web.core.tasks_rq import WORKER_DEATH_RETRIES, RQBackend
from tests.conftest import REDIS_URL
from tests.web.factories import UserFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_TASKS = {
    "default": {"BACKEND": "backwell.web.core.tasks_rq.RQBackend", "OPTIONS": {"REDIS_URL": REDIS_URL}}
}


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def fail_on_purpose() -> None:
    raise LookupError("this task fails on purpose")


@task(takes_context=True)
def report_attempt(context, label: str) -> str:  # type: ignore[no-untyped-def]
    return f"{label}:{context.task_result.id}"


def test_settings_use_the_database_queue_unless_told_otherwise(settings) -> None:
    from backwell.web.config import settings as project_settings

    assert project_settings.TASKS == DATABASE_TASKS


@pytest.mark.datalayer
@pytest.mark.django_db(transaction=True)
def test_account_email_is_queued_only_after_commit_and_sent_by_the_db_worker(settings) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="lee@example.org")
    from django.db import transaction

    with transaction.atomic():
        password_reset_request(email="lee@example.org")
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert [m.to for m in mail.outbox] == [["lee@example.org"]]
    assert "password" in mail.outbox[0].subject.lower()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    # The queued row names the person by id only: no address sits in the task table.
    assert "lee@example.org" not in str(DBTaskResult.objects.values_list("args_kwargs", flat=True)[0])


def test_rq_is_chosen_by_environment_and_needs_a_redis_url(tmp_path) -> None:
    import os
    import subprocess
    from pathlib import Path

    backwell = str(Path(__file__).resolve().parents[3] / ".venv" / "bin" / "backwell")
    env = {**os.environ, "BACKWELL_DATA_DIR": str(tmp_path), "TASKS_BACKEND": "rq"}
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([backwell, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in done.stderr


@pytest.fixture
def rq_backend(settings):
    settings.TASKS = RQ_TASKS
    from django_tasks import task_backends

    rq = task_backends["default"]
    assert isinstance(rq, RQBackend)
    rq.connection.flushdb()
    yield rq
    rq.connection.flushdb()


@pytest.mark.redis
def test_rq_runs_a_task_and_reports_its_result(rq_backend: RQBackend) -> None:
    result = add.enqueue(2, 3)
    assert rq_backend.get_result(result.id).status == TaskResultStatus.READY
    call_command("rq_worker", "--burst", "--no-fork")
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    assert result.finished_at is not None and result.finished_at.tzinfo is not None
    assert result.worker_ids


@pytest.mark.redis
def test_rq_records_a_failing_task_with_its_exception(rq_backend: RQBackend) -> None:
    result = fail_on_purpose.enqueue()
    call_command("rq_worker", "--burst", "--no-fork")
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is LookupError
    assert "this task fails on purpose" in result.errors[0].traceback


@pytest.mark.redis
def test_rq_gives_a_task_that_asks_for_it_its_context(rq_backend: RQBackend) -> None:
    result = report_attempt.enqueue("first")
    call_command("rq_worker", "--burst", "--no-fork")
    result.refresh()
    assert result.return_value == f"first:{result.id}"


@pytest.mark.redis
def test_rq_holds_a_deferred_task_until_its_time(rq_backend: RQBackend) -> None:
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    result = add.using(run_after=later).enqueue(1, 1)
    call_command("rq_worker", "--burst", "--no-fork")
    assert rq_backend.get_result(result.id).status == TaskResultStatus.READY


@pytest.mark.redis
@pytest.mark.django_db
def test_rq_sends_an_account_email(
    rq_backend: RQBackend, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="lee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_request(email="lee@example.org")
    assert mail.outbox == []
    call_command("rq_worker", "--burst", "--no-fork")
    assert [m.to for m in mail.outbox] == [["lee@example.org"]]


def test_rq_worker_explains_itself_when_rq_is_not_configured(settings) -> None:
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(CommandError, match="TASKS_BACKEND=rq"):
        call_command("rq_worker", "--burst")


@pytest.mark.redis
def test_a_job_may_be_run_again_if_its_worker_dies_but_a_failing_task_fails_at_once(
    rq_backend: RQBackend,
) -> None:
    result = fail_on_purpose.enqueue()
    job = Job.fetch(result.id, connection=rq_backend.connection)
    assert job.retries_left == WORKER_DEATH_RETRIES  # kept for a worker that dies mid-job
    call_command("rq_worker", "--burst", "--no-fork")
    result.refresh()
    assert result.status == TaskResultStatus.FAILED  # not queued again for another try
    assert Job.fetch(result.id, connection=rq_backend.connection).retries_left == 0


@pytest.mark.redis
def test_rq_worker_refuses_a_maintenance_interval_out_of_range(rq_backend: RQBackend) -> None:
    with pytest.raises(CommandError, match="maintenance-interval"):
        call_command("rq_worker", "--burst", "--maintenance-interval", "0")
