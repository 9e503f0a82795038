"""Test-wide setup: a private data directory and the switch that runs data-layer tests on PostgreSQL."""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import settings as hypothesis_settings

from backwell.bench.coach import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

POSTGRES_URL = os.environ.get("BACKWELL_TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")
# Each pytest-xdist worker gets its own Redis database (15, 14, …), so one worker's flush never
# empties a queue another worker is using.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("BACKWELL_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - _WORKER}")
IN_CI = os.environ.get("CI", "").lower() == "true"

# Property tests: in CI the same examples on every run (derandomize), so a red build is reproducible
# and never flaky; locally fresh random examples each run, so new corner cases keep turning up.
# Tests with their own @settings keep their max_examples but inherit derandomize from here.
# HYPOTHESIS_PROFILE=ci reproduces a CI run locally.
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=100, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# scripts/test runs the data-layer tests a second time with BACKWELL_TEST_POSTGRES=1 and
# DATABASE_URL pointing at PostgreSQL (settings read it before this file is imported).


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Outside CI, tests needing an unreachable server skip and say why; in CI they must run."""
    if IN_CI:
        return
    missing = {
        "postgres": None if reachable("127.0.0.1", 5432) else "PostgreSQL is not reachable on 127.0.0.1:5432",
        "redis": None if reachable("127.0.0.1", 6379) else "Redis is not reachable on 127.0.0.1:6379",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))
    if os.environ.get("BACKWELL_TEST_POSTGRES") == "1" and missing["postgres"]:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=missing["postgres"]))


# --- Browser tests: Debian's chromium driven by Playwright, screenshots, axe-core -------------

# Chromium and its flags come from backwell.bench.coach: one list for the tests and `backwell bench coach`.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOT_ROOT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "screenshots")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The offline app's service worker keeps pages in the background after a test's last step, and
    # those requests would reach the test server while the database is flushed; only the tests of the
    # offline app (tests/web/programs/test_offline_player.py) let it run, and they wait for it.
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def screenshot_dir() -> str:
    """var/screenshots/<run>: one folder per test run, named by time, so runs never mix."""
    import time

    run = os.environ.get("BACKWELL_SCREENSHOT_RUN") or time.strftime("%Y%m%d-%H%M%S")
    path = os.path.join(SCREENSHOT_ROOT, run)
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture
def shoot(screenshot_dir: str):
    """shoot(page, "name") saves the page at phone and desktop widths and returns the paths."""

    def _shoot(page, name: str) -> list[str]:
        paths = []
        original = page.viewport_size
        for label, size in (("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(size)
            path = os.path.join(screenshot_dir, f"{name}-{label}.png")
            page.screenshot(path=path, full_page=True)
            paths.append(path)
        if original:
            page.set_viewport_size(original)
        return paths

    return _shoot


@pytest.fixture
def axe_check():
    """axe_check(page) fails the test on any serious or critical accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _check(page) -> None:
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)

    return _check
