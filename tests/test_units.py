"""Units with scale, and units that are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from corridors.ingest.units import UnitError, check_unit_fits, parse_unit


@pytest.mark.parametrize(("text", "unit", "factor"), [
    ("t", "t", 1), ("kt", "t", 1e3), ("тыс. т", "t", 1e3), ("тыс.т", "t", 1e3),
    ("Mt", "t", 1e6), ("млн т", "t", 1e6), ("млн. т", "t", 1e6), ("TEU", "TEU", 1),
    ("ДФЭ", "TEU", 1), ("thousand TEU", "TEU", 1e3), ("тыс. ДФЭ", "TEU", 1e3),
    ("trains", "trains", 1), ("поездов", "trains", 1), ("Тонн", "t", 1),
])
def test_units(text, unit, factor):
    parsed = parse_unit(text)
    assert (parsed.unit, parsed.factor) == (unit, factor)


@pytest.mark.parametrize(("text", "code"), [
    ("%", "unit-metric-mismatch"), ("% y/y", "unit-metric-mismatch"),
    ("TEU/day", "unit-metric-mismatch"), ("containers", "unknown-unit"),
    ("containers (unit as stated)", "unknown-unit"), ("furlongs", "unknown-unit"),
])
def test_refused(text, code):
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.code == code


def test_per_year_only_for_a_year():
    unit = parse_unit("t/yr")
    assert check_unit_fits(unit, dt.date(2023, 1, 1), dt.date(2023, 12, 31)) is None
    assert check_unit_fits(unit, dt.date(2023, 1, 1), dt.date(2023, 3, 31))
