"""Build scripts/reference/series_figures.csv: every default figure with its series.

Three inputs, in this order:

1. ``geodata/seed/throughput.csv`` (the 93 seed figures): each keeps every field and gets
   a series from ``seed_series`` below (the seed's mapping for the store migration).
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
``.venv/bin/python scripts/build_series_figures.py``.
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

from corridors.ingest import validate_bytes  # noqa: E402
from corridors.ingest.periods import parse_period  # noqa: E402

SEED = ROOT / "geodata" / "seed" / "throughput.csv"
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
    """The series of one seed figure (the mapping the store migration uses)."""
    corridor, location, note, unit = row["corridor"], row["location"], row["note"], row["unit"]
    estimate = row["quality"] == "estimate"
    if row["metric"] == "capacity":
        return "titr-capacity" if corridor == "middle" else "northern-capacity"
    if corridor == "northern":
        if location == "":
            return "erai-1520"
        if location == "kazakhstan-china-crossings" or unit == "t":
            return "kz-china-crossings"
        if location == "dostyk":
            return "dostyk-transterminal"
        return "khorgos-gateway"
    # Middle Corridor
    if estimate and ("target" in note or "forecast" in note or "expected" in note):
        return "titr-targets"
    if location == "trans-caspian-sea":
        return "titr-association" if "TITR Association" in note else "kz-ports-caspian"
    if location in ("aktau", "kuryk", "alat", "baku-tbilisi-kars"):
        return {"aktau": "aktau-port", "kuryk": "kuryk-port", "alat": "port-of-baku",
                "baku-tbilisi-kars": "btk"}[location]
    if location:
        raise SystemExit(f"seed row at an unmapped location: {row}")
    if "TITR Association" in note:
        return "titr-association"
    if unit == "TEU":
        return "titr-containers"
    if "KTZ" in note or "rail in Kazakhstan" in note:
        return "ktz-titr"
    return "kz-mot-titr"


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


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _dated(row: dict) -> dict:
    period = parse_period(row["period"])
    return {**row, "period": period.label, "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat()}


def build() -> list[dict]:
    rows = [{**row, "series": seed_series(row)} for row in _read(SEED)]
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
        if not row["source"].strip() or row["quality"] not in ("reported", "estimate"):
            problems.append(f"line {n}: source or quality missing")
        key = tuple(row[c] for c in IDENTITY)
        if key in seen:
            problems.append(f"line {n}: same identity as line {seen[key]}: {key}")
        seen[key] = n
    return problems


def main() -> int:
    rows = build()
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
    sys.exit(main())
