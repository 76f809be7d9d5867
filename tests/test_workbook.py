"""Spreadsheets through the same validation as CSV: typed cells, Sheet!C12, sheets.

Every workbook is made here with openpyxl (an .xlsx) or by hand (a minimal .ods), so
the fixtures are small and say what they hold. Each case expects either its problems as
(row, column, code) or its canonical figures.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest

from corridors.cli import main
from corridors.ingest import validate_bytes
from corridors.ingest.workbook import column_letter, month_label, sheet_names

LONG_EN = ["corridor", "location", "period", "value", "unit"]
LONG_RU = ["Коридор", "Пункт", "Период", "Значение", "Ед. изм."]


def xlsx(rows, *, title="Data", merges=(), more=(), start="A1", hidden=()) -> bytes:
    """An .xlsx whose first sheet holds ``rows`` from ``start``; ``more`` adds sheets."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    _fill(sheet, rows, start)
    for cells in merges:
        sheet.merge_cells(cells)
    for name, extra in more:
        _fill(book.create_sheet(name), extra, "A1")
    for name in hidden:
        book.create_sheet(name, 0).sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet, rows, start):
    first = openpyxl.utils.cell.coordinate_from_string(start)
    col0, row0 = openpyxl.utils.column_index_from_string(first[0]), first[1]
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value is not None:
                sheet.cell(row=row0 + r, column=col0 + c, value=value)


