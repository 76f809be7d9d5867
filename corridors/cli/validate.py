"""``corridors validate FILE [--json] [--output CANONICAL.csv]``.

Exit 0 when the file is valid, 1 when it is refused, 2 on a usage error (e.g. the file
does not exist). The checks are ``corridors.ingest.validate_bytes``, the same code the
upload page runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.cli.terminal import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, complain, say, say_json
from corridors.domain.i18n import LANGUAGES, gettext_for, language_from_environment

if TYPE_CHECKING:
    from corridors.ingest.problems import Report


def register(subparsers) -> None:
    """Add the ``validate`` command to ``subparsers``."""
    parser = subparsers.add_parser(
        "validate", help="check a throughput CSV and report every problem",
        description="Check a throughput CSV (any encoding, delimiter and layout the "
                    "dashboard accepts) and report every problem with its line and column.")
    parser.add_argument("file", type=Path,
                        help="the CSV file or spreadsheet (.xlsx, .xlsm, .xls, .ods) to check")
    add_reading_options(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--output", type=Path, metavar="CANONICAL.csv",
                        help="write the normalised records as canonical CSV (valid files only)")
    parser.set_defaults(handler=run)


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """``--encoding`` and ``--sheet``, shared by ``validate`` and ``import``."""
    parser.add_argument("--encoding", metavar="CODEC",
                        help="read a CSV with this codec instead of detecting it (utf-8, "
                             "utf-16, cp1251, kz1048, koi8-r, cp866...)")
    parser.add_argument("--sheet", metavar="NAME",
                        help="the worksheet of a spreadsheet to read (default: the first "
                             "visible one)")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=None,
                        help="language of the report's messages (default: from LANGUAGE, "
                             "LC_ALL, LC_MESSAGES or LANG, else en); codes stay the same")


def report_language(args: argparse.Namespace) -> str:
    """``--lang``, else the environment's language (``LANG=ru_RU.UTF-8`` -> ``ru``)."""
    return getattr(args, "lang", None) or language_from_environment()


def report_dict(report: Report, lang: str) -> dict:
    """``report.to_dict()`` with every message in ``lang`` (keys and codes unchanged)."""
    from corridors.ingest.messages import problem_dict

    shape = report.to_dict()
    shape["errors"] = [problem_dict(p, lang) for p in report.errors]
    shape["warnings"] = [problem_dict(p, lang) for p in report.warnings]
    return shape


def run(args: argparse.Namespace) -> int:
    """Validate ``args.file``; return the exit code."""
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        complain("validate", f"cannot read {args.file}: {exc.strerror or exc}.")
        return EXIT_USAGE
    if args.output is not None and not (args.output.parent or Path(".")).is_dir():
        complain("validate", f"the folder {args.output.parent} does not exist, so nothing "
                 "was written; create it or choose another --output.")
        return EXIT_USAGE
    # imported here so that `corridors --help` stays light (issue 17)
    from corridors.ingest import validate_bytes, write_canonical_csv

    result = validate_bytes(data, filename=str(args.file), encoding=args.encoding,
                            sheet=args.sheet)
    if args.output is not None and result.report.valid:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                write_canonical_csv(result.records, fh)
        except OSError as exc:
            complain("validate", f"cannot write {args.output} ({exc.strerror or exc}); "
                     "check the folder's permissions or choose another --output.")
            return EXIT_USAGE
    lang = report_language(args)
    if args.json:
        say_json(report_dict(result.report, lang))
    else:
        say(format_report(result.report, result.figure_count, lang), end="")
    return EXIT_OK if result.report.valid else EXIT_REFUSED


def format_report(report: Report, records: int, lang: str = "en") -> str:
    """The human summary: verdict, file facts, the problems table, counts per code; the
    verdict and messages in ``lang``."""
    from corridors.ingest.dialect import delimiter_title
    from corridors.ingest.messages import problem_message

    _ = gettext_for(lang)
    verdict = _("VALID") if report.valid else _("INVALID: nothing was accepted")
    lines = [f"{report.filename}: {verdict}",
             f"  rows: {report.rows}, figures: {records}, encoding: {report.encoding or '?'}"
             f"{' (guessed)' if report.encoding_guessed else ''}, delimiter: "
             f"{delimiter_title(report.delimiter)}, layout: {report.layout or '?'}"
             + (f", sheet: {report.sheet}" if report.sheet is not None else "")]
    problems = [(p, "error") for p in report.errors] + [(p, "warning") for p in
                                                       report.warnings]
    if problems:
        lines += ["", f"  {'line':>7}  {'column':<16} {'severity':<8} {'code':<22} message"]
        for problem, severity in sorted(problems, key=lambda x: (x[0].row or 0)):
            row = "" if problem.row is None else str(problem.row)
            if problem.cell:  # a spreadsheet: the sheet's row, and the cell beside it
                row = f"{row} {problem.cell}"
            lines.append(f"  {row:>7}  {(problem.column or '')[:16]:<16} {severity:<8} "
                         f"{problem.code:<22} {problem_message(problem, lang)}")
        listed = len(report.errors) + len(report.warnings)
        total = report.error_count + report.warning_count
        if listed < total:
            lines.append(f"  ... {total - listed} more not listed (see counts)")
        lines += ["", "  counts: " + ", ".join(f"{code} {n}" for code, n in
                                               sorted(report.counts.items()))]
    return "\n".join(lines) + "\n"
