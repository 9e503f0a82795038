"""`backwell plan FILE|-` and `backwell plan --jsonl FILE|-`: engine input in, the contract's output out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

USAGE = """usage: backwell plan INPUT.json        plan one input (- reads standard input)
       backwell plan --jsonl FILE       one input per line in, one output per line out (- for stdin)

Prints the engine's output as JSON (see ../shared/contract/ENGINE.md) and exits 0, also when triage
withholds the program. Input that is not valid JSON or breaks the schema exits 2 with one line on
standard error naming the field and the fix. With --jsonl an invalid line becomes
{"error": {"line": N, "message": "…"}}, the other lines are planned, and the exit status is 2 if any
line was invalid."""


def render(output: dict[str, Any], *, compact: bool = False) -> str:
    """The one way the command line writes engine output: stable bytes for the same input."""
    if compact:
        return json.dumps(output, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(output, ensure_ascii=False, indent=2)


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"error: {message}\n")
    return status


def _read(source: str, stdin: BinaryIO) -> bytes:
    if source == "-":
        return stdin.read()
    return Path(source).read_bytes()


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def main(argv: list[str]) -> int:
    args = list(argv)
    if args and args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if not args:
        sys.stderr.write(USAGE + "\n")
        return 2
    jsonl = False
    if args[0] == "--jsonl":
        jsonl = True
        args = args[1:]
    if len(args) != 1 or (args[0].startswith("-") and args[0] != "-"):
        return _fail("give one input file (or - for standard input); see `backwell plan --help`")
    source = args[0]
    try:
        data = _read(source, sys.stdin.buffer)
    except FileNotFoundError:
        return _fail(f"{source}: no such file — give the path of a JSON input, or - for standard input")
    except IsADirectoryError:
        return _fail(f"{source}: is a folder — give the path of a JSON input file")
    except OSError as exc:
        return _fail(f"{source}: cannot be read ({exc.strerror})")

    from backwell.engine import InvalidInput, parse_json, plan_for
    from backwell.engine.knowledge import KnowledgeError, load
    from backwell.engine.schema import read

    try:
        kb = load()
    except KnowledgeError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        return _fail(f"the knowledge base is broken ({first}); run `backwell kb check` for the full list", 1)

    if not jsonl:
        try:
            person = read(parse_json(data))
        except InvalidInput as exc:
            return _fail(exc.line)
        _write(render(plan_for(person, kb)) + "\n")
        return 0

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _fail("input is not UTF-8 text — save the file as UTF-8")
    status = 0
    out: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines (a trailing newline, spacing) carry no record
        try:
            result = plan_for(read(parse_json(line)), kb)
        except InvalidInput as exc:
            status = 2
            result = {"error": {"line": number, "message": exc.line}}
        out.append(render(result, compact=True))
        if len(out) >= 64:
            _write("\n".join(out) + "\n")
            out.clear()
    if out:
        _write("\n".join(out) + "\n")
    return status
