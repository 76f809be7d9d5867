"""Every fixture in tests/fixtures/csv is normalised or refused as expected.json says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridors.ingest import validate_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name):
    expected = EXPECTED[name]
    result = validate_bytes((FIXTURES / name).read_bytes(), filename=name)
    # default-filled (a column the file lacks) is checked in test_workbook.py, so the
    # expectations here stay what they were before that warning existed
    problems = [[p.row, p.column, p.code] for p in result.report.errors +
                result.report.warnings if p.code != "default-filled"]
    assert sorted(problems, key=str) == sorted(expected["problems"], key=str)
    has_errors = any(p[2] for p in expected["problems"]
                     if p[2] not in {"encoding-guessed", "kazakh-mis-decoded",
                                     "unknown-column", "total-row", "series-assumed"})
    assert result.report.valid is not has_errors
    figures = [[r.corridor, r.location, r.period, r.value, r.unit] for r in result.records]
    assert figures == expected["figures"]
    if not result.report.valid:
        assert result.records == []


def test_at_least_forty_fixtures():
    assert len(EXPECTED) >= 40
