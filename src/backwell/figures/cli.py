"""`backwell kb render`: exercise pictures written to SVG files, one exercise or all of them."""

from __future__ import annotations

import argparse
import difflib
import html
import sys
from pathlib import Path

from backwell.engine.knowledge import KnowledgeBase, KnowledgeError, load, model

from .animation import render_animated
from .geometry import FigureError
from .render import render_still
from .sheet import SheetError, screenshot, sheet_size, sheet_svg

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backwell kb render",
        description="Draw an exercise's picture as SVG, or every picture of the knowledge base.",
    )
    parser.add_argument(
        "slug", nargs="?", help="the exercise, lesson or self-test slug, e.g. glute_bridge or ober_test"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE.svg", help="where to write the picture")
    parser.add_argument("--animated", action="store_true", help="write the looping animation, not the still")
    parser.add_argument(
        "--all",
        dest="all_dir",
        type=Path,
        metavar="DIR",
        help="write SLUG.svg and SLUG.animated.svg for every figure, and an index.html",
    )
    parser.add_argument(
        "--sheet",
        action="store_true",
        help="with --all: also write sheet.svg and sheet.png, every still on one page at phone size",
    )
    return parser


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def render_main(argv: list[str], knowledge: KnowledgeBase | None = None) -> int:
    """Run `backwell kb render` with the arguments that follow `render`; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and what was wrong
        return int(exc.code or 0)
    if args.all_dir is not None and args.slug is not None:
        _error("give either a SLUG with -o FILE.svg, or --all DIR, not both")
        return USAGE_ERROR
    if args.all_dir is None and args.slug is None:
        _error("give a SLUG with -o FILE.svg, or --all DIR (see --help)")
        return USAGE_ERROR
    if args.slug is not None and args.output is None:
        _error(f"say where to write the picture: backwell kb render {args.slug} -o {args.slug}.svg")
        return USAGE_ERROR
    if knowledge is None:
        try:
            knowledge = load()
        except KnowledgeError as exc:
            _error(
                f"the knowledge base does not load ({len(exc.problems)} problems); "
                "run `backwell kb check` to list them"
            )
            return 1
    if args.sheet and args.all_dir is None:
        _error("--sheet goes with --all DIR: backwell kb render --all DIR --sheet")
        return USAGE_ERROR
    if args.all_dir is not None:
        return _render_all(knowledge, args.all_dir, sheet=args.sheet)
    return _render_one(knowledge, args.slug, args.output, args.animated)


def _named(knowledge: KnowledgeBase, slug: str) -> model.Exercise | model.Lesson | model.SelfTest | None:
    return knowledge.exercises.get(slug) or knowledge.lessons.get(slug) or knowledge.self_tests.get(slug)


def _render_one(knowledge: KnowledgeBase, slug: str, output: Path, animated: bool) -> int:
    named = _named(knowledge, slug)
    figure = knowledge.figures.get(slug)
    if named is None:
        known = [*knowledge.exercises, *knowledge.lessons, *knowledge.self_tests]
        close = difflib.get_close_matches(slug, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else "; `backwell kb stats` counts what there is"
        _error(f"no exercise, lesson or self-test has the slug {slug!r}{hint}")
        return USAGE_ERROR
    if figure is None:
        _error(f"{slug!r} has no figure yet: add one to src/backwell/engine/knowledge/data/figures/")
        return USAGE_ERROR
    try:
        svg = render_animated(figure, named) if animated else render_still(figure, named)
    except FigureError as exc:
        _error(str(exc))
        return 1
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(svg, encoding="utf-8")
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror or exc}")
        return 1
    print(output)
    return 0


def _render_all(knowledge: KnowledgeBase, directory: Path, *, sheet: bool = False) -> int:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _error(f"cannot create {directory}: {exc.strerror or exc}")
        return 1
    drawn: list[tuple[str, str]] = []
    stills: list[tuple[str, str, str]] = []
    failed = 0
    for slug in sorted({*knowledge.exercises, *knowledge.lessons, *knowledge.self_tests}):
        figure = knowledge.figures.get(slug)
        named = _named(knowledge, slug)
        if figure is None or named is None:
            continue
        try:
            still, moving = render_still(figure, named), render_animated(figure, named)
        except FigureError as exc:
            _error(str(exc))
            failed += 1
            continue
        try:
            (directory / f"{slug}.svg").write_text(still, encoding="utf-8")
            (directory / f"{slug}.animated.svg").write_text(moving, encoding="utf-8")
        except OSError as exc:
            _error(f"cannot write into {directory}: {exc.strerror or exc}")
            return 1
        drawn.append((slug, named.name))
        stills.append((slug, named.name, still))
    (directory / "index.html").write_text(_contact_sheet(drawn), encoding="utf-8")
    print(f"wrote {len(drawn)} pictures (still and animated) and index.html to {directory}")
    if sheet:
        svg_file, png_file = directory / "sheet.svg", directory / "sheet.png"
        svg_file.write_text(sheet_svg(stills), encoding="utf-8")
        try:
            screenshot(svg_file, png_file, sheet_size(len(stills)))
        except SheetError as exc:
            _error(f"wrote {svg_file} but not the PNG: {exc}")
            return 1
        print(f"wrote the contact sheet {svg_file} and {png_file}")
    return 1 if failed else 0


def _contact_sheet(drawn: list[tuple[str, str]]) -> str:
    """A page showing every still, each linking to its animation: for looking at them all at once."""
    cells = "\n".join(
        f'<figure><a href="{html.escape(slug)}.animated.svg"><img src="{html.escape(slug)}.svg" alt=""></a>'
        f"<figcaption>{html.escape(name)}<br><code>{html.escape(slug)}</code></figcaption></figure>"
        for slug, name in drawn
    )
    style = (
        "body{font-family:sans-serif;display:flex;flex-wrap:wrap;gap:8px;margin:8px}"
        "figure{margin:0;width:280px;border:1px solid #ddd}img{width:280px;height:210px}"
        "figcaption{padding:4px;font-size:13px}"
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>backwell exercise pictures</title>'
        f"<style>{style}</style></head><body>\n{cells}\n</body></html>\n"
    )
