"""One worker handling one request of several photos, alone in its process, for `backwell bench posture`.

Run as `python -m backwell.bench.posture_worker PHOTO…`: it loads the pose model, analyses the photos
together exactly as the web form does (`analyze_photos`), and prints one JSON line with its memory high
water mark (VmHWM: native allocations included — libjpeg, libpng, MediaPipe) and the request's time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from backwell.bench.timing import process_memory_mb


def main(argv: list[str]) -> int:
    from backwell.posture import landmarks
    from backwell.posture.analysis import Upload, analyze_photos
    from backwell.posture.decode import InputRefused

    landmarks.warm_up()
    # The bytes of the request are in memory in the web worker too (views read every upload).
    uploads = [Upload(Path(name).read_bytes(), Path(name).name) for name in argv]
    ready, _ = process_memory_mb()
    start = time.perf_counter()
    try:
        result = analyze_photos(uploads, "front")
        outcome = f"analysed: {result.frames} of {len(uploads)} photos measured"
    except InputRefused as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - start
    _, peak = process_memory_mb()
    print(
        json.dumps(
            {
                "rss_with_model_and_uploads_mb": round(ready, 1),
                "peak_rss_mb": round(peak, 1),
                "request_ms": round(seconds * 1000, 1),
                "outcome": outcome,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
