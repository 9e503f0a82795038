"""The scaled-out stack as a whole: two app servers and two RQ workers on one PostgreSQL and one Redis.

What a deployment with several machines relies on: whichever server a request reaches, the person is
the same person (session, lockout, their data); whichever worker takes a job, it is done once, and a
worker killed halfway loses nothing. One test, because starting the stack is most of its cost.
"""

from __future__ import annotations

import collections
import re
import time
from pathlib import Path

import pytest

from .stack import Browser, Stack, kill_worker, mail_messages, wait_until

pytestmark = [pytest.mark.stack, pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

SUBSCRIBERS = 5000
PASSWORD = "stack test password 1234"
SQUATS_VIDEO = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "photos"
    / "tfjs-models"
    / "pose_squats.mp4"
)

PEOPLE_SCRIPT = r"""
import json, sys
from backwell.web.accounts.models import User
from backwell.web.newsletter.models import Issue, Subscriber
spec = json.loads(sys.stdin.read())
for email in spec["people"]:
    User.objects.create_user(email=email, password=spec["password"], display_name="Stack")
Subscriber.objects.bulk_create(
    [Subscriber(email=f"reader{n}@example.org", status=Subscriber.Status.CONFIRMED) for n in range(spec["subscribers"])],
    batch_size=1000,
)
issue = Issue.objects.create(subject="Walking in winter", body="## Walk a little\n\nTen minutes counts.")
print(json.dumps({"issue": issue.pk}))
"""

VIDEO_SCRIPT = r"""
import json, sys
from backwell.web.accounts.models import User
from backwell.web.photos.services import posture_video_job_create
spec = json.loads(sys.stdin.read())
user = User.objects.get(email=spec["email"])
with open(spec["video"], "rb") as video:
    job = posture_video_job_create(user=user, view="front", data=video.read(), filename="me.mp4", content_type="video/mp4")
print(json.dumps({"job": job.pk}))
"""

SEND_SCRIPT = r"""
import json, sys
from backwell.web.newsletter.models import Issue
from backwell.web.newsletter.services import issue_start_sending
spec = json.loads(sys.stdin.read())
print(json.dumps({"queued": issue_start_sending(issue=Issue.objects.get(pk=spec["issue"]))}))
"""


def test_two_servers_and_two_workers_share_people_data_and_jobs() -> None:
    if not SQUATS_VIDEO.is_file():
        pytest.fail(f"the shared test video is missing: {SQUATS_VIDEO}")
    with Stack() as stack:
        stack.note("migrated")
        one, two = stack.start_server(), stack.start_server()
        stack.start_worker()
        stack.start_worker()
        stack.note("servers and workers up")
        setup = stack.script(
            PEOPLE_SCRIPT,
            {
                "people": ["walker@example.org", "forgetful@example.org"],
                "password": PASSWORD,
                "subscribers": SUBSCRIBERS,
            },
        )

        _signed_in_on_one_is_signed_in_on_two(one, two)
        _a_lockout_earned_on_one_holds_on_two(one, two)
        _a_check_in_posted_to_either_is_seen_by_both(one, two)

        # The video job: its worker is killed while it measures frames; another worker must finish it.
        stack.note("web checks done")
        job = stack.script(VIDEO_SCRIPT, {"email": "walker@example.org", "video": str(SQUATS_VIDEO)})["job"]
        attempt = wait_until(
            "a worker to start measuring the video",
            lambda: _video_attempt_measuring(stack, job),
            seconds=60,
            every=0.02,
        )
        running = stack.rq_worker_running(attempt)
        assert running, "the video job is measuring but no worker says it runs it"
        stack.note("video measuring")
        kill_worker(running[0])
        video_killed_at = time.monotonic()
        assert _video_stage(stack, job) not in ("done", "failed")
        stack.start_worker()  # what systemd's Restart=always does

        # The newsletter: both workers send together; one is killed mid-send.
        stack.note("video worker killed")
        queued = stack.script(SEND_SCRIPT, {"issue": setup["issue"]})["queued"]
        assert queued == SUBSCRIBERS
        wait_until(
            "a fifth of the issue to be sent",
            lambda: _sent(stack, setup["issue"]) >= SUBSCRIBERS // 5,
            seconds=90,
            every=0.05,
        )
        # Between two batches a worker holds no job for a moment: catch one mid-batch.
        senders = wait_until("a worker mid-batch", _workers_running_batches, seconds=20, every=0.01)
        stack.note("a fifth of the issue sent")
        kill_worker(senders[0])
        stack.start_worker()
        wait_until(
            "the issue to be sent to everyone",
            lambda: (
                stack.sql("SELECT status FROM newsletter_issue WHERE id = %s", (setup["issue"],))[0][0]
                == "sent"
            ),
            seconds=120,
        )
        stack.note("issue sent")
        _every_address_received_the_issue_once(stack, setup["issue"])

        # The killed video job is found (about a minute after its worker's last heartbeat) and run again.
        stack.note("every address checked")
        stage = wait_until(
            "the killed video job to be run again and finish",
            lambda: _video_stage(stack, job) in ("done", "failed") and _video_stage(stack, job),
            seconds=150,
            every=0.5,
        )
        assert stage == "done", stack.sql("SELECT message FROM photos_posturevideojob WHERE id = %s", (job,))
        records = stack.sql(
            "SELECT r.id FROM photos_postureanalysisrecord r JOIN accounts_user u ON u.id = r.user_id "
            "WHERE u.email = %s",
            ("walker@example.org",),
        )
        assert len(records) == 1, f"the retried video job saved {len(records)} analyses"
        upload, linked = stack.sql(
            "SELECT upload_name, analysis_id FROM photos_posturevideojob WHERE id = %s", (job,)
        )[0]
        assert upload == "" and linked == records[0][0]
        stack.note("the killed video job finished on another worker")
        assert time.monotonic() - video_killed_at < 200


