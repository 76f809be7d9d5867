"""The ``corridors`` command line: a thin shell over the library.

Each sub-module registers its commands with ``register(subparsers)``; every command
returns an exit code (``corridors.cli.terminal``): 0 success, 1 refused or invalid
input, 2 usage error, 3 the database cannot be used, 4 an unexpected internal error.
No failure prints a traceback unless ``CORRIDORS_DEBUG=1`` asks for it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from corridors import __version__
from corridors.cli import data as data_commands
from corridors.cli import editors as editors_command
from corridors.cli import export as export_command
from corridors.cli import scenario as scenario_command
from corridors.cli import serve as serve_command
from corridors.cli import validate as validate_command
from corridors.cli.terminal import EXIT_INTERNAL, complain
from corridors.domain.paths import EXIT_BROKEN_INSTALL, is_resource


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="corridors",
        description="Throughput of the Eurasian freight corridors through Kazakhstan.",
    )
    parser.add_argument("--version", action="version", version=f"corridors {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (validate_command, data_commands, export_command, editors_command,
                   serve_command, scenario_command):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        complain(args.command, "interrupted; a write in progress was rolled back.")
        return 130
    except Exception as exc:  # one sentence, the traceback only when asked for
        missing = _missing_shipped_file(exc)
        if missing is not None:
            # exit 1 means "invalid file"; a file we ship that is missing is a broken install
            complain(args.command, f"{missing} is missing: this installation of corridors "
                     "is incomplete. Reinstall it (pip install --force-reinstall corridors) "
                     "or restore the checkout; nothing was changed.")
            return EXIT_BROKEN_INSTALL
        if os.environ.get("CORRIDORS_DEBUG") == "1":
            raise
        complain(args.command, f"unexpected internal error ({type(exc).__name__}: {exc}). "
                 "This is a bug; please report it with the command you ran (set "
                 "CORRIDORS_DEBUG=1 to see the traceback).")
        return EXIT_INTERNAL


def _missing_shipped_file(exc: BaseException) -> str | None:
    """The shipped file whose absence caused ``exc`` (itself or down its chain of causes:
    the catalog and layer loaders wrap FileNotFoundError in their own errors), if any."""
    error: BaseException | None = exc
    while error is not None:
        if isinstance(error, FileNotFoundError) and is_resource(error.filename):
            return str(error.filename)
        error = error.__cause__ or error.__context__
    return None
