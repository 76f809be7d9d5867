"""Property (issue 18): any file that validates round-trips through import and export
unchanged: the exported canonical CSV is, byte for byte, the canonical CSV of the
figures the file held, and it validates again to the very same figures."""

from __future__ import annotations

import io
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridors.domain.records import MAX_VALUE, MAX_YEAR, MIN_YEAR, Record
from corridors.domain.series_catalog import load_series_catalog
from corridors.exchange.export import write_current_csv
from corridors.ingest import records_to_csv_bytes, validate_bytes
from corridors.ingest.cells import FILLERS, is_formula
from corridors.ingest.periods import months_period
from corridors.store import open_store
from corridors.store.store import forget_url

_counter = itertools.count()
LOCATIONS = {"middle": ["", "aktau", "alat", "kuryk"], "northern": ["", "dostyk"]}

SERIES = load_series_catalog()


def _clean(text: str) -> bool:
    return (not is_formula(text) and not text.startswith("'") and "\u00a0" not in text
            and "\r" not in text)


def texts(multiline: bool, size: int):
    chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Zl",
                                                              "Zp"),
                          exclude_characters=FILLERS + "\r",
                          include_characters="\n" if multiline else "")
    return st.text(chars, max_size=size).map(str.strip).filter(_clean)


@st.composite
def records(draw):
    corridor = draw(st.sampled_from(sorted(LOCATIONS)))
    year = draw(st.integers(MIN_YEAR, MAX_YEAR))
    month, length = draw(st.sampled_from([(1, 12), (1, 6), (7, 6), (4, 3), (10, 3), (5, 1),
                                          (12, 1), (1, 11), (3, 2)]))
    period = months_period(year, month, None, length)
    value = draw(st.one_of(st.floats(0, MAX_VALUE, allow_nan=False),
                           st.integers(0, 10**12).map(float)))
    # only combinations a catalogued series covers: the others are refused on purpose
    metric, unit, series = draw(st.sampled_from(
        [(m, u, s.slug) for s in SERIES.of_corridor(corridor) for m in s.metrics
         for u in s.units]))
    return Record(corridor, series, draw(st.sampled_from(LOCATIONS[corridor])), period.label,
                  period.start, period.end, metric,
                  draw(st.sampled_from(["both", "westbound", "eastbound"])), value, unit,
                  draw(st.sampled_from(["reported", "estimate"])), draw(texts(False, 40)),
                  draw(texts(True, 60)))


def _exported(store) -> str:
    buffer = io.StringIO(newline="")
    write_current_csv(store, buffer)
    return buffer.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(records(), min_size=1, max_size=12, unique_by=lambda r: r.identity))
def test_a_valid_file_round_trips_through_import_and_export(tmp_path, items):
    data = records_to_csv_bytes(items)
    result = validate_bytes(data, fast=bool(next(_counter) % 2))
    assert result.report.valid, [p.to_dict() for p in result.report.errors]
    url = f"sqlite:///{tmp_path / f'rt{next(_counter)}.sqlite3'}"
    store = open_store(url, seed_path=None)
    try:
        outcome = store.import_file(data, filename="rt.csv", author="hypothesis")
        assert outcome.status == "imported"
        exported = _exported(store)
    finally:
        forget_url(url)
    stored = store_order(result.records)
    assert exported.encode() == records_to_csv_bytes(stored)
    assert validate_bytes(exported.encode()).records == stored
    assert set(stored) == set(items)


def store_order(records: list[Record]) -> list[Record]:
    """The store's export order: by identity key (corridor, location, metric, unit,
    direction, series, period bounds), as text, which ISO dates sort like dates."""
    return sorted(records, key=lambda r: (r.corridor, r.location, r.metric, r.unit,
                                          r.direction, r.series, r.period_start.isoformat(),
                                          r.period_end.isoformat()))
