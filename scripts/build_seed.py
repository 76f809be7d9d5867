"""Build geodata/seed/throughput.csv (canonical, with series) from the reference tables.

The one build of the default data, in three steps:

1. The pre-series seed figures are picked explicitly below by (scope, period, value)
   from scripts/reference/throughput.csv and keep their source and quality; other
   figures for the same identity go into the kept row's note.
2. ``scripts/build_series_figures.py`` gives each its series (the seed's mapping in
   ``corridors.domain.legacy_series``), adds the reference figures of other series and
   the researched gap fills, checks them against geodata/series.toml and writes
   scripts/reference/series_figures.csv.
3. That table is validated with the project's validator (series column included, no
   series assumed) and written as the seed.

Decisions are documented in docs/seed-data.md. Run from the project root:
``python scripts/build_seed.py``; it fails on any problem and writes nothing then.
"""

# ruff: noqa: E501  (a data table: one figure or fixture per line reads best)

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_series_figures import OUTPUT as SERIES_TABLE  # noqa: E402
from build_series_figures import write_table  # noqa: E402

from corridors.domain.legacy_series import seed_series  # noqa: E402
from corridors.domain.records import Record  # noqa: E402
from corridors.ingest import validate_bytes  # noqa: E402
from corridors.ingest.canonical import records_to_csv_bytes  # noqa: E402
from corridors.ingest.periods import parse_period  # noqa: E402
from corridors.ingest.units import parse_unit  # noqa: E402

REFERENCE = ROOT / "scripts" / "reference" / "throughput.csv"
OUTPUT = ROOT / "geodata" / "seed" / "throughput.csv"
MOT = "whole route (KZ Ministry of Transport series)"
# A record needs a corridor, so crossing totals are filed under the Northern Corridor;
# this note keeps them from being read as Northern Corridor transit.
CROSSING_NOTE = ("all rail freight across the crossing(s): bilateral Kazakhstan-China trade "
                 "and transit on both corridors, not Northern Corridor transit alone")

