"""The `backwell` command: engine, knowledge base, posture, benchmarks, server, and Django's own commands."""

from __future__ import annotations

import importlib
import sys

# Each subcommand lives in its own module under backwell.commands and exposes main(argv) -> int.
# Anything not listed here is handed to Django's management commands (migrate, check, …).
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("backwell.commands.plan", "plan a program from an engine input document"),
    "adapt": ("backwell.commands.adapt", "next week's program and its changes from a week of logs"),
    "kb": ("backwell.commands.kb", "inspect, check and render the knowledge base"),
    "posture": ("backwell.commands.posture", "measure posture from photos or landmarks"),
    "bench": ("backwell.commands.bench", "benchmarks: engine, web, posture, site, coach"),
    "serve": ("backwell.commands.serve", "migrate, load content and serve on 127.0.0.1:8000"),
    "demo": ("backwell.commands.demo", "create a demo person with eight weeks of history"),
}


def usage() -> str:
    lines = ["usage: backwell COMMAND [ARGS…]", "", "commands:"]
    lines += [f"  {name:<9} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines.append("  …         any Django management command (migrate, check --deploy, createsuperuser…)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name in COMMANDS:
        module = importlib.import_module(COMMANDS[name][0])
        return int(module.main(rest) or 0)
    from backwell.web.manage import run_django_command

    return run_django_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
