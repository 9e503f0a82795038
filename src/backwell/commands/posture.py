"""`backwell posture`: analyse a photo or video of a standing person, or measure a corrected landmark set."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn

OVERLAY_FORMATS = (".png", ".jpg", ".jpeg", ".webp")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {message} (see `backwell posture --help`)", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="backwell posture",
        description="Posture measures from photos, videos or landmarks.",
        epilog="exit status: 0 measured, 1 nothing could be measured (see the warnings), 2 bad input",
    )
    sub = parser.add_subparsers(
        dest="action", required=True, parser_class=_Parser, metavar="{analyze,measure}"
    )
    analyze = sub.add_parser("analyze", help="find landmarks in a photo or short video and measure posture")
    analyze.add_argument("path", help="a JPEG, PNG or WebP photo, or an MP4, MOV or WebM video of up to 15 s")
    analyze.add_argument("--view", choices=("front", "side"), required=True)
    analyze.add_argument("--json", action="store_true", help="print the full result as JSON")
    analyze.add_argument(
        "--overlay", metavar="OUT", help="write the photo with the analysis drawn on it (.png/.jpg)"
    )
    analyze.add_argument("--frames", type=int, default=15, help="video: frames to sample (default 15)")
    analyze.add_argument("--start", type=float, default=0.0, help="video: first second to use")
    analyze.add_argument("--end", type=float, default=None, help="video: last second to use")
    measure = sub.add_parser("measure", help="measure posture from landmarks in the JSON form of `analyze`")
    measure.add_argument("path", help='JSON: {"left_shoulder": {"x": 310, "y": 402, "visibility": 0.98}, …}')
    measure.add_argument("--view", choices=("front", "side"), required=True)
    measure.add_argument("--json", action="store_true", help="print the full result as JSON")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _print_text(result: dict[str, Any]) -> None:
    lines = [
        f"{result['view']} view, {result['source']}"
        + (f", {result['frames']} frames" if result["frames"] > 1 else "")
    ]
    for key, value in result["measures"].items():
        unit = result["units"][key]
        shown = value if isinstance(value, bool) else f"{value:+.1f} ±{result['uncertainty'][key]:.1f} {unit}"
        lines.append(f"  {key}: {shown}")
        lines.append(f"      {result['readings'][key]}")
    for key, why in result["not_measured"].items():
        lines.append(f"  {key}: not measured ({why})")
    for warning in result["warnings"]:
        lines.append(f"warning: {warning}")
    for note in result["notes"]:
        lines.append(f"note: {note}")
    print("\n".join(lines))


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    # Imported here so `backwell --help` and the other commands never load numpy, Pillow or MediaPipe.
    from backwell.posture.analysis import analyze_landmarks, analyze_photo, analyze_video
    from backwell.posture.decode import InputRefused
    from backwell.posture.landmarks import PoseModelUnavailable
    from backwell.posture.points import LandmarksInvalid
    from backwell.posture.video import sniff_video

    if (
        args.action == "analyze"
        and args.overlay
        and os.path.splitext(args.overlay)[1].lower() not in OVERLAY_FORMATS
    ):
        return _fail(f"--overlay must end in {', '.join(OVERLAY_FORMATS)}: {args.overlay}")
    if args.action == "analyze" and not 1 <= args.frames <= 60:
        return _fail("--frames must be between 1 and 60")
    try:
        data = _read(args.path)
    except OSError as exc:
        return _fail(f"cannot read {args.path}: {exc.strerror or exc}")
    try:
        if args.action == "measure":
            try:
                document = json.loads(data)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                return _fail(
                    f"{args.path} is not valid JSON ({exc}); give landmarks as written by `posture analyze --json`"
                )
            analysis = analyze_landmarks(document, args.view)
        elif sniff_video(data) is not None:
            analysis = analyze_video(
                data,
                args.view,
                filename=args.path,
                max_frames=args.frames,
                start_s=args.start,
                end_s=args.end,
                overlay=bool(args.overlay),
            )
        else:
            analysis = analyze_photo(data, args.view, filename=args.path, overlay=bool(args.overlay))
    except (InputRefused, LandmarksInvalid, PoseModelUnavailable) as exc:
        return _fail(str(exc))
    if args.action == "analyze" and args.overlay:
        if analysis.overlay_image is None:
            print("warning: no overlay written: nothing could be measured in this file", file=sys.stderr)
        else:
            try:
                analysis.overlay_image.save(args.overlay)
            except OSError as exc:
                return _fail(f"cannot write {args.overlay}: {exc.strerror or exc}")
    result = analysis.to_json()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_text(result)
    return 0 if analysis.measurement is not None else 1
