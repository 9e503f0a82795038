"""`backwell rq_worker`: runs background tasks queued on RQ (TASKS_BACKEND=rq), on any machine."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task_backends

from backwell.web.core.tasks_rq import RQBackend


class Command(BaseCommand):
    help = "Run an RQ worker for backwell's background tasks (needs TASKS_BACKEND=rq and REDIS_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", action="append", help=f"queue to work (default {DEFAULT_TASK_QUEUE_NAME})"
        )
        parser.add_argument("--burst", action="store_true", help="run the queued tasks, then exit")
        parser.add_argument("--backend", default="default", help="tasks backend alias (default: default)")
        parser.add_argument(
            "--maintenance-interval",
            type=int,
            default=60,
            help="seconds between looks for jobs whose worker died, which are then run again (default 60)",
        )
        parser.add_argument(
            "--no-fork",
            action="store_true",
            help="run each task in this process (for platforms without fork)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends[options["backend"]]
        if not isinstance(backend, RQBackend):
            raise CommandError(
                "The tasks backend is not RQ. Set TASKS_BACKEND=rq and REDIS_URL, or run `backwell db_worker`."
            )
        from rq import SimpleWorker, Worker

        names = options["queue"] or sorted(backend.queues) or [DEFAULT_TASK_QUEUE_NAME]
        worker_class = SimpleWorker if options["no_fork"] else Worker
        if not 1 <= options["maintenance_interval"] <= 3600:
            raise CommandError("--maintenance-interval must be from 1 to 3600 seconds")
        worker = worker_class(
            [backend.queue(name) for name in names],
            connection=backend.connection,
            # RQ's default is ten minutes; a job whose worker died then waits that long to run again.
            maintenance_interval=options["maintenance_interval"],
            # An idle worker waits on the queue for `worker_ttl` - 15 s between maintenance rounds (RQ
            # 3.0); without this an idle worker would look for dead workers' jobs every 405 s only.
            worker_ttl=options["maintenance_interval"] + 15,
            # How often a running job's heartbeat is renewed; a dead worker's job is noticed about a
            # minute after its last beat (RQ adds 60 s), so a shorter beat means a faster retry.
            job_monitoring_interval=5,
        )
        worker.work(burst=options["burst"], with_scheduler=True)
