"""A django-tasks backend that queues tasks on RQ in Redis, for deployments that outgrow one machine.

django-tasks 0.12 ships no RQ backend, so this adapter maps the tasks API onto RQ: `enqueue` puts a
job on the RQ queue named like the task's queue, `get_result` reads the job back, and
`backwell rq_worker` (Django set up, RQ's worker loop) runs the jobs. Jobs carry only the task's
import path and its JSON arguments, so any machine with the same code can run them.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.utils.module_loading import import_string
from django_tasks import TaskContext, TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus, get_current_job

T = TypeVar("T")

# Finished results are kept a day for get_result(); failures a week, for the operator to look at.
RESULT_TTL_SECONDS = 24 * 3600
FAILURE_TTL_SECONDS = 7 * 24 * 3600
# A job whose worker dies (killed, out of memory, its machine gone) runs again, up to this many
# times. A task that raises fails at once instead (see run_task): the database queue does the same,
# and running a broken task again rarely mends it. backwell's tasks are written to be run again.
WORKER_DEATH_RETRIES = 2

STATUS = {
    JobStatus.CREATED: TaskResultStatus.READY,
    JobStatus.QUEUED: TaskResultStatus.READY,
    JobStatus.DEFERRED: TaskResultStatus.READY,
    JobStatus.SCHEDULED: TaskResultStatus.READY,
    JobStatus.READY_TO_ENQUEUE: TaskResultStatus.READY,
    JobStatus.RATE_LIMITED: TaskResultStatus.READY,
    JobStatus.STARTED: TaskResultStatus.RUNNING,
    JobStatus.FINISHED: TaskResultStatus.SUCCESSFUL,
    JobStatus.FAILED: TaskResultStatus.FAILED,
    JobStatus.STOPPED: TaskResultStatus.FAILED,
    JobStatus.CANCELED: TaskResultStatus.FAILED,
}


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    # RQ stores naive UTC times.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=datetime.UTC)


def _exception_path(traceback: str) -> str:
    """The exception's import path from the last line of a traceback ("pkg.Error: message")."""
    last = traceback.strip().splitlines()[-1] if traceback.strip() else ""
    name = last.split(":", 1)[0].strip()
    if not name or " " in name:
        return "builtins.Exception"
    return name if "." in name else f"builtins.{name}"


def run_task(module_path: str, backend_alias: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """What an RQ worker runs: the task function, given a context when it asks for one."""
    task: Task[Any, Any] = import_string(module_path)
    job = get_current_job()
    try:
        if task.takes_context:
            if job is None:
                raise RuntimeError("run_task must run inside an RQ job")
            from django_tasks import task_backends

            result = task_backends[backend_alias].get_result(job.id)
            return task.call(TaskContext(task_result=result), *args, **kwargs)
        return task.call(*args, **kwargs)
    except Exception:
        if job is not None:
            # The worker decides on a retry from this very job object: the retries are kept for
            # a worker that dies, not spent on a task that failed.
            job.retries_left = 0
        raise


class RQBackend(BaseTaskBackend):
    """OPTIONS: {"REDIS_URL": "redis://host:6379/0"}. QUEUES: the queue names tasks may use."""

    supports_defer = True
    supports_get_result = True
    supports_priority = False
    supports_async_task = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.redis_url: str = self.options.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
        self._connection: Redis | None = None

    @property
    def connection(self) -> Redis:
        if self._connection is None:
            self._connection = Redis.from_url(self.redis_url)
        return self._connection

    def queue(self, name: str) -> Queue:
        return Queue(name, connection=self.connection)

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        result_id = get_random_id()
        queue = self.queue(task.queue_name)
        job_args = (task.module_path, self.alias, list(args), dict(kwargs))
        options: dict[str, Any] = {
            "job_id": result_id,
            "result_ttl": RESULT_TTL_SECONDS,
            "failure_ttl": FAILURE_TTL_SECONDS,
            "description": task.name,
            "retry": Retry(max=WORKER_DEATH_RETRIES),
        }
        if task.run_after is not None:
            # Needs a worker started with the scheduler (`backwell rq_worker` does that).
            queue.enqueue_at(task.run_after, run_task, *job_args, **options)
        else:
            queue.enqueue_call(run_task, args=job_args, **options)
        result: TaskResult[T] = TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=datetime.datetime.now(datetime.UTC),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult[Any]:
        try:
            job = Job.fetch(result_id, connection=self.connection)
        except NoSuchJobError as exc:
            raise TaskResultDoesNotExist(result_id) from exc
        module_path, _alias, args, kwargs = job.args
        task = import_string(module_path)
        status = STATUS.get(job.get_status(), TaskResultStatus.READY)
        errors = []
        if status == TaskResultStatus.FAILED:
            traceback = job.exc_info or ""
            errors.append(TaskError(exception_class_path=_exception_path(traceback), traceback=traceback))
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=result_id,
            status=status,
            enqueued_at=_aware(job.enqueued_at),
            started_at=_aware(job.started_at),
            last_attempted_at=_aware(job.started_at),
            finished_at=_aware(job.ended_at),
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=errors,
            worker_ids=[job.worker_name] if job.worker_name else [],
        )
        if status == TaskResultStatus.SUCCESSFUL:
            object.__setattr__(result, "_return_value", job.return_value())
        return result
