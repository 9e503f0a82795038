"""`backwell bench site`: the article page's requests/s next to /healthz, and the newsletter's send rate."""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

from aiosmtpd.controller import Controller

from backwell.bench.web import (
    HOST,
    TARGET_SHARE,
    Measurement,
    ProductionServer,
    free_port,
    hammer,
    request,
)

ARTICLE_SLUG = "trigger-points-self-treatment"

# Runs in the server's environment: load the curated articles, add subscribers and an issue.
SETUP_SCRIPT = r"""
import json, sys
import django
django.setup()
from backwell.web.content import curated
from backwell.web.comments.models import Comment
from backwell.web.content.models import Article
from backwell.web.newsletter.models import Issue, Subscriber

spec = json.loads(sys.stdin.read())
curated.load()
article = Article.objects.get(slug=spec["slug"])
# A lived-in article: a thread of approved replies under it.
for n in range(spec["comments"]):
    top = Comment.objects.create(article=article, name=f"Reader {n}", email=f"r{n}@example.org",
                                 body="The ball against the wall helped. https://example.org", status="approved")
    Comment.objects.create(article=article, parent=top, name="Editor", email="ed@example.org",
                           body="Glad to hear it.", status="approved")
Subscriber.objects.bulk_create([Subscriber(email=f"bench{n}@example.org", status="confirmed")
                                for n in range(spec["subscribers"])])
issue = Issue.objects.create(subject="Bench issue", body="## Walk a little\n\nTen **minutes** counts.")
print(json.dumps({"path": article.get_absolute_url(), "issue": issue.pk}))
"""

START_SENDING = r"""
import json, sys
import django
django.setup()
from backwell.web.newsletter.models import Issue
from backwell.web.newsletter.services import issue_start_sending
spec = json.loads(sys.stdin.read())
print(json.dumps({"queued": issue_start_sending(issue=Issue.objects.get(pk=spec["issue"]))}))
"""

NEW_ISSUE = r"""
import json, sys
import django
django.setup()
from backwell.web.newsletter.models import Issue
issue = Issue.objects.create(subject="Crash check", body="Sent while a worker is killed.")
print(json.dumps({"issue": issue.pk}))
"""

RESUME = r"""
import json, sys
import django
django.setup()
from backwell.web.newsletter.models import Issue
from backwell.web.newsletter.services import issue_resume_sending
spec = json.loads(sys.stdin.read())
issue_resume_sending(issue=Issue.objects.get(pk=spec["issue"]))
print(json.dumps({"resumed": True}))
"""

PROGRESS = r"""
import json, sys
import django
django.setup()
from backwell.web.newsletter.models import Issue
from backwell.web.newsletter.services import issue_progress
spec = json.loads(sys.stdin.read())
issue = Issue.objects.get(pk=spec["issue"])
p = issue_progress(issue=issue)
print(json.dumps({"status": issue.status, "sent": p.sent, "total": p.total, "failed": p.failed,
                  "in_flight": p.in_flight, "queued": p.queued}))
"""


