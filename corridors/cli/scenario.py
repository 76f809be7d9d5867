"""``corridors scenario``: what if Northern Corridor freight shifts to the Middle Corridor?

The same library calls as the Scenario page (``corridors.scenario``). Exit codes: 0 done,
2 usage error (the message says what is allowed), 1 when the store cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys


def _share(text: str) -> float:
    """``0.3`` or ``30%``."""
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a share: give a number from 0 to 1 (0.3) or a percentage (30%)"
        ) from None


def register(subparsers) -> None:
    """Add ``scenario`` to ``subparsers``."""
    cmd = subparsers.add_parser(
        "scenario", help="shift Northern Corridor freight to the Middle Corridor",
        description="Route a share (or an amount) of the Northern Corridor's base-year "
                    "volume over the Middle Corridor and report each element's load, "
                    "capacity and utilisation, the element that binds first and the "
                    "largest shift absorbed.")
    cmd.add_argument("--base-year", type=int, metavar="YEAR",
                     help="year of the base loads (default: the latest year with an "
                          "annual Northern Corridor volume)")
    shift = cmd.add_mutually_exclusive_group()
    shift.add_argument("--shift", type=_share, metavar="SHARE",
                       help="share of the Northern Corridor's base-year volume, 0-1 or "
                            "a percentage (default 0.3)")
    shift.add_argument("--shift-amount", type=float, metavar="VALUE",
                       help="an amount instead, in --unit per year")
    cmd.add_argument("--unit", choices=("t", "TEU"), default=None,
                     help="unit of loads and capacities (default t)")
    cmd.add_argument("--branch", metavar="NAME", default="best",
                     help="route all shifted freight this way: aktau or kuryk (Caspian), "
                          "baku-tbilisi-kars, poti or batumi (exit); several comma-"
                          "separated; default best (the split keeping the highest "
                          "utilisation lowest)")
    cmd.add_argument("--teu-tonnes", type=float, metavar="FACTOR", default=None,
                     help="tonnes of cargo per TEU for conversions (default 10, IMO)")
    cmd.add_argument("--json", action="store_true", help="print the result as JSON")
    cmd.add_argument("--lang", choices=("en", "kk", "ru"), default=None,
                     help="language of the answer, table and assumptions (default: from "
                          "LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en); JSON keys, "
                          "codes and titles stay English")
    cmd.set_defaults(handler=run_scenario_command)


def _usage_error(message: str) -> int:
    print(f"corridors scenario: {message}", file=sys.stderr)
    return 2


def _scenario(args: argparse.Namespace, figures, network):
    from corridors.scenario import DEFAULT_TEU_TONNES, Scenario, ScenarioError
    from corridors.scenario.figures import default_base_year, northern_years

    year = args.base_year or default_base_year(figures)
    if year is None:
        raise ScenarioError("no annual Northern Corridor volume in the store: give "
                            "--base-year YEAR and --shift-amount VALUE --unit t|TEU")
    if args.base_year is not None and args.shift_amount is None and \
            year not in northern_years(figures):
        years = ", ".join(map(str, northern_years(figures))) or "none"
        raise ScenarioError(f"--base-year {year}: no annual Northern Corridor volume that "
                            f"year; allowed with --shift: {years} (or use --shift-amount)")
    if args.shift_amount is not None and args.unit is None:
        raise ScenarioError("--shift-amount needs --unit t or --unit TEU")
    branches = tuple(b.strip() for b in args.branch.split(",") if b.strip() not in ("", "best"))
    return Scenario(
        base_year=year, unit=args.unit or "t",
        shift_share=None if args.shift_amount is not None else
        (0.3 if args.shift is None else args.shift),
        shift_amount=args.shift_amount, branches=branches,
        teu_tonnes=DEFAULT_TEU_TONNES if args.teu_tonnes is None else args.teu_tonnes)


def run_scenario_command(args: argparse.Namespace) -> int:
    """Compute the scenario and print it (text table or ``--json``)."""
    from corridors.cli.validate import report_language
    from corridors.domain.catalog import load_catalog
    from corridors.domain.i18n import translator
    from corridors.scenario import ScenarioError, build_network, run_scenario
    from corridors.scenario.assumptions import assumptions
    from corridors.scenario.report import result_dict, table_rows
    from corridors.store import StoreError, open_store  # not loaded by --help (issue 17)

    try:
        figures = open_store().current_figures()
    except StoreError as exc:
        print(f"corridors scenario: {exc}", file=sys.stderr)
        return 1
    network = build_network(load_catalog())
    try:
        result = run_scenario(figures, network, _scenario(args, figures, network))
    except ScenarioError as exc:
        return _usage_error(str(exc))
    lang = report_language(args)
    if args.json:
        json.dump(result_dict(result, lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    _ = translator(lang).gettext
    print(result_dict(result, lang)["answer"])
    print()
    load, capacity = _("load"), _("capacity")
    for row in table_rows(result, lang):
        print(f"  {row['Element'][:48]:<48}  {row['Utilisation']:>17}  {row['Over capacity']:<4}"
              f"  {load} {row['Load']:>14}  {capacity} {row['Capacity']:>14} "
              f"{row['Capacity year']}")
    print("\n" + _("Assumptions:"))
    for line in (result.assumptions if lang == "en" else assumptions(result, lang=lang)):
        print(f"- {line}")
    return 0
