"""Photo size against cost, for `backwell bench posture`: decode time by size and format, and the memory
of a worker handling five of the largest photos accepted in one request.

The test photos are made here from the shared 24 MP photo (resized and saved as a camera would), so
nothing is downloaded; the 9990×9990 PNG is the outside probe's file: a real image, 100 megapixels.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from backwell.bench.timing import interleaved_ms
from backwell.posture.budget import MAX_JPEG_PIXELS, MAX_OTHER_PIXELS, MAX_PROGRESSIVE_JPEG_PIXELS

SOURCE = "4d-humans/pexels-anete-lusina-4793258.jpg"
# Decode plus raw inference may cost at most this multiple of raw inference (issue 13).
RATIO_TARGET = 1.5
PROBE_SIDE = 9990


@dataclass(frozen=True)
class SizeCase:
    label: str
    size: tuple[int, int] | None  # None: the shared photo as it is
    fmt: str
    progressive: bool = False


CASES = (
    SizeCase("1 MP JPEG", (864, 1152), "JPEG"),
    SizeCase("12 MP JPEG", (3024, 4032), "JPEG"),
    SizeCase("24 MP JPEG", (4016, 6016), "JPEG"),
    SizeCase("24 MP progressive JPEG (shared photo)", None, "JPEG", progressive=True),
    # The largest accepted of each kind: 50 MP phone mode, 25 MP progressive, 16 MP PNG.
    SizeCase("50 MP JPEG (largest accepted)", (6120, 8160), "JPEG"),
    SizeCase("25 MP progressive JPEG (largest accepted)", (4320, 5760), "JPEG", progressive=True),
    SizeCase("16 MP PNG (largest accepted)", (3456, 4608), "PNG"),
)
LARGEST = {
    "JPEG": "50 MP JPEG (largest accepted)",
    "progressive JPEG": "25 MP progressive JPEG (largest accepted)",
    "PNG": "16 MP PNG (largest accepted)",
}
PROBE = f"{PROBE_SIDE}×{PROBE_SIDE} PNG (the probe's file)"


def _assert_within_budgets() -> None:
    budgets = {
        "JPEG": MAX_JPEG_PIXELS,
        "progressive JPEG": MAX_PROGRESSIVE_JPEG_PIXELS,
        "PNG": MAX_OTHER_PIXELS,
    }
    for kind, label in LARGEST.items():
        case = next(c for c in CASES if c.label == label)
        if case.size is None or case.size[0] * case.size[1] > budgets[kind]:
            raise RuntimeError(f"the benchmark's {label} is no longer within the {kind} budget")


def make_photos(
    photos: Path, folder: Path, cases: tuple[SizeCase, ...] = CASES, probe_side: int = PROBE_SIDE
) -> dict[str, Path]:
    """Every test photo of cases (and the probe's PNG) written into folder; label → path."""
    _assert_within_budgets()
    source = photos / SOURCE
    with Image.open(source) as original:
        original.load()
        paths: dict[str, Path] = {}
        for case in cases:
            path = folder / f"{len(paths)}.{case.fmt.lower()}"
            if case.size is None:
                path.write_bytes(source.read_bytes())
            else:
                image = original.resize(case.size, Image.Resampling.BILINEAR)
                options: dict[str, Any] = {"quality": 90, "progressive": case.progressive}
                image.save(path, case.fmt, **(options if case.fmt == "JPEG" else {"compress_level": 1}))
            paths[case.label] = path
    paths[PROBE] = folder / "probe.png"
    paths[PROBE].write_bytes(probe_png(probe_side))
    return paths


def probe_png(side: int) -> bytes:
    """A real side×side RGB PNG of a few hundred kB: grey rows with a little noise, so it is no bomb."""
    import numpy as np

    rng = np.random.default_rng(13)
    base = np.full(side * 3, 128, dtype=np.uint8)
    packer = zlib.compressobj(6)
    chunks = []
    for _ in range(side):
        row = base.copy()
        row[rng.integers(0, row.size, 24)] = rng.integers(0, 255, 24, dtype=np.uint8)
        chunks.append(packer.compress(b"\x00" + row.tobytes()))
    chunks.append(packer.flush())
    data = b"".join(chunks)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def decode_rows(
    paths: dict[str, Path], repeat: int, cases: tuple[SizeCase, ...] = CASES
) -> list[dict[str, Any]]:
    """Decode time of each photo, the raw inference on what it decodes to, and their ratio."""
    import numpy as np

    from backwell.posture import landmarks
    from backwell.posture.decode import InputRefused, decode_photo

    rows = []
    for case in cases:
        data = paths[case.label].read_bytes()
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
        decoded = decode_photo(data)
        pixels = np.asarray(decoded.image)
        ms, cpu, _ = interleaved_ms(
            {
                "raw": lambda px=pixels: landmarks.run_model(px),  # type: ignore[misc]
                "decode": lambda d=data: decode_photo(d),  # type: ignore[misc]
            },
            repeat,
            warm=min(2, repeat),
        )
        ratio = (ms["decode"] + ms["raw"]) / ms["raw"]
        # CPU time barely depends on the other work on a shared machine: the verdict uses it.
        cpu_ratio = (cpu["decode"] + cpu["raw"]) / cpu["raw"]
        rows.append(
            {
                "photo": case.label,
                "pixels": f"{width}x{height}",
                "file_mb": round(len(data) / 1e6, 2),
                "decoded_to": f"{decoded.image.size[0]}x{decoded.image.size[1]}",
                "decode_ms": round(ms["decode"], 1),
                "raw_inference_ms": round(ms["raw"], 1),
                "decode_plus_inference_ratio": round(ratio, 2),
                "cpu_decode_ms": round(cpu["decode"], 1),
                "cpu_raw_inference_ms": round(cpu["raw"], 1),
                "cpu_ratio": round(cpu_ratio, 2),
                "meets_ratio": cpu_ratio <= RATIO_TARGET,
            }
        )
    probe = paths[PROBE].read_bytes()
    with Image.open(io.BytesIO(probe)) as header:
        side = header.size[0]
    start = time.perf_counter()
    try:
        decode_photo(probe, filename="probe.png", content_type="image/png")
        outcome = "decoded"
    except InputRefused as exc:
        outcome = f"refused: {exc}"
    rows.append(
        {
            "photo": PROBE,
            "pixels": f"{side}x{side}",
            "file_mb": round(len(probe) / 1e6, 2),
            "decode_ms": round((time.perf_counter() - start) * 1000, 1),
            "outcome": outcome,
        }
    )
    return rows


def five_upload_memory(paths: dict[str, Path], largest: dict[str, str] = LARGEST) -> list[dict[str, Any]]:
    """Peak RSS of a fresh worker process analysing five of the largest photos of a kind in one request."""
    rows = []
    for kind, label in (*largest.items(), ("the probe's PNG", PROBE)):
        path = paths[label]
        command = [sys.executable, "-m", "backwell.bench.posture_worker", *[str(path)] * 5]
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ.copy())
        if done.returncode != 0:
            raise RuntimeError(f"the memory worker failed: {done.stderr.strip()[-2000:]}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        report.update(
            {"uploads": f"5 × {label}", "kind": kind, "request_mb": round(5 * path.stat().st_size / 1e6, 1)}
        )
        rows.append(report)
    return rows
