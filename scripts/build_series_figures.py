"""The table of every default figure with its series: scripts/reference/series_figures.csv.

Part of the one seed build: ``scripts/build_seed.py`` picks the pre-series seed figures,
hands them to ``write_table`` here, then writes geodata/seed/throughput.csv from the
table. Running this file runs that build.

Three inputs, in this order:

1. the 93 pre-series seed figures (picked by ``scripts/build_seed.py``): each keeps every
   field and gets a series from ``corridors.domain.legacy_series.seed_series`` (the
   seed's mapping, which the store migration uses too).
2. ``scripts/reference/throughput.csv``: the reference figures the seed left out because
   it had no series column (UTLC ERA, Russian Railways, ERAI all segments, Kazakhstan
   transit...), picked explicitly in ``EXTRA``.
3. ``scripts/reference/series_gapfill.csv``: figures found on stored public pages to
   fill the gaps of issue 11 (research log: scripts/reference/series_research.md).

The output has the canonical columns of DESIGN 3.2 with ``series``. The script checks
every series against geodata/series.toml, that no two rows share an identity (series
included), and validates a copy without the ``series`` column with the project's
validator (rows that differ only in series are reported there as duplicate keys; they
are listed and must belong to distinct series). Run from the project root:
``.venv/bin/python scripts/build_seed.py``.
"""

# ruff: noqa: E501  (a data table: one figure per line reads best)

from __future__ import annotations

import csv
import io
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corridors.domain.legacy_series import seed_series as _seed_series  # noqa: E402
from corridors.ingest import validate_bytes  # noqa: E402
from corridors.ingest.periods import parse_period  # noqa: E402

REFERENCE = ROOT / "scripts" / "reference" / "throughput.csv"
GAPFILL = ROOT / "scripts" / "reference" / "series_gapfill.csv"
CATALOG = ROOT / "geodata" / "series.toml"
OUTPUT = ROOT / "scripts" / "reference" / "series_figures.csv"
COLUMNS = ("corridor", "series", "location", "period", "period_start", "period_end", "metric",
           "direction", "value", "unit", "quality", "source", "note")
IDENTITY = ("corridor", "series", "location", "period_start", "period_end", "metric",
            "direction", "unit")
CROSSING_NOTE = ("all rail freight across the crossing(s): bilateral Kazakhstan-China trade "
                 "and transit on both corridors, not Northern Corridor transit alone")


def seed_series(row: dict) -> str:
    """The series of one pre-series seed figure (``corridors.domain.legacy_series``,
    the mapping the store migration uses)."""
    series = _seed_series(row)
    if series is None:
        raise SystemExit(f"seed row not mapped to a series: {row}")
    return series


