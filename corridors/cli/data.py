"""``corridors import | history | revert``: the store from a shell.

The same library calls as the upload page: ``Store.import_file`` validates with
``corridors.ingest`` and commits one revision; nothing is reported as stored before the
commit. Exit codes: 0 done (or already stored), 1 refused, 2 usage error.
"""

from __future__ import annotations

import argparse
import functools
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.cli.terminal import (
    EXIT_DATABASE,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    complain,
    say,
    say_json,
)
from corridors.cli.validate import add_reading_options

if TYPE_CHECKING:
    from corridors.store import Revision, Store


def open_store() -> Store:
    """Open the store; imported here, not at the top: ``corridors --help`` and ``validate``
    must not load SQLAlchemy (issue 17)."""
    from corridors.store import open_store as open_

    return open_()


def register(subparsers) -> None:
    """Add ``import``, ``history`` and ``revert`` to ``subparsers`` (``export`` lives in
    ``corridors.cli.export``)."""
    imp = subparsers.add_parser(
        "import", help="validate a throughput CSV and store it as one revision",
        description="Validate FILE and store its figures as one revision, in one "
                    "transaction. The same file twice changes nothing.")
    imp.add_argument("file", type=Path,
                     help="the CSV file or spreadsheet (.xlsx, .xlsm, .xls, .ods) to import")
    add_reading_options(imp)
    imp.add_argument("--note", default="", help="why these figures (shown in the history)")
    imp.add_argument("--author", help="who imports (default: the login name)")
    imp.add_argument("--json", action="store_true", help="print the outcome as JSON")
    imp.add_argument("--reapply", action="store_true",
                     help="if this very file was imported and that revision reverted, "
                          "store its figures again as a new revision (without it: exit 1)")
    imp.set_defaults(handler=run_import)

    hist = subparsers.add_parser("history", help="list the revisions, newest first")
    hist.add_argument("--json", action="store_true", help="print the revisions as JSON")
    hist.set_defaults(handler=run_history)

    rev = subparsers.add_parser(
        "revert", help="undo a revision by recording a new one (nothing is deleted)")
    rev.add_argument("revision", type=int, help="the id shown by `corridors history`")
    rev.add_argument("--author", help="who reverts (default: the login name)")
    rev.set_defaults(handler=run_revert)


def _refuse_store_errors(command: str) -> Callable:
    """Turn StoreError into one sentence on stderr: exit 3 when the database cannot be
    used at all, else 1 (refused; nothing changed)."""
    def decorate(handler: Callable[[argparse.Namespace], int]):
        @functools.wraps(handler)
        def wrapper(args: argparse.Namespace) -> int:
            from corridors.store import StoreError
            from corridors.store.errors import DatabaseUnavailableError

            try:
                return handler(args)
            except DatabaseUnavailableError as exc:
                complain(command, str(exc))
                return EXIT_DATABASE
            except StoreError as exc:
                complain(command, str(exc))
                return EXIT_REFUSED
        return wrapper
    return decorate


def _author(args: argparse.Namespace) -> str:
    if args.author:
        return args.author
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


@_refuse_store_errors("import")
def run_import(args: argparse.Namespace) -> int:
    """Import ``args.file``; 0 stored or already stored, 1 refused, 2 unreadable."""
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        complain("import", f"cannot read {args.file}: {exc.strerror or exc}; nothing was "
                 "changed.")
        return EXIT_USAGE
    outcome = open_store().import_file(data, filename=args.file.name, author=_author(args),
                                       note=args.note, encoding=args.encoding,
                                       sheet=args.sheet, reapply=args.reapply)
    if args.json:
        say_json(outcome.to_dict())
    elif outcome.status == "invalid":
        from corridors.cli.validate import format_report, report_language

        say(format_report(outcome.report, 0, report_language(args)), end="")
        say(outcome.message)
    else:
        say(outcome.message)
    return EXIT_OK if outcome.ok else EXIT_REFUSED


@_refuse_store_errors("history")
def run_history(args: argparse.Namespace) -> int:
    """Print the revisions, newest first."""
    revisions = open_store().history()
    if args.json:
        say_json([r.to_dict() for r in revisions])
        return EXIT_OK
    say(format_history(revisions), end="")
    return EXIT_OK


def format_history(revisions: list[Revision]) -> str:
    """Return the history as an aligned text table."""
    header = (f"{'rev':>5}  {'created (UTC)':<19}  {'kind':<6}  {'author':<16}  {'file':<28}  "
              f"{'rows':>8}  {'added':>8}  {'changed':>8}  state")
    lines = [header]
    for r in revisions:
        state = r.state
        lines.append(f"{r.id:>5}  {r.created_at:%Y-%m-%d %H:%M:%S}  {r.kind:<6}  "
                     f"{r.author[:16]:<16}  {r.filename[-28:]:<28}  {r.row_count:>8}  "
                     f"{r.added:>8}  {r.changed:>8}  {state}")
    if not revisions:
        lines.append("(no revisions yet)")
    return "\n".join(lines) + "\n"


@_refuse_store_errors("revert")
def run_revert(args: argparse.Namespace) -> int:
    """Revert ``args.revision``; 1 when it does not exist or is already reverted."""
    revision = open_store().revert(args.revision, author=_author(args))
    say(revision.revert_sentence(args.revision))
    return EXIT_OK
