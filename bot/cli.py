"""`sendvoice`: the operational command. Each feature adds a module with `register(subparsers)`.

Modules listed here must import quickly (no Rasa or TensorFlow at import time): `sendvoice --help` should
answer in well under a second.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import List, Optional

from bot.settings import ConfigurationError

COMMAND_MODULES = [
    "bot.doctor",
    "bot.launcher",
    "bot.dbcommands",
    "bot.directory.cli",
    "analytics.cli",
    "bot.safeguarding.cli",
    "bot.feedback.cli",
    "bot.retention",
]


class CommandError(Exception):
    """A problem the user can fix: printed as one sentence, exit status 2, no traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendvoice",
        description="SEND Voice: the council's SEND Local Offer assistant. Operational commands.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except (CommandError, ConfigurationError) as error:
        print(f"sendvoice {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    # Under `python -m bot.cli` this file is __main__, a second copy of bot.cli: feature modules raise
    # bot.cli.CommandError, which only bot.cli's own main() catches, so run that one.
    from bot.cli import main as importable_main

    sys.exit(importable_main())
