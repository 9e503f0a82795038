"""`backwell adapt PROGRAM.json LOGS.json` (or `--input -`): next week's program and its changes, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

USAGE = """usage: backwell adapt PROGRAM.json LOGS.json
       backwell adapt --input FILE|-      one JSON object {"program": …, "logs": …} (- reads standard input)

PROGRAM.json is the output of `backwell plan`; LOGS.json is a week of logs (shape in
docs/engine-adaptation.md): {"week": N, "entries": [...], "checkins": [...], "input": {...}}.
Prints {"week", "paused", "triage", "days", "changes", "advice", "program"} as JSON and exits 0.
Input that is not valid JSON or not the documented shape exits 2 with one line on standard error."""


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"error: {message}\n")
    return status


def _load(source: str, label: str) -> Any:
    from backwell.engine import InvalidInput, parse_json

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(source, f"no such file — give the path of the {label} JSON file") from None
    except OSError as exc:
        raise InvalidInput(source, f"cannot be read ({exc.strerror})") from None
    try:
        return parse_json(data)
    except InvalidInput as exc:
        raise InvalidInput(label, exc.line.removeprefix("input "), joined=True) from None


def main(argv: list[str]) -> int:
    from backwell.engine import InvalidInput, adapt
    from backwell.engine.knowledge import KnowledgeError

    args = list(argv)
    if args and args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    try:
        if len(args) == 2 and args[0] == "--input":
            both = _load(args[1], "input")
            if not isinstance(both, dict) or set(both) != {"program", "logs"}:
                return _fail('input: must be one JSON object with exactly the keys "program" and "logs"')
            program, logs = both["program"], both["logs"]
        elif len(args) == 2 and not args[0].startswith("-"):
            program, logs = _load(args[0], "program"), _load(args[1], "logs")
        else:
            return _fail("give PROGRAM.json LOGS.json, or --input FILE|-; see `backwell adapt --help`")
        result = adapt(program, logs)
    except InvalidInput as exc:
        return _fail(exc.line)
    except KnowledgeError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        return _fail(f"the knowledge base is broken ({first}); run `backwell kb check` for the full list", 1)
    sys.stdout.buffer.write((json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return 0
