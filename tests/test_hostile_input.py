"""Hostile and careless input: every case is refused with its documented code or read
correctly (issue 18). Both readers run each case (the fast path must agree)."""

from __future__ import annotations

import codecs

import pytest

from corridors.ingest import dialect, fastpath, rows, validate_bytes
from corridors.ingest.problems import CODES, WARNING

HEADER = "corridor,location,period,metric,direction,value,unit,quality,source,note\n"
ROW = "middle,aktau,{period},volume,both,{value},{unit},reported,{source},{note}\n"


def row(period="2023", value="100", unit="t", source="https://example.org", note=""):
    return ROW.format(period=period, value=value, unit=unit, source=source, note=note)


def csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(lines)).encode("utf-8")


def bounds(start: str, end: str, value: str = "1") -> bytes:
    return ("corridor,location,period_start,period_end,metric,value,unit\n"
            f"middle,aktau,{start},{end},volume,{value},t\n").encode()


def note(text: str) -> bytes:
    return csv(row(note=text))


def quoted_note(text: str) -> bytes:
    return csv(row(note='"' + text.replace('"', '""') + '"'))


GOOD = row()
WIDE = "corridor,location,unit,2021,2022,2023\n"

CASES = {
    # --- encodings ------------------------------------------------------------------
    "utf8-bom": (codecs.BOM_UTF8 + csv(GOOD), None),
    "utf16-bom-tab": (codecs.BOM_UTF16_LE + csv(GOOD).decode().replace(",", "\t")
                      .encode("utf-16-le"), None),
    "cp1251-russian": (("коридор;узел;период;значение;ед. изм.\n"
                        "Средний коридор;Актау;2023;5;тыс. т\n").encode("cp1251"),
                       "encoding-guessed"),
    "damaged-utf8-after-bom": (codecs.BOM_UTF8 + csv(GOOD) + b"\xff\xfe\xfa", "encoding-error"),
    "nul-bytes": (csv(GOOD).replace(b"aktau", b"ak\x00tau"), "not-a-csv"),
    "empty": (b"", "not-a-csv"),
    "only-blank-lines": (b"\n\n  \n", "not-a-csv"),
    "xlsx-renamed": (b"PK\x03\x04" + b"\x00" * 40, "not-a-csv"),
    "pdf-renamed": (b"%PDF-1.7\n" + b"x" * 40, "not-a-csv"),
    "png-renamed": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not-a-csv"),
    "html-page": (b"<!DOCTYPE html><html><body>hi</body></html>\n", "not-a-csv"),
    "kazakh-misdecoded": (csv(row(note="Ќостанай арқылы")), "kazakh-mis-decoded"),
    # --- structure ------------------------------------------------------------------
    "unclosed-quote-last-column": (csv(row(note='"never closed'), row("2022"), row("2021")),
                                   "bad-quote"),
    "unclosed-quote-first-column": (csv('"middle,aktau,2023,volume,both,1,t,reported,s,\n',
                                        row("2022")), "bad-quote"),
    "quote-closed-by-next-row": (csv(row(note='"opens'), row("2022", note='"x"')),
                                 "bad-quote"),
    "text-after-closing-quote": (csv(row(note='"closed"then more')), "bad-quote"),
    "extra-cell": (csv(row().rstrip("\n") + ",surplus\n"), "extra-cell"),
    "missing-cell": (csv("middle,aktau,2023,volume\n"), "missing-cell"),
    "duplicate-column": (csv(GOOD.rstrip("\n") + ",1\n",
                             header=HEADER.rstrip("\n") + ",значение\n"), "duplicate-column"),
    "missing-value-column": (b"corridor,period,unit\nmiddle,2023,t\n", "missing-column"),
    "unknown-column": (csv(GOOD.rstrip("\n") + ",x\n", header=HEADER.rstrip("\n") + ",colour\n"),
                       "unknown-column"),
    "physical-line-too-long": (csv(row(note="x" * 70_000)), "line-too-long"),
    "quoted-cell-over-field-limit": (csv(row(note='"' + "x\n" * 70_000 + '"')),
                                     "line-too-long"),
    "multi-line-row-too-long": (csv(row(note='"' + ("y" * 1000 + "\n") * 80 + '"')),
                                "line-too-long"),
    "sep-line": (b"sep=;\n" + csv(GOOD).replace(b",", b";"), None),
    "semicolon-decimal-comma": (csv(row(value="1,5"), row("2022", value="2,25"))
                                .replace(b",", b";").replace(b"1;5", b"1,5")
                                .replace(b"2;25", b"2,25"), None),
    "blank-rows-and-crlf": (csv(GOOD, "\n", " \n", row("2022")).replace(b"\n", b"\r\n"), None),
    "duplicate-key": (csv(GOOD, GOOD), "duplicate-key"),
    "unit-conflict": (csv(row(value="2764", unit="kt"), row(value="2.764", unit="Mt")),
                      "unit-conflict"),
    "total-row": (csv(GOOD, "Итого,,2023,volume,both,5,t,reported,s,\n"), "total-row"),
    "wide-valid": ((WIDE + "Middle Corridor,aktau,t,1,2,3\n").encode(), None),
    "wide-bad-cell": ((WIDE + "Middle Corridor,aktau,t,1,abc,3\n").encode(), "type-error"),
    # --- values ---------------------------------------------------------------------
    "negative": (csv(row(value="-5")), "negative-value"),
    "nan": (csv(row(value="nan")), "non-finite-value"),
    "inf": (csv(row(value="inf")), "non-finite-value"),
    "overflow-float": (csv(row(value="1e400")), "non-finite-value"),
    "overflow-after-mt-scaling": (csv(row(value="1e305", unit="Mt")), "value-out-of-range"),
    "beyond-max-value": (csv(row(value="2000000000000000")), "value-out-of-range"),
    "beyond-max-after-kt": (csv(row(value="1100000000000", unit="kt")), "value-out-of-range"),
    "at-max-value": (csv(row(value="1000000000000", unit="kt")), None),
    "wide-overflow-after-scaling": ((WIDE + "Middle Corridor,aktau,млн т,1e305,1,1\n").encode(),
                                    "value-out-of-range"),
    "words": (csv(row(value="about 5")), "type-error"),
    "spreadsheet-error": (csv(row(value="#N/A")), "type-error"),
    "ambiguous-alone": (csv(row(value='"1,500"')), "ambiguous-number"),
    "ambiguous-mix": (csv(row(value='"1,5"'), row("2022", value="2.5")), "ambiguous-number"),
    "empty-value": (csv(row(value="")), "missing-cell"),
    "formula-value": (csv(row(value="=1+1")), "formula-injection"),
    "fullwidth-formula-value": (csv(row(value="＝1+1")), "formula-injection"),
    "unknown-unit": (csv(row(unit="bushels")), "unknown-unit"),
    "containers": (csv(row(unit="containers")), "unknown-unit"),
    "percent": (csv(row(unit="%")), "unit-metric-mismatch"),
    "per-year-on-quarter": (csv(row(period="2023-Q1", unit="t/yr")), "unit-metric-mismatch"),
    "unknown-corridor": (csv("Midle Corridor" + GOOD[len("middle"):]), "unknown-corridor"),
    "unknown-location": (csv(GOOD.replace("aktau", "atlantis")), "unknown-location"),
    "unknown-metric": (csv(GOOD.replace("volume", "weight")), "unknown-value"),
    # --- periods --------------------------------------------------------------------
    "quarter-five": (csv(row(period="2023-Q5")), "bad-period"),
    "month-thirteen": (csv(row(period="13.2023")), "bad-period"),
    "year-1899": (csv(row(period="1899")), "bad-period"),
    "year-2101": (csv(row(period="2101")), "bad-period"),
    "year-9999-month": (csv(row(period="9999-01")), "bad-period"),
    "a-date-not-a-period": (csv(row(period="05.05.2023")), "bad-period"),
    "reversed-range": (csv(row(period="2024-11..2024-01")), "bad-period"),
    "range-past-2100": (csv(row(period="2100-12..2101-01")), "bad-period"),
    "bounds-9999": (bounds("9999-01-01", "9999-12-31"), "bad-period"),
    "bounds-1815": (bounds("1815-01-01", "1815-12-31"), "bad-period"),
    "bounds-year-one": (bounds("0001-01-01", "0001-12-31"), "bad-period"),
    "bounds-end-past-2100": (bounds("2100-01-01", "2101-12-31"), "bad-period"),
    "bounds-not-iso": (bounds("01/01/2023", "31/12/2023"), "bad-period"),
    "bounds-not-whole-months": (bounds("2023-01-02", "2023-12-31"), "bad-period"),
    "bounds-valid-edges": (bounds("1900-01-01", "2100-12-31"), None),
    "bounds-disagree-with-label": (
        b"corridor,period,period_start,period_end,value,unit\n"
        b"middle,2023,2023-01-01,2023-03-31,1,t\n", "bad-period"),
    # --- text -----------------------------------------------------------------------
    "zero-width-space": (csv(row(source="https://exa\u200bmple.org")), "control-character"),
    "right-to-left-override": (csv(GOOD.replace("aktau", "ak\u202etau")), "control-character"),
    "left-to-right-isolate": (note("a\u2066b\u2069"), "control-character"),
    "arabic-letter-mark": (note("a\u061cb"), "control-character"),
    "tag-characters": (note("flag\U000e0067\U000e0062"), "control-character"),
    "hangul-filler": (note("a\u3164b"), "control-character"),
    "halfwidth-hangul-filler": (note("\uffa0"), "control-character"),
    "braille-blank": (note("a\u2800b"), "control-character"),
    "line-separator": (note("a\u2028b"), "control-character"),
    "paragraph-separator": (csv(row(source="s\u2029t")), "control-character"),
    "soft-hyphen-in-corridor": (csv("mid\u00addle" + GOOD[len("middle"):]),
                                "control-character"),
    "bom-inside-text": (note("a\ufeffb"), "control-character"),
    "c1-control": (note("a\x9bb"), "control-character"),
    "terminal-escape-in-source": (csv(row(source="\x1b[31mred\x1b[0m")), "control-character"),
    "private-use": (note("a\ue000b"), "control-character"),
    "newline-in-location": (csv(GOOD.replace("aktau", '"ak\ntau"')), "control-character"),
    "note-too-long": (note("x" * 2001), "too-long"),
    "location-too-long": (csv(GOOD.replace("aktau", "a" * 101)), "too-long"),
    "kazakh-and-emoji-note": (note("Қорғас арқылы 🚆 «кавычки»"), None),
    "multiline-note": (quoted_note("first line\nsecond line"), None),
    # --- formulas -------------------------------------------------------------------
    "equals-note": (note('=HYPERLINK("http://x")'), "formula-injection"),
    "plus-source": (csv(row(source="+1")), "formula-injection"),
    "minus-note": (note("-1"), "formula-injection"),
    "at-note": (note("@SUM(1)"), "formula-injection"),
    "fullwidth-equals": (note("＝1+1"), "formula-injection"),
    "fullwidth-plus-source": (csv(row(source="＋1")), "formula-injection"),
    "fullwidth-minus": (note("－1"), "formula-injection"),
    "fullwidth-at": (note("＠SUM(1)"), "formula-injection"),
    "small-form-equals": (note("﹦1"), "formula-injection"),
    "ideographic-space-then-equals": (note("\u3000=1+1"), "formula-injection"),
    "lf-then-equals": (quoted_note("\n=1+1"), "formula-injection"),
    "tab-then-equals": (quoted_note("\t=1+1"), "formula-injection"),
    "spaces-then-at": (note("   @SUM(1)"), "formula-injection"),
    "formula-in-location": (csv(GOOD.replace("aktau", "=aktau")), "formula-injection"),
}


