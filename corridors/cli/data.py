"""``corridors import | history | revert`` (DESIGN 3.5): the store from a shell.

The same library calls as the upload page: ``Store.import_file`` validates with
``corridors.ingest`` and commits one revision; nothing is reported as stored before the
commit. Exit codes: 0 done (or already stored), 1 refused, 2 usage error.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from corridors.cli.validate import add_reading_options
from corridors.store import Revision, StoreError, open_store


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
    """Turn StoreError into a message on stderr and exit code 1."""
    def decorate(handler: Callable[[argparse.Namespace], int]):
        @functools.wraps(handler)
        def wrapper(args: argparse.Namespace) -> int:
            try:
                return handler(args)
            except StoreError as exc:
                print(f"corridors {command}: {exc}", file=sys.stderr)
                return 1
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
        print(f"corridors import: cannot read {args.file}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    outcome = open_store().import_file(data, filename=args.file.name, author=_author(args),
                                       note=args.note, encoding=args.encoding,
                                       sheet=args.sheet)
    if args.json:
        json.dump(outcome.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif outcome.status == "invalid":
        from corridors.cli.validate import format_report

        sys.stdout.write(format_report(outcome.report, 0))
        print(outcome.message)
    else:
        print(outcome.message)
    return 0 if outcome.ok else 1


@_refuse_store_errors("history")
def run_history(args: argparse.Namespace) -> int:
    """Print the revisions, newest first."""
    revisions = open_store().history()
    if args.json:
        json.dump([r.to_dict() for r in revisions], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(format_history(revisions))
    return 0


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
    print(revision.revert_sentence(args.revision))
    return 0
