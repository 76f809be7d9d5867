"""Build geodata/seed/events.csv from scripts/reference/events.csv (reproducible).

The reference file (copied from the shared research notes) has free-form dates:
``2014-02``, ``2022-03/2022-05``, ``2024-02 (late)``, ``2024``. This script writes them as
ISO dates with an explicit precision (``day``, ``month``, ``year``), an optional end date
for spans, the corridor an event concerns and its kind, and keeps every source. Run::

    python scripts/build_events.py

Output is byte-identical across runs (sorted rows, ``\\n`` line ends).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "scripts" / "reference" / "events.csv"
SEED = ROOT / "geodata" / "seed" / "events.csv"
FIGURES = ROOT / "geodata" / "seed" / "throughput.csv"
sys.path.insert(0, str(ROOT))

from corridors.timeline.statements import VASSILENKO as STATEMENT  # noqa: E402

COLUMNS = ["date", "date_end", "precision", "title", "description", "source", "corridor",
           "kind"]
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:\s*\((.+)\))?$")

#: corridor and kind by reference date (dates are unique in the reference file)
CLASSIFY = {
    "1991-07-20": ("both", "infrastructure"), "2012-12-22": ("both", "infrastructure"),
    "2013-09-07": ("both", "policy"), "2014-02": ("middle", "agreement"),
    "2015-07-29": ("both", "infrastructure"), "2016-12": ("middle", "infrastructure"),
    "2017-10-30": ("middle", "infrastructure"), "2018-05-14": ("middle", "infrastructure"),
    "2018-08-11": ("middle", "service"), "2022-02-24": ("northern", "geopolitics"),
    "2022-03/2022-05": ("northern", "traffic"), "2022-06-27": ("middle", "agreement"),
    "2022-09-21": ("middle", "policy"), "2022-11-17": ("both", "infrastructure"),
    "2022-11-25": ("middle", "agreement"), "2022-12": ("both", "policy"),
    "2023-04-01": ("northern", "policy"), "2023-05-18/2023-05-19": ("both", "agreement"),
    "2023-06-08": ("northern", "statement"), "2023-06-22": ("middle", "agreement"),
    "2023-09-21": ("middle", "policy"), "2023-10-26": ("middle", "agreement"),
    "2024-01-19": ("both", "infrastructure"), "2024-01-29/2024-01-30": ("middle", "policy"),
    "2024-02 (late)": ("both", "infrastructure"), "2024-05-22": ("middle", "policy"),
    "2024": ("middle", "policy"), "2025-03-04": ("middle", "agreement"),
    "2025-09-30": ("both", "infrastructure"),
}

VASSILENKO_SOURCE = STATEMENT.source
#: the reference README states the figure; its events.csv row carries only a stub
VASSILENKO = {
    "title": "Vassilenko: Northern Corridor volumes fell by over 35% in 2022",
    "description": (
        "Kazakhstan's Deputy Foreign Minister Roman Vassilenko, interview with SpecialEurasia "
        "(8 June 2023): overland transport on the Northern Corridor fell by over 35% in 2022. "
        "A statement, not a series. "
    ),
}


def vassilenko_check() -> str:
    """The 2021 -> 2022 change the default data's series give, worded by the library
    (``corridors.timeline.comparisons.statement_check``), never typed in here."""
    from corridors.ingest import validate_bytes
    from corridors.timeline.comparisons import statement_check

    figures = validate_bytes(FIGURES.read_bytes(), filename=FIGURES.name).frame
    return statement_check(figures, corridor=STATEMENT.corridor, before=STATEMENT.before,
                           after=STATEMENT.after, claimed_pct=STATEMENT.claimed_pct,
                           claim=STATEMENT.claim) + (
        " Wider measures have no comparable pair of full years in the data; the research "
        "log (scripts/reference/series_research.md) found them rising in 2022: transit "
        "containers through Kazakhstan +6%, rail freight across the China-Kazakhstan "
        "crossings +15%.")


def parse_date(text: str) -> tuple[str, str]:
    """Return (ISO date, precision) for `2023-06-08`, `2014-02`, `2024`, `2024-02 (late)`."""
    match = DATE.match(text.strip())
    if not match:
        raise ValueError(f"events: cannot read the date {text!r}; use YYYY, YYYY-MM or "
                         "YYYY-MM-DD, optionally A/B for a span")
    year, month, day, _ = match.groups()
    if day:
        return f"{year}-{month}-{day}", "day"
    return (f"{year}-{month}", "month") if month else (year, "year")


def convert(row: dict[str, str]) -> dict[str, str]:
    """Turn one reference row into one seed row."""
    raw = row["date"].strip()
    first, _, last = raw.partition("/")
    date, precision = parse_date(first)
    date_end = parse_date(last)[0] if last else ""
    qualifier = DATE.match(first.strip()).group(4)
    description = row["description"].strip()
    if qualifier:  # e.g. "(late)": keep what the source said about the date
        description = f"{description} (date given as '{raw}')"
    corridor, kind = CLASSIFY.get(raw, ("", "other"))
    out = {"date": date, "date_end": date_end, "precision": precision,
           "title": row["title"].strip(), "description": description,
           "source": row["source"].strip(), "corridor": corridor, "kind": kind}
    if out["source"].rstrip("/").endswith("roman-vassilenko-kazakhstan"):
        out.update(VASSILENKO, description=VASSILENKO["description"] + vassilenko_check())
    return out


def build(reference: Path = REFERENCE) -> list[dict[str, str]]:
    """Read the reference file and return the seed rows, sorted by date then title."""
    with reference.open(encoding="utf-8", newline="") as fh:
        rows = [convert(r) for r in csv.DictReader(fh)]
    if not any(r["source"].rstrip("/") == VASSILENKO_SOURCE for r in rows):
        rows.append({"date": "2023-06-08", "date_end": "", "precision": "day",
                     "source": VASSILENKO_SOURCE, "corridor": "northern",
                     "kind": "statement", **VASSILENKO,
                     "description": VASSILENKO["description"] + vassilenko_check()})
    missing = [r["title"] for r in rows if not r["source"]]
    if missing:
        raise ValueError(f"events without a source: {missing}")
    return sorted(rows, key=lambda r: (r["date"], r["title"]))


def main() -> int:
    rows = build()
    SEED.parent.mkdir(parents=True, exist_ok=True)
    with SEED.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} events to {SEED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
