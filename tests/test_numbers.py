"""Numbers with decimal comma or point and grouped thousands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.ingest.numbers import NumberColumn, parse_number, resolve


@pytest.mark.parametrize(("text", "value"), [
    ("1500000", 1500000), ("1.5", 1.5), ("0.125", 0.125), ("12,5", 12.5),
    ("1 500", 1500), ("1\u00a0500\u00a0000", 1500000), ("1\u202f500", 1500),
    ("1'500'000", 1500000), ("1 500,5", 1500.5), ("1,234.5", 1234.5), ("1.234,5", 1234.5),
    ("1,234,567", 1234567), ("1.5E+06", 1500000), ("12 345 678,9", 12345678.9),
])
def test_values(text, value):
    parsed = parse_number(text)
    assert parsed.error is None and parsed.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "code"), [
    ("abc", "type-error"), ("1 50", "type-error"), ("nan", "non-finite-value"),
    ("#DIV/0!", "non-finite-value"), ("#N/A", "type-error"),
])
def test_errors(text, code):
    assert parse_number(text).error[0] == code


def test_ambiguous_resolved_by_column():
    column = NumberColumn("value")
    column.note(parse_number("1,5"), 2)
    parsed = parse_number("1,500")
    assert resolve(column, parsed.value, parsed.alternative, "1,500") == 1.5


def test_ambiguous_comma_alone_is_undecidable():
    parsed = parse_number("1,500")
    assert resolve(NumberColumn("value"), parsed.value, parsed.alternative, "1,500") is None


def test_point_alone_is_decimal():
    parsed = parse_number("1.500")
    assert resolve(NumberColumn("value"), parsed.value, parsed.alternative, "1.500") == 1.5


def test_mixed_marks_conflict():
    column = NumberColumn("value")
    column.note(parse_number("1,5"), 2)
    column.note(parse_number("2.75"), 3)
    assert column.conflict_message() is not None


@given(st.integers(0, 10**12), st.sampled_from([" ", "\u00a0", "\u202f", "'"]),
       st.integers(0, 99))
def test_grouped_thousands_roundtrip(number, separator, cents):
    digits = f"{number:,}".replace(",", separator)
    parsed = parse_number(f"{digits},{cents:02d}")
    assert parsed.error is None
    assert parsed.value == pytest.approx(number + cents / 100)


@given(st.floats(0, 1e15, allow_nan=False))
def test_repr_of_floats_parses(value):
    parsed = parse_number(repr(value) if "e" not in repr(value) else f"{value:.6f}")
    assert parsed.error is None
    chosen = parsed.value if parsed.alternative is None else resolve(
        NumberColumn("v"), parsed.value, parsed.alternative, repr(value))
    assert chosen == pytest.approx(value, rel=1e-9, abs=1e-6)