@pytest.mark.parametrize("fast", [False, True], ids=["rows", "fast"])
@pytest.mark.parametrize(("data", "expected"), list(CASES.values()), ids=list(CASES))
def test_hostile_input_gets_its_code(data, expected, fast):
    result = validate_bytes(data, fast=fast)
    report = result.report
    if expected is None:
        assert report.valid, [p.to_dict() for p in report.errors]
        assert result.records
        return
    assert expected in CODES
    assert report.counts[expected] >= 1, report.to_dict()
    if CODES[expected] == WARNING:
        assert report.valid
    else:
        assert not report.valid
        assert result.records == []
        assert len(result.frame) == 0


def test_the_battery_is_large_and_covers_every_family():
    assert len(CASES) >= 60
    assert {c for _, c in CASES.values()} >= {"bad-quote", "value-out-of-range",
                                              "formula-injection", "control-character",
                                              "bad-period", "line-too-long"}


def test_an_unclosed_quote_is_reported_at_the_line_where_it_opened():
    data = csv(row("2021"), row("2022", note='"never closed'), row("2023"), row("2020"))
    report = validate_bytes(data).report
    assert [(p.row, p.code) for p in report.errors] == [(3, "bad-quote")]


def test_an_unclosed_quote_never_yields_a_valid_file_with_fewer_figures():
    data = csv(row("2021", note='"oops'), *(row(str(y)) for y in range(2000, 2020)))
    result = validate_bytes(data)
    assert not result.report.valid and result.records == []


