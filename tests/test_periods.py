"""Period labels to canonical periods (DESIGN 3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.ingest.periods import PeriodError, canonical_label, parse_period

D = dt.date


@pytest.mark.parametrize(("text", "label", "start", "end"), [
    ("2023", "2023", D(2023, 1, 1), D(2023, 12, 31)),
    ("2023-Q1", "2023-Q1", D(2023, 1, 1), D(2023, 3, 31)),
    ("Q1 2023", "2023-Q1", D(2023, 1, 1), D(2023, 3, 31)),
    ("I кв. 2023", "2023-Q1", D(2023, 1, 1), D(2023, 3, 31)),
    ("IV кв. 2023", "2023-Q4", D(2023, 10, 1), D(2023, 12, 31)),
    ("1 кв. 2023", "2023-Q1", D(2023, 1, 1), D(2023, 3, 31)),
    ("2023-H1", "2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
    ("H2 2023", "2023-H2", D(2023, 7, 1), D(2023, 12, 31)),
    ("1 пол. 2023", "2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
    ("2024-02", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("05.2023", "2023-05", D(2023, 5, 1), D(2023, 5, 31)),
    ("May 2023", "2023-05", D(2023, 5, 1), D(2023, 5, 31)),
    ("янв 2023", "2023-01", D(2023, 1, 1), D(2023, 1, 31)),
    ("январь 2023", "2023-01", D(2023, 1, 1), D(2023, 1, 31)),
    ("қаңтар 2024", "2024-01", D(2024, 1, 1), D(2024, 1, 31)),
    ("Jan-Nov 2024", "2024-01..2024-11", D(2024, 1, 1), D(2024, 11, 30)),
    ("2024-01..2024-11", "2024-01..2024-11", D(2024, 1, 1), D(2024, 11, 30)),
    ("янв-ноя 2024", "2024-01..2024-11", D(2024, 1, 1), D(2024, 11, 30)),
    ("Jan-Mar 2023", "2023-Q1", D(2023, 1, 1), D(2023, 3, 31)),
    ("2024-01..2024-12", "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2017-10..2023-05", "2017-10..2023-05", D(2017, 10, 1), D(2023, 5, 31)),
])
def test_forms(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["13.2023", "2023-Q5", "2023-H3", "2023-00", "01.05.2023",
                                  "2024-11..2024-01", "Foo 2023", "1800", "", "soon"])
def test_impossible_periods(text):
    with pytest.raises(PeriodError):
        parse_period(text)


months = st.tuples(st.integers(1950, 2090), st.integers(1, 12), st.integers(1, 40))


@given(months)
def test_canonical_label_reads_back(spec):
    year, month, length = spec
    first = parse_period(f"{year}-{month:02d}")
    last_index = year * 12 + month - 1 + length - 1
    end = parse_period(f"{last_index // 12}-{last_index % 12 + 1:02d}")
    label = canonical_label(first.start, end.end)
    again = parse_period(label)
    assert (again.start, again.end, again.label) == (first.start, end.end, label)