# Reference rows the seed left out: (scope, period, value) -> (corridor, series, location,
# direction, quality or None (keep), note). Periods and units are read from the row.
EXTRA = {
    # UTLC ERA transit services China-Europe-China (both directions unless said)
    ("UTLC ERA transit China-Europe-China", "2016", "100983"): ("northern", "utlc-era-transit", "", "both", None, "containers on UTLC ERA transit services; Railway Gazette gives the same 100,983 TEU"),
    ("UTLC ERA transit", "2017", "175800"): ("northern", "utlc-era-transit", "", "both", None, "containers on UTLC ERA transit services"),
    ("UTLC ERA transit", "2018", "277500"): ("northern", "utlc-era-transit", "", "both", "estimate", "containers; the source gives a range of 275,000-280,000 TEU (+60% y/y): the middle of the range is stored"),
    ("UTLC ERA transit", "2019", "333000"): ("northern", "utlc-era-transit", "", "both", None, "containers on UTLC ERA transit services"),
    ("UTLC ERA transit", "2020", "546900"): ("northern", "utlc-era-transit", "", "both", None, "containers, 91% of broad-gauge China-EU transit; Railway Gazette and Seabay give 547,000 TEU (+64% y/y)"),
    ("UTLC ERA transit", "2018-Q1", "40700"): ("northern", "utlc-era-transit", "", "both", None, "containers"),
    ("UTLC ERA transit", "2019-Q1", "62622"): ("northern", "utlc-era-transit", "", "both", None, "containers, +54% y/y"),
    ("UTLC ERA transit", "2020-H1", "223000"): ("northern", "utlc-era-transit", "", "both", None, "containers, +65% y/y"),
    ("UTLC ERA transit", "2020-06", "52500"): ("northern", "utlc-era-transit", "", "both", None, "containers, first month over 52,000 TEU (Hellenic Shipping News dates it to May in its text, June in its title)"),
    ("UTLC ERA transit", "2020-07", "54200"): ("northern", "utlc-era-transit", "", "both", None, "containers, +76% y/y"),
    ("UTLC ERA transit China-Europe-China", "2021-01..2021-08", "500000"): ("northern", "utlc-era-transit", "", "both", None, "containers (\"more than\")"),
    ("UTLC ERA transit China-Europe-China", "2024-01..2024-08", "296200"): ("northern", "utlc-era-transit", "", "both", None, "containers, x1.9 y/y"),
    # ERAI: the 2024 full year of the China-EU-China transit series (+80% on 211,100)
    ("New Silk Road rail per Eurasian Rail Alliance", "2024", "380000"): ("northern", "erai-1520", "", "both", None, "containers (\"more than\", +80% y/y) China-EU-China transit via the 1520 mm network, per the Eurasian Rail Alliance; +80% on the 211,100 TEU of 2023 is 380,000, so this is the same series"),
    # ERAI, all segments of the Eurasian rail route (incl. China-Russia/Belarus)
    ("Eurasian rail route all segments incl. China-RU/BY (ERAI)", "2022", "681000"): ("northern", "erai-eurasian", "", "both", None, "containers on all segments of the Eurasian rail route, incl. China-Russia and China-Belarus"),
    ("Eurasian rail route all segments (ERAI)", "2023", "674000"): ("northern", "erai-eurasian", "", "both", None, "containers on all segments, -1.1% y/y"),
    ("Eurasian route container trains (ERAI)", "2023", "7000"): ("northern", "erai-eurasian", "", "both", "estimate", "container trains (\"about\", -5% y/y)"),
    # Russian Railways: China-Europe transit containers on the RZD network
    ("Russian Railways China-Europe transit", "2020", "561400"): ("northern", "rzd-transit", "", "both", None, "China-Europe transit containers on the Russian Railways network"),
    ("Russian Railways China-Europe transit", "2021-01..2021-09", "568700"): ("northern", "rzd-transit", "", "both", None, "containers, +47% y/y; already more than the 2020 full year"),
    ("Russian Railways China->EU transit", "2021-Q1", "105800"): ("northern", "rzd-transit", "", "westbound", None, "containers China->EU"),
    ("Russian Railways China->EU transit", "2024-Q1", "90000"): ("northern", "rzd-transit", "", "westbound", None, "containers China->EU, +44% y/y; 'nearly returned to the 2021 level'"),
    # Kazakhstan transit: all routes through the country
    ("all modes (KZ ministry)", "2019", "17500000"): ("northern", "kz-transit", "", "both", None, "transit cargo through Kazakhstan, all modes and routes"),
    ("all routes (KTZ)", "2021", "1066000"): ("northern", "kz-transit", "", "both", None, "transit containers through Kazakhstan, all routes, +22% y/y"),
    ("all modes (KZ ministry)", "2022", "26800000"): ("northern", "kz-transit", "", "both", None, "transit cargo, all modes, +12.6% y/y; transit containers +6% y/y"),
    ("all modes (KZ MoT)", "2023-01..2023-04", "10600000"): ("northern", "kz-transit", "", "both", None, "transit cargo, all modes"),
    ("all routes (KZ MoT)", "2023-01..2023-04", "422700"): ("northern", "kz-transit", "", "both", None, "transit containers, all routes"),
    ("all modes (KZ MoT)", "2024-01..2024-04", "10700000"): ("northern", "kz-transit", "", "both", None, "transit cargo, all modes, +1% y/y"),
    ("all routes (KZ MoT)", "2024-01..2024-04", "433200"): ("northern", "kz-transit", "", "both", None, "transit containers, all routes, +2% y/y"),
    ("KTZ Express transit (all routes)", "2024-01..2024-08", "350000"): ("northern", "kz-transit", "", "both", "estimate", "transit containers (\"approximately\"), KTZ Express, all routes"),
    ("all modes", "2024", "34600000"): ("northern", "kz-transit", "", "both", None, "transit cargo, +7.1% y/y"),
    ("all routes (KTZ)", "2024", "1400000"): ("northern", "kz-transit", "", "both", None, "container transit, +8.8% y/y (KTZ chairman's report)"),
    ("rail (KTZ)", "2023-Q1", "313000"): ("northern", "kz-transit", "", "both", None, "transit containers by rail (KTZ), +19% y/y"),
    # KTZ rail transit tonnes (rail only, a narrower scope than all modes)
    ("rail (KTZ)", "2021", "20900000"): ("northern", "ktz-rail-transit", "", "both", None, "transit cargo by rail (KTZ), +2% y/y"),
    ("rail (KTZ)", "2023-Q1", "7200000"): ("northern", "ktz-rail-transit", "", "both", None, "transit cargo by rail (KTZ), +35% y/y"),
    # Kazakhstan transit on the China/Asia-Europe relations only
    ("China-Europe-China via KZ", "2019", "347000"): ("northern", "kz-transit-china-europe", "", "both", None, "China-Europe-China containers through Kazakhstan, +11% y/y"),
    ("China-Europe-China via KZ (KTZ)", "2021", "660000"): ("northern", "kz-transit-china-europe", "", "both", None, "China-Europe-China containers through Kazakhstan (\"more than\", +28% y/y); China-Russia-China transit another 69,000 TEU (+88%)"),
    ("China/Asia-Europe-China/Asia (KZ MoT)", "2023-01..2023-04", "301600"): ("northern", "kz-transit-china-europe", "", "both", None, "China/Asia-Europe-China/Asia transit containers"),
    ("China/Asia-Europe-China/Asia (KZ MoT)", "2024-01..2024-04", "333900"): ("northern", "kz-transit-china-europe", "", "both", None, "China/Asia-Europe-China/Asia transit containers, +11% y/y"),
}


