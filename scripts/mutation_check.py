"""Mutation check of the safety code: change it one small step at a time and see whether a test notices.

Each mutant is one change (a flipped comparison, a constant off by one, `and` for `or`, a condition
dropped from an `if`, an early return, a `raise` removed, an owner filter dropped) applied to ONE copy
of `src/` in a temporary directory: the working tree is never touched, so it is safe to run while others
edit it. The tests chosen for the mutated module run against the copy (PYTHONPATH points at it, first on
the path); a failing or timed-out test run kills the mutant, a passing one lets it survive. A survivor is
either a gap in the tests or a change that makes no difference (an "equivalent" mutant): read each one.

Usage: scripts/mutation-check [--only NAME,…] [--list] [--min-rate 90] [--timeout-factor 4]
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

ENGINE_RULES = "tests/engine/test_program_rules.py"
# Engine 1.1's rules (pregnancy, nerve, belly pain, walking, inversion, directions, findings).
RULES_1_1 = "tests/engine/test_rules_1_1.py"
# Triage and inversion do not need the planner's property tests for rules 4-9 (time, doses, order…).
NOT_PLANNER_RULES = "not (rule4 or rule5 or rule6 or rule7 or rule8 or rule9)"
SAFETY_TESTS = "tests/engine/test_safety_mutants.py"


@dataclass(frozen=True)
class Target:
    """A module of safety code, optionally only some of its functions, and the tests that guard it."""

    name: str
    path: str  # relative to src/
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ()  # qualified names ("Class.method"); empty means the whole module
    optional: bool = False  # may not exist yet (being written by someone else)
    select: str = ""  # a pytest -k expression narrowing the tests, to keep each mutant's run short


TARGETS: tuple[Target, ...] = (
    Target(
        "triage",
        "backwell/engine/triage.py",
        # checkin_screen (engine 1.1) is the weekly re-screen that adaptation and the web's check-in share.
        (
            SAFETY_TESTS,
            "tests/engine/test_triage.py",
            "tests/engine/test_rules_1_1.py",
            "tests/engine/test_adaptation.py",
            ENGINE_RULES,
        ),
        select=NOT_PLANNER_RULES,
    ),
    Target(
        "inversion", "backwell/engine/inversion.py", (SAFETY_TESTS, ENGINE_RULES), select=NOT_PLANNER_RULES
    ),
    # Engine 1.1 moved the rules that keep an exercise out into safety.py; the planner only asks it.
    Target(
        "planner-safety",
        "backwell/engine/planner.py",
        (SAFETY_TESTS, RULES_1_1, ENGINE_RULES, "tests/engine/test_planner.py"),
        functions=("PlanContext.static_problems", "PlanContext.allowed", "_entry"),
    ),
    Target(
        "engine-safety",
        "backwell/engine/safety.py",
        (SAFETY_TESTS, RULES_1_1, ENGINE_RULES, "tests/engine/test_planner.py"),
    ),
    Target(
        "meaningful",
        "backwell/engine/meaningful.py",
        ("tests/engine/test_meaningful.py", "tests/web/tracking/test_meaningful_change.py"),
        optional=True,
    ),
    Target(
        "meaningful-change",
        "backwell/web/tracking/meaningful_change.py",
        ("tests/web/tracking/test_meaningful_change.py",),
        functions=("pain_change", "rmdq_change", "psfs_change"),
    ),
    Target(
        "newsletter-links",
        "backwell/web/newsletter/services.py",
        ("tests/web/newsletter/test_reused_ids.py", "tests/web/newsletter/test_unsubscribe.py"),
        functions=("subscriber_for_unsubscribe", "subscriber_confirm"),
    ),
    Target(
        "photos-owner",
        "backwell/web/photos/services.py",
        ("tests/web/photos/test_access.py", "tests/web/photos/test_services.py"),
        functions=(
            "posture_analysis_confirm",
            "posture_confirm",
            "posture_photo_delete",
            "posture_analysis_delete",
        ),
    ),
    Target(
        "photos-selectors",
        "backwell/web/photos/selectors.py",
        ("tests/web/photos/test_access.py",),
        functions=("posture_analysis_of", "posture_photo_of", "posture_video_job_of"),
    ),
    Target(
        "programs-owner",
        "backwell/web/programs/services.py",
        ("tests/web/programs/test_program_services.py",),
        functions=("program_start",),
    ),
    Target(
        "programs-selectors",
        "backwell/web/programs/selectors.py",
        ("tests/web/programs/test_program_pages.py",),
        functions=("active_program",),
    ),
    Target(
        "assessment-owner",
        "backwell/web/assessment/views.py",
        ("tests/web/assessment/test_access.py",),
        functions=("_own",),
    ),
)


# Survivors read and found to make no difference a person could notice: they are still run (if one
# is ever killed it counts as killed) but a survivor listed here is reported apart and left out of
# the kill rate. Keyed by target and description; an edit of the code around one makes it count again.
_RANK = "{'none': 0, 'routine': 1, 'urgent': 2, 'emergency': 3}"
_ORDER = "(-RANK[kv[1][0]], order.get(kv[0], 99), kv[0])"
EQUIVALENT: dict[tuple[str, str], str] = {
    **{
        ("triage", f"{a} -> {b} at `{_RANK.replace(f': {a}', f': «{a}»', 1)}`"): (
            "ranks only order the levels, and this keeps none < routine < urgent < emergency"
        )
        for a, b in ((0, 1), (0, -1), (1, 0), (3, 4))
    },
    **{
        ("triage", f"99 -> {b} at `{_ORDER.replace('99', '«99»')}`"): (
            "the position given to a flag missing from the questionnaire's list; every flag the schema "
            "accepts is on it, and 98 or 100 still sorts such a flag after all of them"
        )
        for b in (98, 100)
    },
    **{
        ("triage", f"0 -> {b} at `{_ORDER[: -len('kv[0])')] + 'kv[«0»])'}`"): (
            "the last tie-break; the questionnaire position before it already differs for every flag"
        )
        for b in (1, -1)
    },
    **{
        ("inversion", f"99 -> {b} at `lambda c: (order.get(c, «99»), c)`"): (
            "the position of a condition missing from the list; every condition the schema accepts is on it"
        )
        for b in (98, 100)
    },
}

# --- mutation sites ------------------------------------------------------------------------------

FLIPPED_COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
# Keyword arguments that tie a query to its owner: dropping one must show another person's data.
OWNER_KEYWORDS = frozenset({"user", "user_id", "owner"})

# A change applied in place to the freshly parsed tree; returns nothing.
Apply = Callable[[], None]


@dataclass(frozen=True)
class Site:
    line: int
    description: str
    apply: Apply


def _replace(parent: ast.AST, fieldname: str, index: int | None, new: ast.AST) -> Apply:
    def apply() -> None:
        if index is None:
            setattr(parent, fieldname, new)
        else:
            getattr(parent, fieldname)[index] = new

    return apply


def _code(node: ast.AST) -> str:
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def _marked(constant: ast.Constant, lineage: tuple[ast.AST, ...]) -> str:
    """The code around a constant with the constant in brackets: `order.get(kv[0], [99])`.

    Enough context that two equal constants on one line get different descriptions, since a
    description is how a known equivalent mutant is recognised (EQUIVALENT).
    """
    context = next((a for a in lineage if len(ast.unparse(a)) >= 30 or isinstance(a, ast.stmt)), lineage[0])
    original = constant.value
    marker = "\x00MARK\x00"
    constant.value = marker
    try:
        text = ast.unparse(context).replace("\n", " ")
    finally:
        constant.value = original
    at = text.index(repr(marker))
    text = text.replace(repr(marker), f"«{original!r}»")
    start = max(0, min(at - 30, len(text) - 70))
    return (
        "`"
        + ("…" if start else "")
        + text[start : start + 70]
        + ("…" if start + 70 < len(text) else "")
        + "`"
    )


def _body_start(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    first = fn.body[0]
    has_doc = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    return 1 if has_doc else 0


def _early_returns(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[Site]:
    returns = ast.unparse(fn.returns) if fn.returns is not None else ""
    # What the function may return at once without breaking its callers' types: a check that says
    # "yes", "no", "nothing found" (None) or "no problems" (an empty list).
    values: list[str] = []
    if returns == "bool":
        values = ["True", "False"]
    elif returns == "None" or "None" in returns.replace(" ", "").split("|"):
        values = ["None"]
    elif returns.startswith("list["):
        values = ["[]"]
    start = _body_start(fn)
    for value in values:

        def apply(fn: ast.FunctionDef | ast.AsyncFunctionDef = fn, value: str = value) -> None:
            fn.body.insert(start, ast.Return(value=ast.parse(value, mode="eval").body))

        yield Site(fn.lineno, f"{fn.name}: return {value} at once", apply)


def _sites_at(
    node: ast.AST, lineage: tuple[ast.AST, ...], fieldname: str, index: int | None
) -> Iterator[Site]:
    parent = lineage[0]
    line = getattr(node, "lineno", getattr(parent, "lineno", 0))
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            flipped = FLIPPED_COMPARISONS.get(type(op))
            if flipped is not None:

                def apply(node: ast.Compare = node, i: int = i, flipped: type[ast.cmpop] = flipped) -> None:
                    node.ops[i] = flipped()

                yield Site(line, f"{type(op).__name__} -> {flipped.__name__} in `{_code(node)}`", apply)
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        for delta in (1, -1):
            new = ast.Constant(value=node.value + delta)
            where = _marked(node, lineage)
            yield Site(
                line, f"{node.value!r} -> {new.value!r} at {where}", _replace(parent, fieldname, index, new)
            )
    elif isinstance(node, ast.BoolOp):
        other: type[ast.boolop] = ast.Or if isinstance(node.op, ast.And) else ast.And

        def swap(node: ast.BoolOp = node, other: type[ast.boolop] = other) -> None:
            node.op = other()

        yield Site(line, f"{type(node.op).__name__} -> {other.__name__} in `{_code(node)}`", swap)
        # Dropping an operand: `a and b` -> `a and True`, `a or b` -> `a or False`.
        neutral = isinstance(node.op, ast.And)
        for i, operand in enumerate(node.values):
            yield Site(
                line,
                f"drop `{_code(operand)}` from `{_code(node)}`",
                _replace(node, "values", i, ast.Constant(value=neutral)),
            )
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield Site(line, f"drop `not` in `{_code(node)}`", _replace(parent, fieldname, index, node.operand))
    elif isinstance(node, ast.If | ast.IfExp):
        for always in (False, True):
            yield Site(
                line,
                f"`if {_code(node.test)}` -> `if {always}`",
                _replace(node, "test", None, ast.Constant(value=always)),
            )
    elif isinstance(node, ast.Raise):
        yield Site(line, f"`{_code(node)}` -> `pass`", _replace(parent, fieldname, index, ast.Pass()))
    elif isinstance(node, ast.Call):
        for i, keyword in enumerate(node.keywords):
            if keyword.arg in OWNER_KEYWORDS:

                def drop(node: ast.Call = node, i: int = i) -> None:
                    del node.keywords[i]

                yield Site(line, f"drop `{keyword.arg}=` from `{_code(node)}`", drop)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from _early_returns(node)


def _walk(
    node: ast.AST,
    scope: tuple[str, ...],
    functions: tuple[str, ...],
    inside: bool,
    ancestors: tuple[ast.AST, ...] = (),
) -> Iterator[tuple[ast.AST, tuple[ast.AST, ...], str, int | None, bool]]:
    """(node, its ancestors nearest first, field, index, inside a chosen function) in a fixed order.

    Annotations, decorators and imports are never mutated: changing them changes no behaviour.
    """
    for fieldname, value in ast.iter_fields(node):
        if fieldname in ("annotation", "returns", "decorator_list", "type_comment"):
            continue
        children = value if isinstance(value, list) else [value]
        for i, child in enumerate(children):
            if not isinstance(child, ast.AST) or isinstance(child, ast.Import | ast.ImportFrom):
                continue
            child_scope, child_inside = scope, inside
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                child_scope = (*scope, child.name)
                child_inside = inside or ".".join(child_scope) in functions
            lineage = (node, *ancestors)
            yield child, lineage, fieldname, (i if isinstance(value, list) else None), child_inside
            yield from _walk(child, child_scope, functions, child_inside, lineage)


def sites(tree: ast.Module, functions: tuple[str, ...]) -> list[Site]:
    """Every mutation of `tree` (only inside `functions` when given, else anywhere), in a fixed order."""
    found: list[Site] = []
    for node, lineage, fieldname, index, inside in _walk(tree, (), functions, not functions):
        if inside:
            found.extend(_sites_at(node, lineage, fieldname, index))
    return found


def missing_functions(tree: ast.Module, functions: tuple[str, ...]) -> list[str]:
    names: set[str] = set()

    def visit(node: ast.AST, scope: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(".".join((*scope, child.name)))
                visit(child, (*scope, child.name))

    visit(tree, ())
    return [f for f in functions if f not in names]


def mutated_source(source: str, functions: tuple[str, ...], k: int) -> str:
    """The module's source with its k-th mutation applied (parsed afresh, so mutants never mix)."""
    tree = ast.parse(source)
    sites(tree, functions)[k].apply()
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


