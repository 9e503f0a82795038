"""The no-loss check's plan: check-ins and item logs alternate, and some item posts are retries with the same key."""

from __future__ import annotations

from backwell.bench.web import _plan_posts


def test_the_no_loss_check_mixes_new_item_logs_with_retries_of_earlier_ones() -> None:
    person = {"items": [[1, 1, i] for i in range(300)]}
    sent, first_ids, last_pain = _plan_posts(person, 500)
    checkins = [data for kind, data in sent if kind == "checkin"]
    items = [data for kind, data in sent if kind == "item"]
    assert len(checkins) == len(items) == 250
    assert last_pain == checkins[-1]["pain"]
    assert len(first_ids) == 200 == len({i["client_id"] for i in items})
    # Each retry repeats an earlier post exactly: the same item under the same key.
    first_post = {i["client_id"]: (i["week"], i["day"], i["index"]) for i in items[:200]}
    assert all(first_post[i["client_id"]] == (i["week"], i["day"], i["index"]) for i in items[200:])


def test_a_merged_measurement_reports_its_median_round_and_every_request() -> None:
    from backwell.bench.web import Measurement

    rounds = [
        Measurement("page", latencies_ms=[1.0] * 100, statuses={200: 100}, seconds=1.0),  # 100 req/s
        Measurement(
            "page", latencies_ms=[2.0] * 100, statuses={200: 99, 500: 1}, errors=1, seconds=0.5
        ),  # 200
        Measurement(
            "page", latencies_ms=[9.0] * 100, statuses={200: 100}, seconds=4.0
        ),  # 25 req/s: a busy moment
    ]
    merged = Measurement.merged(rounds)
    assert merged.rps == 100.0  # the middle round, not the mean (108) nor the total (300 in 5.5 s)
    assert merged.count == 300 and merged.statuses == {200: 299, 500: 1} and merged.errors == 1
    assert merged.percentile(0.5) == 2.0 and merged.percentile(0.99) == 9.0


def test_the_bench_reads_the_cpu_a_busy_worker_spent_and_finds_it_among_its_parents_children() -> None:
    import os
    import subprocess
    import sys
    import time

    from backwell.bench import cpu

    if not cpu.available():
        import pytest

        pytest.skip("no /proc on this system: the bench prints no CPU columns here")
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 30\nwhile time.time() < end: pass"]
    )
    try:
        time.sleep(1.0)
        assert {idle.pid, busy.pid} <= set(cpu.children(os.getpid()))
        # A spinning process spends about a second a second; a sleeping one next to nothing.
        assert cpu.process_seconds(busy.pid) > 0.3 > cpu.process_seconds(idle.pid)
        assert cpu.total_seconds([busy.pid, idle.pid]) >= cpu.process_seconds(busy.pid)
    finally:
        busy.kill()
        idle.kill()
        busy.wait()
        idle.wait()
    assert cpu.process_seconds(busy.pid) == 0.0  # gone: counted as nothing, not an error


def test_a_pages_share_is_its_median_round_against_the_trivial_view_measured_just_before_it() -> None:
    from backwell.bench.web import Measurement

    # The machine slowed down in the second round: both the trivial view and the page ran at half speed,
    # and the page's share of that round is what it was in the others.
    rounds = [
        Measurement("page", shares=[0.62]),
        Measurement("page", shares=[0.61]),
        Measurement("page", shares=[0.2]),
    ]
    assert Measurement.merged(rounds).share == 0.61
    assert Measurement("trivial view").share == 1.0  # the trivial view against itself