# (scope in the reference, period as stored, value) -> (corridor, location, metric,
# period override or None, note). Quality comes from the reference, except "approx."
# figures, which are estimates by the reference's own rule.
PICK = {
    (MOT, "2019", "759000"): ("middle", "", "volume", None, "KZ Ministry of Transport series"),
    ("whole route (KZ MoT series)", "2020", "783000"): ("middle", "", "volume", None, "KZ MoT series"),
    ("whole route (KZ MoT series)", "2021", "586000"): ("middle", "", "volume", None, "KZ MoT series"),
    ("whole route (KZ MoT series)", "2022", "1485000"): ("middle", "", "volume", None,
        "KZ MoT series. Astana Times reports 1.5 Mt (x2.5 y/y); TITR plan early 2022 was 3.2 Mt; "
        "KTZ reports 1.84 Mt for Jan-Sep 2022, more than this full year (scope differs)"),
    ("whole route (KZ MoT series)", "2023", "2764000"): ("middle", "", "volume", None,
        "KZ MoT series. Trend reports 2.7 Mt (+86%) and 2.75 Mt by rail; Qazinform 2.8 Mt"),
    ("whole route (KZ MoT series)", "2024", "4484000"): ("middle", "", "volume", None,
        "KZ MoT series. Qazinform reports 4.5 Mt (+62%)"),
    ("whole route (KZ MoT series)", "2025", "4119000"): ("middle", "", "volume", None,
        "KZ MoT series. Plans/forecasts for 2025: TITR Association 2.5 Mt (incl. 96,000 TEU), "
        "AZCON 5.2 Mt"),
    ("containers", "2021", "25200"): ("middle", "", "volume", None, "containers, +20% vs 2020"),
    ("containers", "2022", "33000"): ("middle", "", "volume", None,
        "Astana Times (2024-08) reports 33,600 TEU for 2022"),
    ("containers", "2024-01..2024-11", "50500"): ("middle", "", "volume", None, "x2.6 y/y"),
    ("containers", "2025", "77000"): ("middle", "", "volume", None, "approx."),
    ("via KZ+AZ seaports (TITR Association)", "2024", "56500"): (
        "middle", "trans-caspian-sea", "volume", None, "TITR Association, via KZ+AZ seaports; +176% y/y"),
    ("via KZ+AZ seaports (TITR Association)", "2024", "3300000"): (
        "middle", "trans-caspian-sea", "volume", None, "TITR Association, via KZ+AZ seaports; +20% y/y"),
    ("whole route (KTZ Express)", "2022-01..2022-07", "845000"): (
        "middle", "", "volume", None, "KTZ Express; x3 y/y (311 kt in Jan-Jul 2021)"),
    ("whole route (TITR Assoc./KTZ)", "2022-01..2022-09", "1840000"): (
        "middle", "", "volume", None,
        "TITR Assoc./KTZ; exceeds the KZ MoT full-year 2022 figure (1.485 Mt): scope conflict"),
    ("via Aktau+Kuryk ports", "2022-01..2022-10", "1500000"): (
        "middle", "trans-caspian-sea", "volume", None, "via Aktau and Kuryk ports; x2 y/y"),
    ("rail (KZ)", "2023-Q1", "433000"): ("middle", "", "volume", None, "rail in Kazakhstan; +64% y/y"),
    ("whole route", "2023-H1", "1300000"): ("middle", "", "volume", None, "x1.8 y/y"),
    ("via Kazakhstan (KTZ)", "2023-01..2023-07", "1600000"): (
        "middle", "", "volume", None, "via Kazakhstan (KTZ); +86% y/y"),
    ("whole route", "2024-01..2024-07", "2500000"): ("middle", "", "volume", None, "+62% y/y"),
    ("whole route", "2024-01..2024-11", "4100000"): ("middle", "", "volume", None, "+63% y/y"),
    ("TITR Association", "2024-H1", "19370"): (
        "middle", "", "volume", None, "TITR Association (may count the Caspian sea leg only)"),
    ("whole route (KZ MoT)", "2025-01..2025-04", "1500000"): (
        "middle", "", "volume", None, "KZ MoT; +10% y/y vs 1.37 Mt; conflict: more than the "
        "TITR Association's 926 kt for 2025-H1 (a narrower scope, perhaps the sea leg only)"),
    ("whole route (KZ MoT)", "2025-01..2025-04", "30400"): ("middle", "", "volume", None, "KZ MoT; x3 y/y"),
    ("TITR Association", "2025-H1", "40200"): (
        "middle", "", "volume", None, "TITR Association (may count the Caspian sea leg only); +93%"),
    ("TITR Association", "2025-H1", "926000"): (
        "middle", "", "volume", None, "TITR Association (may count the Caspian sea leg only); +5.5%; "
        "conflict: less than KZ MoT's 1.5 Mt for Jan-Apr 2025 (different scopes)"),
    ("capacity", "2023", "5800000"): ("middle", "", "capacity", None, "route throughput capacity"),
    ("capacity", "2023", "80000"): ("middle", "", "capacity", None, "container capacity (potential)"),
    ("capacity", "2024", "6000000"): ("middle", "", "capacity", None, "route throughput capacity"),
    ("capacity", "2024", "100000"): ("middle", "", "capacity", None, "container capacity"),
    ("capacity target", "2025 (Roadmap 2022-2027)", "10000000"): (
        "middle", "", "capacity", "2025", "target capacity, Roadmap 2022-2027"),
    ("capacity target", "2027", "10000000"): ("middle", "", "capacity", None, "target capacity"),
    ("target", "2029", "300000"): ("middle", "", "volume", None, "container traffic target"),
    ("target (Tokayev)", "2030", "500000"): ("middle", "", "volume", None, "container traffic target (Tokayev)"),
    ("World Bank forecast (Caspian flows)", "2030", "11000000"): (
        "middle", "", "volume", None, "World Bank forecast with full implementation (Caspian flows)"),
    # Northern Corridor: the ERAI "China-EU-China via the 1520 mm network" series only.
    ("Eurasian transit China-Europe-China (ERAI)", "2021-H1", "336598"): (
        "northern", "", "volume", None, "ERAI series: China-EU-China transit via 1520 mm; +50% y/y"),
    ("Eurasian transit China-Europe-China (ERAI)", "2022-H1", "307200"): (
        "northern", "", "volume", None, "ERAI series: China-EU-China transit via 1520 mm; -8.7% y/y"),
    ("Eurasian transit China-EU-China (ERAI)", "2022", "410600"): (
        "northern", "", "volume", None,
        "ERAI series: China-EU-China transit via 1520 mm. ERAI, all segments incl. China-RU/BY: 681,000 TEU"),
    ("Eurasian transit China-EU-China (ERAI)", "2023", "211100"): (
        "northern", "", "volume", None,
        "ERAI series: China-EU-China transit via 1520 mm; -49% y/y. ERAI, all segments: 674,000 TEU"),
    ("Eurasian transit China-Europe-China (index1520 CN page)", "2024-H1", "189000"): (
        "northern", "", "volume", None, "ERAI series (index1520 CN page); +12.6% y/y"),
    # Nodes and routes.
    ("Dostyk TransTerminal (PTC Holding)", "2021-06..2022-06", "129000"): (
        "northern", "dostyk", "volume", None, "Dostyk TransTerminal (PTC Holding); serves both corridors"),
    ("Dostyk TransTerminal", "2022", "320000"): (
        "northern", "dostyk", "capacity", None, "Dostyk TransTerminal after phase 2"),
    ("Dostyk-Alashankou", "2016-H1", "3000000"): ("northern", "dostyk", "volume", None, "more than"),
    ("Dostyk-Alashankou", "2016", "20000000"): ("northern", "dostyk", "capacity", None, "annual capacity"),
    ("Khorgos Gateway dry port", "2016", "80000"): (
        "northern", "altynkol", "volume", None, "Khorgos Gateway dry port; more than; serves both corridors"),
    ("Khorgos Gateway dry port", "2022", "7000"): (
        "northern", "altynkol", "volume", None, "China-Europe trains served at Khorgos Gateway"),
    ("Khorgos Gateway dry port", "2025", "372000"): (
        "northern", "altynkol", "volume", None, "Khorgos Gateway; more than; +2% y/y"),
    ("Altynkol-Khorgos", "2023-01..2023-07", "7000000"): (
        "northern", "altynkol", "volume", None, "Kazakhstan-China rail freight via Altynkol; more than; "
        "ALL_CROSSING_TRAFFIC"),
    ("Altynkol-Khorgos + Dostyk-Alashankou", "2023-01..2023-07", "16200000"): (
        "northern", "kazakhstan-china-crossings", "volume", None,
        "both crossings; +23% y/y; ALL_CROSSING_TRAFFIC"),
    ("both crossings (KTZ)", "2022", "23000000"): (
        "northern", "kazakhstan-china-crossings", "volume", None,
        "KZ-China bilateral rail freight (record); ALL_CROSSING_TRAFFIC"),
    ("both crossings (KTZ)", "2024", "32000000"): (
        "northern", "kazakhstan-china-crossings", "volume", None,
        "KZ-China bilateral rail freight; +13.1%; ALL_CROSSING_TRAFFIC"),
    ("Aktau port", "2015", "5900000"): ("middle", "aktau", "volume", None, "cargo handled"),
    ("Aktau port", "2022-01..2022-10", "3200000"): ("middle", "aktau", "volume", None, "+7% y/y"),
    ("Aktau port", "2022-01..2022-10", "26400"): (
        "middle", "aktau", "volume", None, "+17% y/y; of which TITR containers 23,800 TEU (+66%)"),
    ("Aktau port", "2022", "3800000"): ("middle", "aktau", "volume", None, "+9% y/y; oil 2.5 Mt"),
    ("Aktau port", "2023-H1", "2200000"): ("middle", "aktau", "volume", None, "cargo handled"),
    ("Aktau port", "2023-01..2023-07", "2600000"): ("middle", "aktau", "volume", None, "+24%; oil 2.1 Mt"),
    ("Aktau port", "2023-01..2023-10", "3785000"): ("middle", "aktau", "volume", None, "+22% vs 3.109 Mt"),
    ("Aktau port", "2024-Q1", "1100000"): ("middle", "aktau", "volume", None, "+14% y/y"),
    ("Aktau port", "2024-Q1", "7400"): ("middle", "aktau", "volume", None, "+33%; 6,400 TEU on TITR"),
    ("Aktau port", "2024", "11000000"): ("middle", "aktau", "capacity", None, "throughput capacity, over"),
    ("Aktau container hub", "2025 (planned)", "300000"): (
        "middle", "aktau", "capacity", "2025", "container hub, planned, up to"),
    ("Kuryk port", "2018", "1610000"): (
        "middle", "kuryk", "volume", None, "conflicting figure for 2018: 1.33 Mt (qazaqtv, later page)"),
    ("Kuryk port", "2022", "1800000"): (
        "middle", "kuryk", "volume", None, "ferry complex; of which transit cargo 133,000 t"),
    ("Kuryk port", "2023-01..2023-10", "1807000"): (
        "middle", "kuryk", "volume", None, "+15%, 599 ferries; of which transit 153,000 t"),
    ("Kuryk port", "2024-01..2024-09", "1500000"): ("middle", "kuryk", "volume", None, "surpassed"),
    ("Kuryk port", "2024", "2200000"): ("middle", "kuryk", "volume", None, "expected cargo"),
    ("Kuryk port", "2023", "6000000"): ("middle", "kuryk", "capacity", None, "ferry complex"),
    ("Kuryk port", "2021", "4100000"): ("middle", "kuryk", "capacity", None, "railway berth"),
    ("Kuryk Sarzha terminal", "2030 (planned)", "10000000"): (
        "middle", "kuryk", "capacity", "2030", "Sarzha terminal, planned"),
    ("Port of Baku (Alat)", "2021-01..2021-09", "4200000"): ("middle", "alat", "volume", None, "more than; +21%"),
    ("Port of Baku (Alat)", "2021-01..2021-09", "30774"): ("middle", "alat", "volume", None, ""),
    ("Port of Baku (Alat)", "2021", "5600000"): ("middle", "alat", "volume", None, ""),
    ("Port of Baku (Alat)", "2022", "6300000"): ("middle", "alat", "volume", None, ""),
    ("Port of Baku (Alat)", "2023-Q1", "1530000"): ("middle", "alat", "volume", None, "+25% y/y"),
    ("Port of Baku (Alat)", "2023-01..2023-07", "4100000"): ("middle", "alat", "volume", None, "+14% y/y"),
    ("Port of Baku (Alat)", "2023-01..2023-07", "23723"): (
        "middle", "alat", "volume", None, "vs 33,008 TEU in Jan-Jul 2022"),
    ("Port of Baku (Alat)", "2023", "7400000"): (
        "middle", "alat", "volume", None,
        "Cabinet report, +16%. The port's statement says about 7.3 Mt; transit 5.3 Mt (72%)"),
    ("Port of Baku (Alat)", "2023", "43900"): ("middle", "alat", "volume", None, "-16% y/y"),
    ("Port of Baku (Alat)", "2024", "7600000"): ("middle", "alat", "volume", None, "+3.2% y/y"),
    ("Port of Baku (Alat)", "2024", "76775"): ("middle", "alat", "volume", None, "+73% y/y"),
    ("Port of Baku (Alat)", "2025-01..2025-09", "77000"): ("middle", "alat", "volume", None, "+40% y/y"),
    ("Port of Baku (Alat)", "2025", "8000000"): ("middle", "alat", "volume", None, "expected"),
    ("Port of Baku (Alat)", "2025", "104500"): ("middle", "alat", "volume", None, "expected 104,000-105,000"),
    ("Baku-Tbilisi-Kars railway", "2022-01..2022-10", "540000"): (
        "middle", "baku-tbilisi-kars", "volume", None,
        "+26.2%. Conflicts with the full-year 2022 figure of 432,284 t (menafn)"),
    ("Baku-Tbilisi-Kars railway", "2022", "432284"): (
        "middle", "baku-tbilisi-kars", "volume", None,
        "~+30%. Conflicts with 540,000 t reported for Jan-Oct 2022 (Trend)"),
    ("Baku-Tbilisi-Kars railway", "2017-10..2023-05", "2405000"): (
        "middle", "baku-tbilisi-kars", "volume", None, "cumulative since opening"),
    ("Baku-Tbilisi-Kars railway", "2025-H1", "9393"): ("middle", "baku-tbilisi-kars", "volume", None, "~59x y/y"),
    ("Baku-Tbilisi-Kars railway", "2023 (plan)", "5000000"): (
        "middle", "baku-tbilisi-kars", "capacity", "2023", "after modernisation (about 1 Mt before)"),
    ("Baku-Tbilisi-Kars railway", "2017 (at opening)", "6500000"): (
        "middle", "baku-tbilisi-kars", "capacity", "2017", "initial design capacity; peak design 17 Mt"),
    ("Aktau-Alat feeder line (4 Kazmortransflot + 2 ASCO vessels)", "2025", "89000"): (
        "middle", "aktau--alat", "capacity", None, "container feeder fleet (4 Kazmortransflot + 2 ASCO), about"),
    ("Aktau-Alat", "2025 (forecast)", "88000"): ("middle", "aktau--alat", "volume", "2025", "forecast"),
    ("Port of Baku (Alat)", "phase 1", "15000000"): (
        "middle", "alat", "capacity", "2022",
        "phase 1 incl. 100,000 TEU; the page gives no year: 2022 is the year the expansion "
        "to 25 Mt (500,000 TEU) was announced"),
}


