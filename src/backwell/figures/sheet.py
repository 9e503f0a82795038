"""A contact sheet: every still on one page at phone size, as SVG and as a PNG drawn by Chromium,
for looking at the whole catalogue figure by figure."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

COLUMNS = 6
CELL_WIDTH = 180  # about half a phone screen's width in CSS pixels, as a picture shows in a list
PICTURE_HEIGHT = 135  # the figures' 4:3 frame
CELL_HEIGHT = PICTURE_HEIGHT + 30  # room for the name under it
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
SCREENSHOT_TIMEOUT_S = 120


class SheetError(RuntimeError):
    """The PNG could not be made (no Chromium, or it failed), with a message saying why."""


def sheet_svg(stills: list[tuple[str, str, str]]) -> str:
    """One SVG laying out (slug, name, still SVG) cells in a grid, each still nested as drawn."""
    rows = (len(stills) + COLUMNS - 1) // COLUMNS
    width, height = COLUMNS * CELL_WIDTH, max(rows, 1) * CELL_HEIGHT
    cells = []
    for index, (slug, name, svg) in enumerate(stills):
        x = (index % COLUMNS) * CELL_WIDTH
        y = (index // COLUMNS) * CELL_HEIGHT
        # Each still is a whole <svg> document: placed by giving it a position and a size.
        nested = re.sub(
            r"^<svg ",
            f'<svg x="{x}" y="{y + 2}" width="{CELL_WIDTH}" height="{PICTURE_HEIGHT}" ',
            svg.strip(),
            count=1,
        )
        label = name if len(name) <= 30 else name[:29] + "…"
        cells.append(
            f'<rect x="{x + 0.5}" y="{y + 0.5}" width="{CELL_WIDTH - 1}" height="{CELL_HEIGHT - 1}" '
            f'fill="none" stroke="#ddd"/>{nested}'
            f'<text x="{x + 4}" y="{y + PICTURE_HEIGHT + 14}" font-size="11" font-family="sans-serif">'
            f"{escape(label)}</text>"
            f'<text x="{x + 4}" y="{y + PICTURE_HEIGHT + 26}" font-size="9" font-family="monospace" '
            f'fill="#666">{escape(slug)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" fill="#fff"/>'
        + "".join(cells)
        + "</svg>\n"
    )


def sheet_size(count: int) -> tuple[int, int]:
    rows = (count + COLUMNS - 1) // COLUMNS
    return COLUMNS * CELL_WIDTH, max(rows, 1) * CELL_HEIGHT


def chromium() -> str | None:
    return next((path for name in CHROMIUM if (path := shutil.which(name))), None)


def screenshot(svg_file: Path, png_file: Path, size: tuple[int, int]) -> None:
    """Draw the sheet to PNG with headless Chromium, at one CSS pixel per pixel."""
    browser = chromium()
    if browser is None:
        raise SheetError("no Chromium found to draw the PNG (install chromium, or use the SVG sheet)")
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png_file.resolve()}",
            svg_file.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=SCREENSHOT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise SheetError(f"Chromium took over {SCREENSHOT_TIMEOUT_S} s to draw the sheet") from None
    if done.returncode != 0 or not png_file.exists():
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise SheetError(f"Chromium could not draw the sheet: {detail[0]}")