class CountingMailbox:
    """aiosmtpd handler: counts arrivals per recipient and when they came."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.arrivals: list[float] = []
        self.per_recipient: dict[str, int] = {}
        # When this many messages have arrived, the next one is held for a moment and `busy` is set,
        # so the worker can be killed while its message is on the wire but not yet recorded as sent.
        self.hold_after = 0
        self.busy = threading.Event()

    def reset(self) -> None:
        with self.lock:
            self.arrivals.clear()
            self.per_recipient.clear()
        self.busy.clear()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_after and len(self.arrivals) >= self.hold_after and not self.busy.is_set():
            self.busy.set()
            await asyncio.sleep(0.5)
        with self.lock:
            self.arrivals.append(time.perf_counter())
            for recipient in envelope.rcpt_tos:
                self.per_recipient[recipient] = self.per_recipient.get(recipient, 0) + 1
        return "250 Message accepted for delivery"


def print_table(results: list[Measurement], args: argparse.Namespace) -> None:
    base = results[0].rps or 1.0
    print(
        f"backwell bench site — gunicorn, {args.workers} workers, SQLite, {args.clients} concurrent clients, "
        f"loopback; median of {args.rounds} alternating rounds"
    )
    print(
        f"{'endpoint':<52} {'requests':>8} {'req/s':>7} {'vs trivial':>10} {'median ms':>10} {'p99 ms':>8} {'errors':>6}"
    )
    for r in results:
        median = statistics.median(r.latencies_ms) if r.latencies_ms else 0.0
        print(
            f"{r.name:<52} {r.count:>8} {r.rps:>7.0f} {r.rps / base:>10.0%} {median:>10.1f} "
            f"{r.percentile(0.99):>8.1f} {r.errors:>6}"
        )


def median_round(measurements: list[Measurement]) -> Measurement:
    ordered = sorted(measurements, key=lambda m: m.rps)
    return ordered[len(ordered) // 2]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backwell bench site", description=__doc__)
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument(
        "--requests", type=int, default=3000, help="requests per endpoint at most (default 3000)"
    )
    parser.add_argument(
        "--seconds", type=float, default=15.0, help="seconds per endpoint at most (default 15)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per endpoint (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--subscribers", type=int, default=500, help="confirmed subscribers to send to (default 500)"
    )
    parser.add_argument("--comments", type=int, default=20, help="approved comment threads under the article")
    args = parser.parse_args(argv)
    for name in ("clients", "requests", "rounds", "workers", "subscribers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    return args


def send_rate(server: ProductionServer, mailbox: CountingMailbox, issue: int, subscribers: int) -> int:
    """Queue the issue through the tasks API and let one database worker send it all."""
    began = time.perf_counter()
    queued = server.run_script(START_SENDING, {"issue": issue})["queued"]
    worker = subprocess.run(
        [
            sys.executable,
            "-m",
            "backwell.cli",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ],
        env=server.env,
        capture_output=True,
        check=False,
        timeout=600,
    )
    ended = time.perf_counter()
    progress = server.run_script(PROGRESS, {"issue": issue})
    with mailbox.lock:
        arrivals = sorted(mailbox.arrivals)
        duplicates = sum(1 for count in mailbox.per_recipient.values() if count > 1)
        received = len(mailbox.per_recipient)
    steady = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0
    print()
    print(f"newsletter send — one `db_worker`, SMTP to aiosmtpd on loopback, {queued} confirmed subscribers")
    print(
        f"  delivered {received} of {subscribers}, duplicates {duplicates}, issue status {progress['status']}"
    )
    print(f"  {len(arrivals) / (ended - began):.0f} emails/s end to end (queueing, worker start-up, sending)")
    print(f"  {steady:.0f} emails/s while sending (first to last arrival)")
    if worker.returncode != 0 or received != subscribers or duplicates:
        print("FAIL: " + worker.stderr.decode(errors="replace")[-1500:])
        return 1
    return 0


WORKER = ["-m", "backwell.cli", "db_worker", "--no-startup-delay", "--interval", "0.1"]


def crash_check(server: ProductionServer, mailbox: CountingMailbox, subscribers: int) -> int:
    """Kill a sending worker with SIGKILL part-way, resume with a fresh one: nobody may get two copies."""
    mailbox.reset()
    mailbox.hold_after = subscribers // 3
    issue = server.run_script(NEW_ISSUE, {})["issue"]
    server.run_script(START_SENDING, {"issue": issue})
    worker = subprocess.Popen(
        [sys.executable, *WORKER], env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    mailbox.busy.wait(timeout=120)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    at_kill = server.run_script(PROGRESS, {"issue": issue})
    mailbox.hold_after = 0
    time.sleep(0.6)  # the held message is accepted after its sender has died
    server.run_script(RESUME, {"issue": issue})
    subprocess.run(
        [sys.executable, *WORKER, "--batch"], env=server.env, capture_output=True, check=False, timeout=600
    )
    after = server.run_script(PROGRESS, {"issue": issue})
    with mailbox.lock:
        duplicates = sum(1 for count in mailbox.per_recipient.values() if count > 1)
        received = len(mailbox.per_recipient)
    print()
    print("crash check — SIGKILL to the sending worker part-way, then a fresh worker resumes")
    print(
        f"  at the kill: {at_kill['sent']} recorded sent, {at_kill['in_flight']} in flight, {at_kill['queued']} queued"
    )
    print(
        f"  after resuming: {received} of {subscribers} received, duplicates {duplicates}, "
        f"{after['in_flight']} left unconfirmed (never resent), issue status {after['status']}"
    )
    # At most the message in flight when the worker died may be missing; none may arrive twice.
    ok = not duplicates and received >= subscribers - at_kill["in_flight"] and after["status"] == "sent"
    print("  at most once — " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    args = parse(argv)
    mailbox = CountingMailbox()
    smtp_port = free_port()
    controller = Controller(mailbox, hostname=HOST, port=smtp_port, loop=asyncio.new_event_loop())
    controller.start()
    try:
        with ProductionServer(workers=args.workers, postgres=False) as server:
            server.env["EMAIL_URL"] = f"smtp://{HOST}:{smtp_port}"
            server.env["SITE_URL"] = f"http://{HOST}:{server.port}"
            setup = server.run_script(
                SETUP_SCRIPT,
                {"slug": ARTICLE_SLUG, "subscribers": args.subscribers, "comments": args.comments},
            )
            server.start()
            path = setup["path"]
            targets = [
                ("trivial view /healthz", lambda _n: request(server.port, "GET", "/healthz")),
                (f"article page {path}", lambda _n: request(server.port, "GET", path)),
            ]
            for name, call in targets:
                hammer(
                    name, call, clients=args.clients, total=args.clients * 4, seconds=10, ok={200}
                )  # warm up
            # The two endpoints take turns, several rounds each, so a busy moment on a shared machine
            # does not land on one of them only; each is reported by its median round.
            rounds: dict[str, list[Measurement]] = {name: [] for name, _ in targets}
            for _round in range(args.rounds):
                for name, call in targets:
                    rounds[name].append(
                        hammer(
                            name,
                            call,
                            clients=args.clients,
                            total=args.requests // args.rounds,
                            seconds=args.seconds / args.rounds,
                            ok={200},
                        )
                    )
            results = [median_round(rounds[name]) for name, _ in targets]
            print_table(results, args)
            share = results[1].rps / results[0].rps if results[0].rps else 0.0
            errors = sum(r.errors for r in results)
            print(
                f"article page: {share:.0%} of the trivial view's req/s (target ≥ {TARGET_SHARE:.0%}) — "
                + ("met" if share >= TARGET_SHARE and not errors else "NOT met")
            )
            failed = 1 if errors else 0
            failed |= send_rate(server, mailbox, setup["issue"], args.subscribers)
            failed |= crash_check(server, mailbox, args.subscribers)
    finally:
        controller.stop()
    return failed