# Sources found later for seed figures, appended to the seed row's note: (series, location,
# period, unit, value) -> text. The seed's own value, source and quality are kept.
NOTE_APPEND = {
    ("aktau-port", "aktau", "2023-H1", "t", "2200000"): "PortNews (https://portnews.ru/news/350547, KTZ) gives 2.3 Mt for 2023-H1, of which 1.8 Mt oil",
    ("aktau-port", "aktau", "2015", "t", "5900000"): "bne IntelliNews (http://www.intellinews.com/kazakh-port-looks-to-trade-bypassing-russia-90993/) also gives 5.9 Mt, -43% y/y",
    ("port-of-baku", "alat", "2025-01..2025-09", "TEU", "77000"): "the port's own figure is 77,295 TEU, +40.4% y/y (https://azertag.az/en/xeber/port_of_baku_records_highest_result_in_last_22_years-3788275)",
    ("kz-mot-titr", "", "2025", "t", "4119000"): "the ministry's March 2026 statement (https://astanatimes.com/2026/03/trans-caspian-transport-route-cargo-volumes-increase-fivefold-in-seven-years/) gives 2.76 Mt (2023), 4.48 Mt (2024), 4.12 Mt (2025)",
    ("kz-mot-titr", "", "2022", "t", "1485000"): "a Transport Ministry statement of Sep 2024 (https://news.az/news/cargo-traffic-from-china-along-trans-caspian-route-set-to-rise) gives 1.7 Mt for 2022 (2023: 2.76 Mt, +65%)",
    ("titr-containers", "", "2025", "TEU", "77000"): "confirmed as 'around 77,000 TEU' by the ministry in March 2026 (https://astanatimes.com/2026/03/trans-caspian-transport-route-cargo-volumes-increase-fivefold-in-seven-years/)",
}