def build() -> list[Record]:
    """Pick, convert and return the seed records (reference order)."""
    records, found = [], set()
    with open(REFERENCE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["segment_or_node"], row["period"], row["value"])
            if key not in PICK:
                continue
            found.add(key)
            records.append(_record(row, *PICK[key]))
    missing = set(PICK) - found
    if missing:
        raise SystemExit(f"picked rows not in the reference: {sorted(missing)}")
    return records


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w.%+-]+", text.lower()))


def _compose_note(metric_text: str, note: str) -> str:
    """The reference's description, then the parts of our note that add something (a
    part whose every word the description already has is left out, not repeated)."""
    known = _words(metric_text)
    kept = [part for part in note.split("; ") if part and not _words(part) <= known]
    return "; ".join([metric_text, *kept])


def _record(row: dict, corridor: str, location: str, metric: str, period_text: str | None,
            note: str) -> Record:
    period = parse_period(period_text or row["period"])
    unit = parse_unit(row["unit"])
    if unit.per_year and (period.end - period.start).days not in (364, 365):
        raise SystemExit(f"per-year unit on a non-year period: {row}")
    approx = "approx" in row["metric"] or "about" in row["metric"]
    quality = "estimate" if approx else row["quality"]
    text = _compose_note(row["metric"], note.replace("ALL_CROSSING_TRAFFIC", CROSSING_NOTE))
    fields = {"corridor": corridor, "location": location, "period": period.label,
              "metric": metric, "unit": unit.unit, "quality": quality, "note": text}
    series = seed_series(fields)
    if series is None:
        raise SystemExit(f"seed row not mapped to a series: {row}")
    return Record(corridor, series, location, period.label, period.start, period.end,
                  metric, "both", float(row["value"]) * unit.factor, unit.unit, quality,
                  row["source"], text)


def main() -> int:
    """Write the series table and the seed file, validated; return the exit code."""
    picked = records_to_csv_bytes(build()).decode("utf-8")
    seed_rows = [{k: v for k, v in row.items() if k != "series"}
                 for row in csv.DictReader(picked.splitlines())]
    if write_table(seed_rows):
        return 1
    result = validate_bytes(SERIES_TABLE.read_bytes(), filename=str(SERIES_TABLE))
    problems = [*result.report.errors, *result.report.warnings]
    if problems:  # a warning too: no series may be assumed, no column unknown
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    data = records_to_csv_bytes(result.records)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(result.records)} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