# --- what the people see --------------------------------------------------------------------------


def _signed_in_on_one_is_signed_in_on_two(one: str, two: str) -> None:
    browser = Browser()
    assert browser.get(two + "/progress/check-in/")[0] == 302  # nobody signed in yet
    status, _page, location = browser.post_form(
        one + "/accounts/login/", {"username": "walker@example.org", "password": PASSWORD}
    )
    assert status == 302 and "/accounts/login/" not in location
    status, page, _location = browser.get(two + "/progress/check-in/")
    assert status == 200 and "Daily check-in" in page


def _a_lockout_earned_on_one_holds_on_two(one: str, two: str) -> None:
    guesser = Browser()
    for n in range(5):
        status, page, _location = guesser.post_form(
            one + "/accounts/login/", {"username": "forgetful@example.org", "password": f"wrong guess {n}"}
        )
        assert status == 200
    assert "Too many wrong passwords for this email address" in page
    # The right password, on the other server: still refused while the lockout lasts.
    status, page, _location = guesser.post_form(
        two + "/accounts/login/", {"username": "forgetful@example.org", "password": PASSWORD}
    )
    assert status == 200, "the other server let a locked-out person in"
    assert "Too many wrong passwords for this email address" in page


def _a_check_in_posted_to_either_is_seen_by_both(one: str, two: str) -> None:
    browser = Browser()
    browser.post_form(one + "/accounts/login/", {"username": "walker@example.org", "password": PASSWORD})
    status, _page, _location = browser.post_form(
        one + "/progress/check-in/", {"pain": "7", "note": "sent to server one"}
    )
    assert status == 302
    for server in (one, two):
        page = browser.get(server + "/progress/check-in/")[1]
        assert "sent to server one" in page and 'class="pain-chip pain-7"' in page
    status, _page, _location = browser.post_form(
        two + "/progress/check-in/", {"pain": "3", "note": "sent to server two"}
    )
    assert status == 302
    for server in (one, two):
        page = browser.get(server + "/progress/check-in/")[1]
        # The same day's check-in replaced, on both servers (and the stored pages redrawn on both).
        assert "sent to server two" in page and "sent to server one" not in page
        assert 'class="pain-chip pain-3"' in page


# --- what the workers did ---------------------------------------------------------------------------


def _video_stage(stack: Stack, job: int) -> str:
    return str(stack.sql("SELECT stage FROM photos_posturevideojob WHERE id = %s", (job,))[0][0])


def _video_attempt_measuring(stack: Stack, job: int) -> str:
    stage, attempt = stack.sql("SELECT stage, attempt FROM photos_posturevideojob WHERE id = %s", (job,))[0]
    return str(attempt) if stage == "measuring" else ""


def _sent(stack: Stack, issue: int) -> int:
    rows = stack.sql(
        "SELECT COUNT(*) FROM newsletter_delivery WHERE issue_id = %s AND status = 'sent'", (issue,)
    )
    return int(rows[0][0])


def _workers_running_batches() -> list[int]:
    """Pids of the workers running a newsletter batch right now."""
    from redis import Redis
    from rq import Worker

    from .stack import REDIS_URL

    pids = []
    for worker in Worker.all(connection=Redis.from_url(REDIS_URL)):
        job = worker.get_current_job()
        if job is not None and "send_issue_batch" in (job.description or ""):
            pids.append(worker.pid)
    return pids


def _every_address_received_the_issue_once(stack: Stack, issue: int) -> None:
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import FinishedJobRegistry

    from .stack import REDIS_URL

    messages = mail_messages(stack.mail_dir)
    by_address: dict[str, set[str]] = collections.defaultdict(set)
    copies = collections.Counter(m["To"] for m in messages)
    for message in messages:
        by_address[message["To"]].add(message.get("Message-ID", ""))
    expected = {f"reader{n}@example.org" for n in range(SUBSCRIBERS)}
    assert set(by_address) == expected, f"{len(expected - set(by_address))} addresses got nothing"
    # Exactly one message per address. A raw second copy can only be the one the killed worker had
    # handed over in the microseconds before its COMMIT; it then carries the same Message-ID.
    assert all(len(ids) == 1 and "" not in ids for ids in by_address.values())
    assert all(
        re.fullmatch(rf"<newsletter-issue-{issue}-to-\d+@stack\.test>", next(iter(ids)))
        for ids in by_address.values()
    )
    repeated = sum(n - 1 for n in copies.values())
    assert repeated <= 1, copies.most_common(3)
    stack.note(f"{len(messages)} messages to {len(by_address)} addresses, {repeated} repeated copy")
    rows = stack.sql(
        "SELECT status, COUNT(*) FROM newsletter_delivery WHERE issue_id = %s GROUP BY status", (issue,)
    )
    assert dict(rows) == {"sent": SUBSCRIBERS}
    # Both workers sent part of it: RQ keeps each finished batch with the worker that ran it.
    redis = Redis.from_url(REDIS_URL)
    registry = FinishedJobRegistry(queue=Queue("default", connection=redis))
    sent_by: collections.Counter[str] = collections.Counter()
    for job in Job.fetch_many(registry.get_job_ids(), connection=redis):
        if job is not None and "send_issue_batch" in (job.description or "") and job.worker_name:
            sent_by[job.worker_name] += int(job.return_value() or 0)
    assert len([name for name, n in sent_by.items() if n > 0]) >= 2, sent_by