# Seed figures whose source is not a URL get the URL of a stored page that gives the
# figure; the value becomes the page's, the old value and citation go into the note.
SOURCE_FIX = {
    ("aktau-port", "aktau", "2023-01..2023-10", "t", "3785000"): (
        "3800000", "https://portnews.ru/news/356420",
        "cargo handled, +22% y/y, oil over 3 Mt (KTZ press service via PortNews). The seed had "
        "3,785,000 t (+22% vs 3.109 Mt) from Trend 2023-12-12 'Kazakhstan names volume of cargo "
        "transportation via seaports for 11M2023', whose URL is not in the stored pages"),
}


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _dated(row: dict) -> dict:
    period = parse_period(row["period"])
    return {**row, "period": period.label, "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat()}


def build(seed_rows: list[dict]) -> list[dict]:
    """Every default figure as a dict of canonical text; ``seed_rows`` are the
    pre-series seed figures (``scripts/build_seed.py`` picks them)."""
    rows = [{**row, "series": seed_series(row)} for row in seed_rows]
    appended = set()
    for row in rows:
        key = (row["series"], row["location"], row["period"], row["unit"], row["value"])
        if key in NOTE_APPEND:
            row["note"] = f"{row['note']}. {NOTE_APPEND[key]}"
            appended.add(key)
    fixed = set()
    for row in rows:
        key = (row["series"], row["location"], row["period"], row["unit"], row["value"])
        if key in SOURCE_FIX:
            row["value"], row["source"], row["note"] = SOURCE_FIX[key]
            fixed.add(key)
    if set(SOURCE_FIX) - fixed:
        raise SystemExit(f"seed rows to fix not found: {sorted(set(SOURCE_FIX) - fixed)}")
    if set(NOTE_APPEND) - appended:
        raise SystemExit(f"notes for seed rows not found: {sorted(set(NOTE_APPEND) - appended)}")
    found = set()
    for ref in _read(REFERENCE):
        key = (ref["segment_or_node"], ref["period"], ref["value"])
        if key not in EXTRA:
            continue
        found.add(key)
        corridor, series, location, direction, quality, note = EXTRA[key]
        rows.append(_dated({"corridor": corridor, "series": series, "location": location,
                            "period": ref["period"], "metric": "volume", "direction": direction,
                            "value": ref["value"], "unit": ref["unit"],
                            "quality": quality or ref["quality"], "source": ref["source"],
                            "note": note}))
    missing = set(EXTRA) - found
    if missing:
        raise SystemExit(f"picked rows not in the reference: {sorted(missing)}")
    for gap in _read(GAPFILL):
        rows.append(_dated(gap))
    return rows


def check(rows: list[dict]) -> list[str]:
    catalog = tomllib.loads(CATALOG.read_text(encoding="utf-8"))["series"]
    problems, seen = [], {}
    for n, row in enumerate(rows, 2):
        info = catalog.get(row["series"])
        if info is None:
            problems.append(f"line {n}: unknown series {row['series']!r}")
            continue
        if info["corridor"] != row["corridor"]:
            problems.append(f"line {n}: series {row['series']} is {info['corridor']}, row says {row['corridor']}")
        if row["unit"] not in info["units"]:
            problems.append(f"line {n}: unit {row['unit']} not in the units of {row['series']}")
        if row["metric"] not in info["metric"]:
            problems.append(f"line {n}: metric {row['metric']} not in {row['series']}")
        if not row["source"].startswith(("http://", "https://")) or row["quality"] not in ("reported", "estimate"):
            problems.append(f"line {n}: source URL or quality missing")
        key = tuple(row[c] for c in IDENTITY)
        if key in seen:
            problems.append(f"line {n}: same identity as line {seen[key]}: {key}")
        seen[key] = n
    return problems


def write_table(seed_rows: list[dict]) -> int:
    """Build, check and write ``series_figures.csv``; return the exit code."""
    rows = build(seed_rows)
    for row in rows:
        row["value"] = _number(float(row["value"]))
    problems = check(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    plain = io.StringIO()
    writer = csv.DictWriter(plain, fieldnames=[c for c in COLUMNS if c != "series"],
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    result = validate_bytes(plain.getvalue().encode("utf-8"), filename="series_figures_noseries.csv")
    for problem in result.report.errors:
        if problem.code == "duplicate-key":
            print(f"differ only in series (expected): {problem}")
        else:
            problems.append(str(problem))
    for problem in result.report.warnings:
        print(f"warning: {problem}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    OUTPUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} figures")
    return 0


if __name__ == "__main__":
    from build_seed import main  # one build: the seed script writes this table too

    sys.exit(main())
