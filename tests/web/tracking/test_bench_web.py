"""`backwell bench web`: the no-loss check's plan, how measurements combine, the CPU reading and the set-up."""

from __future__ import annotations

import pytest

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


def test_a_pages_share_is_its_median_slice_against_the_trivial_view_measured_just_before_it() -> None:
    from backwell.bench.web import Measurement

    # Each round is made of slices; the machine slowed down for one slice of the second round: the
    # trivial view and the page both ran at half speed then, and that slice's share was an outlier.
    first = Measurement.joined([Measurement("page", shares=[0.62]), Measurement("page", shares=[0.60])])
    second = Measurement.joined([Measurement("page", shares=[0.61]), Measurement("page", shares=[0.2])])
    third = Measurement.joined([Measurement("page", shares=[0.63]), Measurement("page", shares=[0.59])])
    assert Measurement.merged([first, second, third]).share == 0.605  # the median of all six slices
    assert Measurement("trivial view").share == 1.0  # the trivial view against itself


def test_a_round_made_of_slices_reports_all_their_requests_over_all_their_time() -> None:
    from backwell.bench.web import Measurement

    slices = [
        Measurement("page", latencies_ms=[1.0] * 100, statuses={200: 100}, seconds=1.0, app_cpu_ms=[1.5]),
        Measurement("page", latencies_ms=[3.0] * 300, statuses={200: 300}, seconds=1.0, app_cpu_ms=[1.7]),
    ]
    round_ = Measurement.joined(slices)
    assert round_.rps == 200.0  # 400 requests in 2 s, not the median slice's 100 or 300
    assert round_.count == 400 and round_.statuses == {200: 400}
    assert round_.app_cpu_ms == [1.5, 1.7]  # every slice's CPU, for the median over slices
    # Rounds merged from joined slices still report the median round's rate.
    assert Measurement.merged([round_, Measurement.joined([slices[0]])]).round_rps == [200.0, 100.0]


def test_the_bench_reports_the_mean_response_size_over_every_slice_and_round() -> None:
    import http.client

    from backwell.bench.web import Measurement, hammer

    def page(_n: int) -> tuple[int, bytes, http.client.HTTPMessage]:
        return 200, b"x" * 2500, http.client.HTTPMessage()

    small = hammer("page", page, clients=2, total=10, seconds=5, ok={200})
    assert small.count == 10 and small.kilobytes == 2.5
    large = Measurement("page", latencies_ms=[1.0] * 10, body_bytes=10 * 5500)
    assert Measurement.merged([Measurement.joined([small, large])]).kilobytes == 4.0  # 80 kB over 20
    assert Measurement("page").kilobytes == 0.0  # nothing answered: no size, not a division by zero


def test_the_table_shows_each_requests_cost_to_the_app_the_database_and_the_load_client(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backwell.bench.web import Measurement, print_table

    trivial = Measurement("trivial view", latencies_ms=[1.0] * 4, seconds=0.002, app_cpu_ms=[0.5])
    trivial.client_cpu_ms.append(0.25)
    page = Measurement(
        "progress page", latencies_ms=[2.0] * 4, seconds=0.004, body_bytes=4 * 86_600, shares=[0.5]
    )
    page.app_cpu_ms.append(1.25)
    page.db_cpu_ms.append(0.125)
    page.client_cpu_ms.append(0.375)
    print_table(
        [trivial, page],
        {"progress page": 1},
        clients=16,
        workers=2,
        rounds=1,
        slice_size=4,
        database="SQLite",
    )
    lines = capsys.readouterr().out.splitlines()
    header, row = lines[1].split(), lines[3].split()
    assert header[-3:] == ["CPU", "kB", "errors"] and "client" in header
    # queries, app CPU, db CPU, app × the trivial view's, client CPU, kB, errors
    assert row[-7:] == ["1", "1.25", "0.12", "2.5", "0.38", "86.6", "0"]
    assert "50%" in row


@pytest.mark.postgres
def test_the_bench_vacuums_its_postgresql_database_after_setting_it_up() -> None:
    """Dead rows from the bulk set-up, and autovacuum arriving mid-run, would move the PostgreSQL rows."""
    import psycopg

    from backwell.bench.web import ProductionServer

    server = ProductionServer(workers=1, postgres=True)
    server._admin(f'CREATE DATABASE "{server.database}"')
    try:
        with psycopg.connect(server.env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("CREATE TABLE history (id int PRIMARY KEY, pain int)")
            connection.execute("INSERT INTO history SELECT n, n % 11 FROM generate_series(1, 2000) n")
            connection.execute("UPDATE history SET pain = pain + 1")  # every row leaves a dead version
            server.settle()
            dead, vacuumed, analysed = connection.execute(
                "SELECT n_dead_tup, last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = 'history'"
            ).fetchone()
    finally:
        server.__exit__(None, None, None)
    assert vacuumed and analysed and dead == 0
