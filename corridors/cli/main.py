"""The ``corridors`` command line: a thin shell over the library (DESIGN 3.5).

Each sub-module registers its commands with ``register(subparsers)``; every command
returns an exit code: 0 success, 1 refused or invalid input, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from corridors import __version__
from corridors.cli import data as data_commands
from corridors.cli import editors as editors_command
from corridors.cli import serve as serve_command
from corridors.cli import validate as validate_command


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="corridors",
        description="Throughput of the Eurasian freight corridors through Kazakhstan.",
    )
    parser.add_argument("--version", action="version", version=f"corridors {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (validate_command, data_commands, editors_command, serve_command):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.handler(args))