# --- running -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    target: str
    line: int
    description: str
    status: str  # killed, survived, timeout (counts as killed), invalid (does not compile: not counted)
    seconds: float


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counted(self, target: str | None = None) -> list[Outcome]:
        """The mutants the kill rate is over: all but those that do not compile or make no difference."""
        return [
            o
            for o in self.outcomes
            if o.status not in ("invalid", "equivalent") and (target is None or o.target == target)
        ]

    def rate(self, target: str | None = None) -> float:
        counted = self.counted(target)
        killed = [o for o in counted if o.status in ("killed", "timeout")]
        return 100.0 * len(killed) / len(counted) if counted else 100.0


@dataclass(frozen=True)
class TestRun:
    status: str  # passed, failed, timeout
    seconds: float
    failed: tuple[str, ...] = ()  # node ids of the failing tests (from pytest's short summary)
    output: str = ""  # the end of pytest's output, to show when the unmutated code already fails


def run_tests(
    copy_src: Path,
    target: Target,
    tests: tuple[str, ...],
    timeout: float,
    *,
    deselect: tuple[str, ...] = (),
    first_failure: bool = True,
) -> TestRun:
    env = {
        **os.environ,
        "PYTHONPATH": str(copy_src),
        # The same property-test examples for every mutant and the baseline, so results are comparable.
        "HYPOTHESIS_PROFILE": "ci",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:xdist",
        "-q",
        "-rfE",
        "--no-header",
        "-p",
        "no:randomly",
    ]
    command += ["-x"] if first_failure else []
    command += [f"--deselect={node}" for node in deselect]
    command += ["-k", target.select] if target.select else []
    command += list(tests)
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return TestRun("timeout", time.monotonic() - started)
    seconds = time.monotonic() - started
    failed = tuple(
        line.split()[1]
        for line in result.stdout.splitlines()
        if line.startswith(("FAILED ", "ERROR ")) and len(line.split()) > 1
    )
    if result.returncode == 0:
        return TestRun("passed", seconds)
    if result.returncode in (1, 2) or failed:
        return TestRun("failed", seconds, failed, (result.stdout + result.stderr)[-1500:])
    # 3 internal error, 4 usage error, 5 no tests ran: a broken run, not a caught mutant.
    raise RuntimeError(f"pytest exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def _write(path: Path, text: str, *, stamp: int) -> None:
    """Write a module with its own modification time: Python reuses cached bytecode when the source's
    size and whole-second time match, and a mutant may have the size of the one before it."""
    path.write_text(text)
    os.utime(path, (stamp, stamp))


def check_target(
    target: Target, copy_src: Path, report: Report, timeout_factor: float, only_list: bool
) -> None:
    path = copy_src / target.path
    if not path.exists():
        note = f"{target.name}: {target.path} does not exist"
        report.notes.append(note + (" yet (optional)" if target.optional else " — update TARGETS"))
        return
    source = path.read_text()
    tree = ast.parse(source)
    missing = missing_functions(tree, target.functions)
    if missing:
        report.notes.append(f"{target.name}: functions not found (renamed?): {', '.join(missing)}")
    tests = tuple(t for t in target.tests if (ROOT / t).exists())
    if not tests:
        report.notes.append(f"{target.name}: none of its tests exist: {', '.join(target.tests)}")
        return
    found = sites(tree, target.functions)
    print(f"\n== {target.name}: {target.path}, {len(found)} mutants, tests: {' '.join(tests)}", flush=True)
    if only_list:
        for site in found:
            print(f"   line {site.line}: {site.description}")
        return
    # Others edit the tree while this runs: tests already failing without a mutation prove nothing
    # about a mutant, so they are left out (and named) rather than stopping the whole check.
    baseline = run_tests(copy_src, target, tests, timeout=900, first_failure=False)
    left_out = baseline.failed
    if baseline.status != "passed":
        if not baseline.failed:
            report.notes.append(
                f"{target.name}: its tests do not pass without any mutation ({baseline.status}); skipped"
            )
            print(baseline.output, flush=True)
            return
        report.notes.append(
            f"{target.name}: left out {len(baseline.failed)} test(s) failing without any mutation: "
            + ", ".join(baseline.failed)
        )
        print(f"   left out, failing already: {', '.join(baseline.failed)}", flush=True)
        baseline = run_tests(copy_src, target, tests, timeout=900, deselect=left_out)
        if baseline.status != "passed":
            report.notes.append(f"{target.name}: its tests still fail after leaving those out; skipped")
            return
    timeout = max(60.0, baseline.seconds * timeout_factor)
    # Each mutant gets its own whole-second time after the original's, the original its own back.
    original_mtime = int(path.stat().st_mtime)
    try:
        for k, site in enumerate(found):
            try:
                mutated = mutated_source(source, target.functions, k)
                compile(mutated, str(path), "exec")
            except (SyntaxError, ValueError, TypeError):
                report.outcomes.append(Outcome(target.name, site.line, site.description, "invalid", 0.0))
                continue
            _write(path, mutated, stamp=original_mtime + k + 1)
            run = run_tests(copy_src, target, tests, timeout, deselect=left_out)
            status = {"passed": "survived", "failed": "killed"}.get(run.status, run.status)
            if status == "survived" and (target.name, site.description) in EQUIVALENT:
                status = "equivalent"
            seconds = run.seconds
            report.outcomes.append(Outcome(target.name, site.line, site.description, status, seconds))
            mark = "SURVIVED" if status == "survived" else status
            print(f"   {mark:8} line {site.line}: {site.description} ({seconds:.0f} s)", flush=True)
    finally:
        _write(path, source, stamp=original_mtime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", default="", help="comma-separated target names: " + ", ".join(t.name for t in TARGETS)
    )
    parser.add_argument("--list", action="store_true", help="list the mutants without running any test")
    parser.add_argument("--min-rate", type=float, default=90.0, help="exit 1 below this kill rate (percent)")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=4.0,
        help="a test run this many times slower than the baseline is a kill",
    )
    args = parser.parse_args(argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = wanted - {t.name for t in TARGETS}
    if unknown:
        parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
    targets = [t for t in TARGETS if not wanted or t.name in wanted]
    report = Report()
    started = time.monotonic()
    # Stopped with kill: still remove the temporary copy (the `with` block below runs its cleanup).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="backwell-mutants-") as tmp:
        copy_src = Path(tmp) / "src"
        shutil.copytree(SRC, copy_src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        for target in targets:
            check_target(target, copy_src, report, args.timeout_factor, args.list)
    for note in report.notes:
        print(f"note: {note}")
    if args.list:
        return 0
    print("\nkill rate by target:")
    for target in targets:
        counted = report.counted(target.name)
        if counted:
            killed = sum(o.status != "survived" for o in counted)
            print(f"   {target.name:20} {killed}/{len(counted)} killed ({report.rate(target.name):.0f}%)")
    survivors = [o for o in report.outcomes if o.status == "survived"]
    if survivors:
        print("survivors (a missing test, or a change that makes no difference: read each):")
        for o in survivors:
            print(f"   {o.target} line {o.line}: {o.description}")
    equivalent = [o for o in report.outcomes if o.status == "equivalent"]
    if equivalent:
        print("known equivalent survivors (not in the rate; see EQUIVALENT in scripts/mutation_check.py):")
        for o in equivalent:
            print(f"   {o.target} line {o.line}: {o.description} — {EQUIVALENT[(o.target, o.description)]}")
    counted = report.counted()
    raw = len(counted) + len(equivalent)
    print(
        f"\ntotal: {len(counted) - len(survivors)}/{len(counted)} killed, kill rate {report.rate():.1f}% "
        f"(target {args.min_rate:.0f}%); counting the {len(equivalent)} equivalent ones as survivors: "
        f"{100.0 * (len(counted) - len(survivors)) / raw if raw else 100.0:.1f}%; "
        f"{time.monotonic() - started:.0f} s"
    )
    if not counted:
        print("no mutant was tested: see the notes above")
        return 1
    return 0 if report.rate() >= args.min_rate else 1


if __name__ == "__main__":
    sys.exit(main())
