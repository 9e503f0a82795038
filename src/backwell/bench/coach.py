"""`backwell bench coach`: frames per second of the live coach's in-page pose model, lite and full.

Headless Chromium plays the shared squat clip as its camera (Chromium's fake capture device) into a
page that runs the coach's own camera.js under the site's Content-Security-Policy; the figure is
analysed frames per second after a warm-up. The browser test of the coach reuses the clip helpers.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# The shared squat clip: 5 frames per second, 720x1280, two full squats then a third going down.
SQUAT_CLIP = Path(
    os.environ.get("BACKWELL_SQUAT_CLIP")
    or Path(__file__).resolve().parents[3].parent / "shared/data/photos/tfjs-models/pose_squats.mp4"
)
# Chromium as the browser tests run it (tests/conftest.py takes this list); fake_camera_args adds a file
# played as the camera with no permission prompt.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BENCH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coach bench</title>
<script type="module" src="/static/programs/coach/bench.js"></script></head>
<body data-pose-base="/static/mediapipe/pose/"><video id="bench-video" muted playsinline></video></body></html>
"""
CONTENT_TYPES = {".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html; charset=utf-8"}


def fake_camera_args(video_file: Path) -> list[str]:
    return [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video_file}",
    ]


def clip_to_y4m(
    source: Path,
    target: Path,
    *,
    fps: int,
    frames: int | None = None,
    slowdown: float = 1.0,
    lead_s: float = 0.0,
    width: int = 360,
    height: int = 640,
) -> Path:
    """The clip as raw .y4m for Chromium's fake camera, optionally only its first `frames` source frames.

    Chromium loops the file, so a clip cut where the person stands again loops without a false rep.
    The frame rate is raised by repeating frames: the camera then never limits the analysis rate.
    `slowdown` plays the movement slower, for a machine whose analysis rate is below the clip's 5 fps;
    `lead_s` holds the first frame that long first, so a page that starts its model late misses no movement.
    """
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("ffmpeg is missing: run scripts/setup --test (it installs Debian's ffmpeg)")
    trim = [f"trim=start_frame=0:end_frame={frames}"] if frames else []
    timing = [f"setpts={slowdown}*(PTS-STARTPTS)"]
    if lead_s:
        timing.append(f"tpad=start_mode=clone:start_duration={lead_s}")
    filters = ",".join([*trim, *timing, f"scale={width}:{height}", f"fps={fps}", "format=yuv420p"])
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            "-vf",
            filters,
            "-f",
            "yuv4mpegpipe",
            str(target),
        ],
        check=True,
    )
    return target


def _static_file(path: str) -> Path | None:
    """A /static/ path found the way the site finds it (the staticfiles finders), or None."""
    from django.contrib.staticfiles import finders

    found = finders.find(path.removeprefix("/static/"))
    return Path(found) if isinstance(found, str) else None


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        from backwell.web.core.middleware import CONTENT_SECURITY_POLICY

        path = self.path.split("?", 1)[0]
        if path == "/":
            body, kind = BENCH_PAGE.encode(), CONTENT_TYPES[".html"]
        else:
            found = _static_file(path) if path.startswith("/static/") else None
            if found is None:
                self.send_error(404)
                return
            body = found.read_bytes()
            kind = CONTENT_TYPES.get(found.suffix, "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextlib.contextmanager
def _bench_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wait_until(page: object, expression: str, timeout_s: float) -> object:
    """Polls `expression` until it is truthy: Playwright's wait_for_function evaluates a string,
    which the site's CSP (no 'unsafe-eval') refuses, as it should."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(expression)  # type: ignore[attr-defined]
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def measure(browser: object, url: str, model: str, *, warmup_s: float, seconds: float) -> dict[str, float]:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{url}/?coach_model={model}")
        wait_until(page, "window.coachBench && (window.coachBench.ready || window.coachBench.error)", 120)
        error = page.evaluate("window.coachBench.error")
        if error:
            raise RuntimeError(f"the {model} model did not start in the page: {error}")
        page.wait_for_timeout(warmup_s * 1000)
        first = page.evaluate("[window.coachBench.results, window.coachBench.seen, performance.now()]")
        page.wait_for_timeout(seconds * 1000)
        last = page.evaluate("[window.coachBench.results, window.coachBench.seen, performance.now()]")
    finally:
        page.close()
    elapsed = (last[2] - first[2]) / 1000
    frames = last[0] - first[0]
    return {"fps": frames / elapsed, "frames": frames, "seen": (last[1] - first[1]) / max(frames, 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="backwell bench coach", description=__doc__)
    parser.add_argument("--models", default="lite,full", help="comma-separated: lite, full, heavy")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per model")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of analysis before measuring")
    parser.add_argument("--camera-fps", type=int, default=30, help="frame rate of the fake camera")
    args = parser.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    if not SQUAT_CLIP.is_file():
        print(f"error: the squat clip is missing: {SQUAT_CLIP} (set BACKWELL_SQUAT_CLIP)", file=sys.stderr)
        return 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backwell.web.config.settings")
    import django

    django.setup()
    if _static_file("/static/mediapipe/pose/pose.js") is None:
        print("error: @mediapipe/pose is not installed: run scripts/setup (npm ci)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, _bench_server() as url, sync_playwright() as playwright:
        clip = clip_to_y4m(SQUAT_CLIP, Path(tmp) / "squats.y4m", fps=args.camera_fps)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=fake_camera_args(clip))
        try:
            for model in models:
                started = time.perf_counter()
                result = measure(browser, url, model, warmup_s=args.warmup, seconds=args.seconds)
                rows.append((model, result, time.perf_counter() - started))
        finally:
            browser.close()

    print(
        f"in-page pose, headless Chromium, {os.cpu_count()} cores, fake camera {args.camera_fps} fps, 360x640"
    )
    print(f"{'model':<6} {'frames/s':>9} {'frames':>7} {'person seen':>12} {'wall s':>7}")
    for model, result, wall in rows:
        print(
            f"{model:<6} {result['fps']:>9.1f} {result['frames']:>7.0f} {result['seen']:>11.0%} {wall:>7.1f}"
        )
    return 0