def test_figures_are_counted_after_widening(monkeypatch):
    monkeypatch.setattr(rows, "MAX_FIGURES", 5)
    data = (WIDE + "".join("Middle Corridor,aktau,t,1,2,3\n" if i == 0 else
                           f"Northern Corridor,,TEU,{i},2,3\n" for i in range(3))).encode()
    report = validate_bytes(data).report
    assert report.counts["too-many-figures"] == 1
    assert not report.valid


def test_rows_over_the_cap_stop_the_reading(monkeypatch):
    monkeypatch.setattr(dialect, "MAX_ROWS", 3)
    monkeypatch.setattr(fastpath, "MAX_ROWS", 3)
    data = csv(*(row(str(y)) for y in range(2000, 2010)))
    for fast in (False, True):
        report = validate_bytes(data, fast=fast).report
        assert report.counts["too-many-rows"] == 1


def test_a_wide_table_far_past_the_cap_stops_early(monkeypatch):
    """2,664 rows x 3,800 period columns was 10 million figures: it stops at the cap."""
    monkeypatch.setattr(rows, "MAX_FIGURES", 1_000)
    header = "corridor,location,unit," + ",".join(f"{y}-{m:02d}" for y in range(1990, 2090)
                                                  for m in range(1, 13)) + "\n"
    body = "".join("Middle Corridor,aktau,t," + ",".join(["1"] * 1200) + "\n"
                   for _ in range(50))
    report = validate_bytes((header + body).encode()).report
    assert report.counts["too-many-figures"] == 1
    assert report.counts["duplicate-key"] <= 1_200  # stopped in the first rows