def ods(rows, *, title="Лист1") -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), typed cells."""
    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        if isinstance(value, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{value.isoformat()}"><text:p>{value}</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(value)}'
                "</text:p></table:table-cell>")
    body = "".join("<table:table-row>" + "".join(map(cell, r)) + "</table:table-row>"
                   for r in rows)
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               f'xmlns:office="{office}:office:1.0" xmlns:table="{office}:table:1.0" '
               f'xmlns:text="{office}:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="{escape(title)}">{body}'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                f'xmlns:manifest="{office}:manifest:1.0" manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def xls(rows, *, title="Лист1") -> bytes:
    """An Excel 97-2003 .xls (what old Russian Excel saves); dates as month cells."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet(title)
    month = xlwt.easyxf(num_format_str="MM.YYYY")
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, month)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted(data: bytes, password: str = "secret") -> bytes:
    """``data`` (an .xlsx) encrypted with a password, as Excel's File > Protect does."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


# (name, workbook bytes, expected problems [(row, column, code)] or None, figures)
# figures: [(corridor, location, period, value, unit)] of a valid file.
CASES = [
    ("typed numbers and a month date", xlsx([
        LONG_EN, ["middle", "aktau", dt.date(2024, 5, 1), 1500.5, "kt"],
        ["middle", "aktau", 2023, 123.456, "t"]]), [], [
        ("middle", "aktau", "2024-05", 1500500.0, "t"),
        ("middle", "aktau", "2023", 123.456, "t")]),
    ("russian excel export, text numbers with a decimal comma", xlsx([
        LONG_RU, ["Средний коридор", "Актау", "I кв. 2024", "1 234,5", "тыс. т"],
        ["ТМТМ", "Актау", "янв.-март 2023", 2000, "тыс. т"]], title="Лист1"), [], [
        ("middle", "aktau", "2024-Q1", 1234500.0, "t"),
        ("middle", "aktau", "2023-Q1", 2000000.0, "t")]),
    ("end-of-month date is that month", xlsx([
        LONG_EN, ["northern", "", dt.datetime(2024, 2, 29), 7, "trains"]]), [], [
        ("northern", "", "2024-02", 7.0, "trains")]),
    ("mid-month date is refused", xlsx([
        LONG_EN, ["northern", "", dt.date(2024, 2, 14), 7, "trains"]]),
        [(2, "period", "bad-period")], []),
    ("problems name their cell", xlsx([
        LONG_EN, ["midle", "aktau", "2024-Q1", 5, "t"], ["middle", "aktau", "2024-Q9", 5, "t"],
        ["middle", "aktau", "2024-Q2", -5, "t"]], start="B3"),
        [(4, "corridor", "unknown-corridor"), (5, "period", "bad-period"),
         (6, "value", "negative-value")], []),
    ("title rows above the header are skipped with a warning", xlsx([
        ["Грузоперевозки по ТМТМ"], [], LONG_EN, ["middle", "", "2024", 10, "t"]]),
        [(1, None, "skipped-row")], [("middle", "", "2024", 10.0, "t")]),
    ("vertically merged corridor label applies to each row", xlsx([
        LONG_EN, ["middle", "aktau", "2024-01", 1, "t"], [None, "aktau", "2024-02", 2, "t"],
        [None, "aktau", "2024-03", 3, "t"]], merges=["A2:A4"]), [], [
        ("middle", "aktau", "2024-01", 1.0, "t"), ("middle", "aktau", "2024-02", 2.0, "t"),
        ("middle", "aktau", "2024-03", 3.0, "t")]),
    ("wide table with year numbers as headers and a total row", xlsx([
        ["corridor", "unit", 2022, 2023], ["Middle Corridor", "kt", 1500, 2760.5],
        ["Total", "kt", 1500, 2760.5]]), [(3, "corridor", "total-row")], [
        ("middle", "", "2022", 1500000.0, "t"), ("middle", "", "2023", 2760500.0, "t")]),
    ("wide table with month dates as headers", xlsx([
        ["corridor", "unit", dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
        ["northern", "TEU", 10, 20]]), [], [
        ("northern", "", "2024-01", 10.0, "TEU"), ("northern", "", "2024-02", 20.0, "TEU")]),
    ("wide english table: text thousands proven in another column", xlsx([
        ["corridor", "unit", "2022", "2023"], ["middle", "t", "759,000", "1,485,000"]]), [], [
        ("middle", "", "2022", 759000.0, "t"), ("middle", "", "2023", 1485000.0, "t")]),
    ("merged title over the year columns of a wide table", xlsx([
        [None, None, "Объем перевозок, тыс. т"], ["коридор", "ед. изм.", "2022", "2023"],
        ["ТМТМ", "тыс. т", 1500, 2760]], merges=["C1:D1"]),
        [(1, None, "skipped-row")], [("middle", "", "2022", 1500000.0, "t"),
                                     ("middle", "", "2023", 2760000.0, "t")]),
    ("header only", xlsx([LONG_EN]), [(None, None, "no-data-rows")], []),
    ("empty sheet", xlsx([]), [(None, None, "no-data-rows")], []),
    ("header problems in a sheet", xlsx([["corridor", "period", "unit"],
                                        ["middle", "2024", "t"]]),
     [(1, "value", "missing-column")], []),
    ("duplicate figure across rows", xlsx([
        LONG_EN, ["middle", "aktau", "2024-Q1", 1, "t"], ["middle", "aktau", "Q1 2024", 2, "t"]]),
        [(3, "period", "duplicate-key")], []),
    ("ods with typed cells and a kazakh month", ods([
        ["коридор", "период", "значение", "ед. изм."],
        ["Средний коридор", dt.date(2024, 2, 1), 1500.5, "тыс. т"],
        ["Средний коридор", "ақп. 2023", 10, "тыс. т"]]), [], [
        ("middle", "", "2024-02", 1500500.0, "t"), ("middle", "", "2023-02", 10000.0, "t")]),
    (".xls from old Russian Excel, a month date cell", xls([
        LONG_RU, ["ТМТМ", "Актау", dt.date(2024, 3, 1), 1500.5, "тыс. т"],
        ["ТМТМ", "Актау", "2-й квартал 2024 г.", "2 000,5", "тыс. т"]]), [], [
        ("middle", "aktau", "2024-03", 1500500.0, "t"),
        ("middle", "aktau", "2024-Q2", 2000500.0, "t")]),
    (".xls with problems in cells", xls([
        LONG_RU, ["ТМТМ", "Нигде", "2024", 1, "т"]]), [(2, "Пункт", "unknown-location")], []),
    ("hidden first sheet: the first visible one is read", xlsx(
        [LONG_EN, ["middle", "", "2024", 1, "t"]], hidden=["Old"]), [], [
        ("middle", "", "2024", 1.0, "t")]),
]


@pytest.mark.parametrize("name,data,problems,figures", CASES, ids=[c[0] for c in CASES])
def test_workbook_case(name, data, problems, figures):
    result = validate_bytes(data, filename=name)
    # the reader's fills of absent columns (metric, direction, quality, series) are
    # warned once per file and tested in test_validate / test_series_dimension
    found = [(p.row, p.column, p.code) for p in result.report.errors + result.report.warnings
             if p.code not in ("default-filled", "series-assumed")]
    assert sorted(found, key=str) == sorted(problems, key=str)
    rows = [(r.corridor, r.location, r.period, r.value, r.unit) for r in result.records]
    assert rows == figures
    assert result.report.valid is (not [p for p in problems if p[2] not in
                                         ("skipped-row", "total-row")])


def test_cells_are_named_as_excel_names_them():
    data = xlsx([LONG_EN, ["midle", "aktau", "2024-Q1", -5, "t"]], start="B3",
                title="My data")
    report = validate_bytes(data).report
    cells = {p.code: p.cell for p in report.errors}
    assert cells == {"unknown-corridor": "'My data'!B4", "negative-value": "'My data'!E4"}
    shape = report.to_dict()
    assert shape["sheet"] == "My data" and shape["errors"][0]["cell"] == "'My data'!B4"
    assert shape["encoding"] == "workbook" and shape["rows"] == 1


def test_header_warnings_point_at_the_header_row():
    report = validate_bytes(xlsx([LONG_EN, ["middle", "", "2024", 1, "t"]])).report
    filled = [(p.column, p.cell) for p in report.warnings if p.code == "default-filled"]
    assert filled == [("metric", "Data!1:1"), ("direction", "Data!1:1"),
                      ("quality", "Data!1:1")]


def test_csv_problems_keep_the_design_json_keys():
    result = validate_bytes(b"corridor,period,value,unit\nmidle,2024,1,t\n")
    assert set(result.report.to_dict()["errors"][0]) == {"row", "column", "code", "message"}
    assert result.report.errors[0].cell is None and result.report.sheet is None


def test_another_sheet_by_name():
    data = xlsx([["notes"]], more=[("Figures", [LONG_EN, ["northern", "", "2023", 4, "t"]])])
    assert sheet_names(data) == ["Data", "Figures"]
    assert not validate_bytes(data).report.valid
    result = validate_bytes(data, sheet="Figures")
    assert result.report.valid and result.records[0].value == 4.0
    missing = validate_bytes(data, sheet="Nope").report
    assert [p.code for p in missing.errors] == ["unknown-sheet"]
    assert "'Figures'" in missing.errors[0].message


@pytest.mark.parametrize("data,code", [
    (b"PK\x03\x04" + b"\x00" * 200, "not-a-csv"),
    (xlsx([LONG_EN])[:2000], "not-a-workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode(
        "utf-16-le") + b"\x00" * 100, "password-protected"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not-a-csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
     "not-a-workbook"),
    (encrypted(xlsx([LONG_EN, ["middle", "", "2024", 1, "t"]])), "password-protected"),
], ids=["zip-not-workbook", "truncated-xlsx", "encrypted-office", "ole2-not-workbook",
        "broken-xls", "password-xlsx"])
def test_unreadable_workbooks_are_clear_errors(data, code):
    report = validate_bytes(data, filename="x.xlsx").report
    assert [p.code for p in report.errors] == [code]
    fix = {"not-a-csv": "Save As", "not-a-workbook": "save it again",
           "password-protected": "remove the password"}[code]
    assert fix in report.errors[0].message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    from corridors.ingest import workbook

    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 10_000)
    data = xlsx([LONG_EN, *[["middle", "", f"{2000 + i}", i, "t"] for i in range(200)]])
    assert len(data) < 10_000
    report = validate_bytes(data).report
    assert [p.code for p in report.errors] == ["workbook-too-large"]


@pytest.mark.parametrize("index,letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                           (702, "AAA")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters


@pytest.mark.parametrize("day,label", [(dt.date(2023, 5, 1), "2023-05"),
                                       (dt.date(2023, 5, 31), "2023-05"),
                                       (dt.date(2023, 5, 2), None),
                                       (dt.datetime(2023, 5, 1, 12, 0), None)])
def test_month_label_of_a_date_cell(day, label):
    assert month_label(day) == label


def test_cli_validate_sheet_and_cell_in_text(tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx([["x"]], more=[("Figures", [LONG_EN, ["midle", "", "2023", 4,
                                                                 "t"]])]))
    assert main(["validate", str(path), "--sheet", "Figures"]) == 1
    text = capsys.readouterr().out
    assert "sheet: Figures" in text and "2 Figures!A2" in text
    assert main(["validate", str(path), "--sheet", "Figures", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["cell"] == "Figures!A2"


def test_cli_import_workbook_then_same_file_is_a_no_op(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx([["x"]], more=[("Figures", [LONG_EN, ["northern", "", "2031", 4,
                                                                 "t"]])]))
    assert main(["import", str(path), "--sheet", "Figures", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["status"] == "imported"
    assert main(["import", str(path), "--sheet", "Figures", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "already-imported"
