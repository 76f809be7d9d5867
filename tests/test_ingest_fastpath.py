"""The column-wise fast path gives exactly the row loop's result, or lets it decide.

Every file is validated twice, ``fast=True`` (the fast path when eligible, the row loop
after any doubt) and ``fast=False`` (the row loop only); the reports (every problem
with its line, column, code and message), the records and the frames must be equal.
"""

from __future__ import annotations

import calendar
import random
from pathlib import Path

import pandas as pd
import pytest

from corridors.domain.catalog import load_catalog
from corridors.domain.records import CANONICAL_COLUMNS
from corridors.ingest import fastpath, validate_bytes
from corridors.ingest.frames import frame_from_records, records_from_frame

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
CATALOG = load_catalog()
HEADER = ("corridor,series,location,period,period_start,period_end,metric,direction,value,"
          "unit,quality,source,note")
SERIES = {"volume": "kz-mot-titr", "capacity": "titr-capacity"}


def generated(rows: int = 3000, seed: int = 1) -> list[str]:
    """Lines of a clean canonical file (header first), unique identities, real ids."""
    rng = random.Random(seed)
    locations = ["", *sorted(CATALOG.location_ids("middle"))[:12]]
    periods = []
    for year in range(2000, 2030):
        periods.append((str(year), f"{year}-01-01", f"{year}-12-31"))
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            periods.append((f"{year}-{month:02d}", f"{year}-{month:02d}-01",
                            f"{year}-{month:02d}-{last:02d}"))
    combos = [(m, d, u) for m in ("volume", "capacity")
              for d in ("both", "westbound", "eastbound") for u in ("t", "TEU", "trains")]
    lines = [HEADER]
    for i in range(rows):
        label, start, end = periods[i % len(periods)]
        j = i // len(periods)
        metric, direction, unit = combos[j % len(combos)]
        location = locations[(j // len(combos)) % len(locations)]
        value = rng.choice([str(rng.randint(0, 10**7)),
                            f"{rng.randint(0, 999)}.{rng.randint(0, 99)}"])
        lines.append(f"middle,{SERIES[metric]},{location},{label},{start},{end},{metric},{direction},{value},"
                     f"{unit},reported,https://example.org/source/{i % 7},row {i}")
    return lines


def _replace(lines: list[str], row: int, column: str, text: str) -> list[str]:
    """``lines`` with one cell (data row ``row``, 1-based) replaced."""
    cells = lines[row].split(",")
    cells[CANONICAL_COLUMNS.index(column)] = text
    return [*lines[:row], ",".join(cells), *lines[row + 1:]]


def _variants() -> dict[str, bytes]:
    base = generated()
    ok = "\n".join(base) + "\n"
    per_year = _replace(base, 42, "unit", "t/yr")  # row 42 is a month
    return {
        "clean": ok.encode(),
        "clean_crlf": ok.replace("\n", "\r\n").encode(),
        "clean_sep_line": ("sep=,\n" + ok).encode(),
        "clean_blank_lines": ok.replace("\nmiddle,kz-mot-titr,,2001,",
                                         "\n\n\nmiddle,kz-mot-titr,,2001,").encode(),
        "clean_tab": ok.replace(",", "\t").encode(),
        "clean_semicolon_cp1251": ok.replace(",", ";").replace("row 1", "ряд 1").encode(
            "cp1251"),
        "clean_bom": b"\xef\xbb\xbf" + ok.encode(),
        "clean_utf16": ok.replace(",", "\t").encode("utf-16"),
        "clean_non_ascii_notes": ok.replace("row 2", "рост на 5% — Қазақстан").encode(),
        "clean_spaced_notes": ok.replace(",row 3", ",  row 3  ").encode(),
        "clean_aliases": ok.replace("middle,", "Middle Corridor,").replace(
            ",volume,", ",объем,").replace(",t,", ",тыс. т,").encode(),
        "clean_no_note": "\n".join(line.rsplit(",", 1)[0] for line in base).encode(),
        "clean_trailing_columns": "\n".join(line + ",," for line in base).encode(),
        "clean_ambiguous_point": "\n".join(_replace(base, 9, "value", "1.500")).encode(),
        "clean_per_year": "\n".join([base[0], "middle,kz-mot-titr,,1999,1999-01-01,1999-12-31,"
                                      "volume,both,5,t/yr,reported,x,", *base[1:]]).encode(),
        "clean_no_series": "\n".join(",".join(c for i, c in enumerate(line.split(","))
                                              if i != 1) for line in base
                                     if ",capacity," not in line or ",trains," not in line
                                     ).encode(),
        "clean_series_blank": "\n".join(_replace(base, 5, "series", "")).encode(),
        "bad_series": "\n".join(_replace(base, 6, "series", "kz-mot-tit")).encode(),
        "bad_series_corridor": "\n".join(_replace(base, 6, "series", "erai-1520")).encode(),
        "bad_corridor": "\n".join(_replace(base, 7, "corridor", "Midle Corridor")).encode(),
        "bad_location": "\n".join(_replace(base, 8, "location", "nowhere")).encode(),
        "bad_negative": "\n".join(_replace(base, 9, "value", "-5")).encode(),
        "bad_value_text": "\n".join(_replace(base, 10, "value", "about 5")).encode(),
        "bad_value_empty": "\n".join(_replace(base, 10, "value", "")).encode(),
        "bad_value_huge": "\n".join(_replace(base, 10, "value", "9" * 400)).encode(),
        "ambiguous_comma": "\n".join(_replace(base, 11, "value", "1,500")).encode(),
        "mixed_decimal": "\n".join(_replace(_replace(base, 11, "value", "1,5"), 12, "value",
                                            "1.234,5")).encode(),
        "fallback_spaced_value": "\n".join(_replace(base, 12, "value", " 15")).encode(),
        "bad_period": "\n".join(_replace(base, 13, "period", "2023-Q5")).encode(),
        "bad_bounds": "\n".join(_replace(base, 13, "period_end", "2099-01-01")).encode(),
        "bad_per_year": "\n".join(per_year).encode(),
        "bad_unit": "\n".join(_replace(base, 14, "unit", "containers")).encode(),
        "bad_metric": "\n".join(_replace(base, 15, "metric", "speed")).encode(),
        "duplicate": "\n".join([*base, base[20]]).encode(),
        "unit_conflict": "\n".join([*base, base[21].replace(",t,", ",kt,").replace(
            ",TEU,", ",thousand TEU,").replace(",trains,", ",thousand trains,")]).encode(),
        "formula_note": "\n".join(_replace(base, 16, "note", "=1+1")).encode(),
        "control_note": "\n".join(_replace(base, 17, "note", "a\x07b")).encode(),
        "zero_width_note": "\n".join(_replace(base, 17, "note", "a\u200bb")).encode(),
        "long_note": "\n".join(_replace(base, 18, "note", "x" * 2001)).encode(),
        "formula_source": "\n".join(_replace(base, 18, "source", "@SUM(A1)")).encode(),
        "fallback_total_row": "\n".join(_replace(base, 19, "corridor", "Итого")).encode(),
        "extra_cell": "\n".join([*base[:30], base[30] + ",surprise", *base[31:]]).encode(),
        "short_row": "\n".join([*base[:30], base[30].rsplit(",", 2)[0], *base[31:]]).encode(),
        "fallback_whitespace_row": "\n".join([*base[:30], "   ", *base[30:]]).encode(),
        "fallback_empty_cells_row": "\n".join([*base[:30], "," * 12, *base[30:]]).encode(),
        "fallback_quoted": "\n".join(_replace(base, 22, "note", '"a, b"')).encode(),
        "long_line": "\n".join(_replace(base, 23, "note", "y" * 70_000)).encode(),
        "clean_unknown_column": "\n".join([base[0] + ",extra", *(line + ",1" for line in base[1:])]
                                    ).encode(),
    }


VARIANTS = _variants()
FIXTURE_FILES = sorted(p.name for p in FIXTURES.glob("*.csv"))


def _both(data: bytes):
    fast = validate_bytes(data, filename="f.csv", catalog=CATALOG, fast=True)
    slow = validate_bytes(data, filename="f.csv", catalog=CATALOG, fast=False)
    return fast, slow


def _assert_same(fast, slow) -> None:
    assert slow.report.path == "slow"
    assert fast.report.errors == slow.report.errors
    assert fast.report.warnings == slow.report.warnings
    assert fast.report.to_dict() == slow.report.to_dict()
    assert fast.records == slow.records
    pd.testing.assert_frame_equal(fast.frame, slow.frame)


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_files_same_on_both_paths(name):
    _assert_same(*_both((FIXTURES / name).read_bytes()))


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_generated_files_same_on_both_paths(name):
    fast, slow = _both(VARIANTS[name])
    _assert_same(fast, slow)
    if name.startswith(("clean", "fallback")):
        assert slow.report.valid and len(slow.records) > 1000
    else:
        assert not slow.report.valid
    # Clean files are read column-wise; anything else falls back to the row loop.
    assert fast.report.path == ("fast" if name.startswith("clean") else "slow")


def test_large_clean_canonical_file_takes_the_fast_path():
    lines = generated(rows=30_000)
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > fastpath.FAST_MIN_CHARS
    result = validate_bytes(data, catalog=CATALOG)  # automatic choice
    assert result.report.path == "fast" and result.valid
    assert result.report.rows == 30_000 and len(result.frame) == 30_000
    assert list(result.frame.columns) == list(CANONICAL_COLUMNS)
    assert str(result.frame["period_start"].dtype) == "datetime64[ns]"
    assert result.frame["value"].dtype == "float64"
    assert result.records[5].location == "" and result.records[5].corridor == "middle"


def test_small_files_use_the_row_loop_by_default():
    result = validate_bytes((FIXTURES / "good_canonical.csv").read_bytes(), catalog=CATALOG)
    assert result.report.path == "slow" and result.valid


def test_frame_and_records_convert_both_ways():
    result = validate_bytes((FIXTURES / "good_periods_mixed.csv").read_bytes(),
                            catalog=CATALOG, fast=False)
    frame = frame_from_records(result.records)
    assert records_from_frame(frame) == result.records
    assert records_from_frame(frame_from_records([])) == []


def test_invalid_file_has_empty_frame_with_canonical_columns():
    result = validate_bytes(VARIANTS["duplicate"], catalog=CATALOG)
    assert not result.valid and result.records == []
    assert result.frame.empty and list(result.frame.columns) == list(CANONICAL_COLUMNS)
