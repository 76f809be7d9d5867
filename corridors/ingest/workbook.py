"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) to the rows the CSV row loop reads.

python-calamine reads the workbook with typed cells. There is no second validator:
each row becomes the strings the row loop understands, and the cells a spreadsheet
stored as numbers travel beside them as numbers (``typed``), so ``1500.5`` is never
re-read from text and cannot be ambiguous. Rows are numbered as the sheet numbers
them (what a person sees at the left of Excel), and every problem also names its cell
(``Data!C12``).

Decisions (docs/validation-codes.md, "Spreadsheets"):

- A **date cell in a period column** (or a period header of a wide table) is the month
  that contains it when it falls on the first or last day of that month: Excel turns
  ``05.2023`` or ``May 2023`` typed into a cell into 2023-05-01. Any other day is
  refused (``bad-period``): a day is not a period the dashboard holds. Under
  ``period_start``/``period_end`` a date is that ISO date.
- **Merged cells**: a range merged down several rows gives its value to each of them
  (a corridor label spanning rows applies to each row); across columns it stays in the
  first column only, as a CSV export writes it.
- **Rows above the header** (a title, a blank line) are skipped with a ``skipped-row``
  warning: the header is the first of the first 20 non-blank rows that names a
  corridor and a unit column, else the first non-blank row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from corridors.ingest.headers import HEADER_FIELDS, header_key
from corridors.ingest.sniff import sniff_bytes

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any encrypted Office file
_HEADER_SEARCH_ROWS = 20
#: What the parts of an .xlsx/.ods may unpack to: ~2,000,000 rows of 12 cells of XML.
MAX_UNPACKED_BYTES = 1_500_000_000
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
# Part names only spreadsheets have, stored uncompressed in ZIP headers / OLE2 directories.
_WORKBOOK_MARKS = (b"[Content_Types].xml", b"xl/", b"content.xml", b"mimetypeapplication",
                   "Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


class WorkbookError(ValueError):
    """A workbook that cannot be read; ``code`` is the report code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class Sheet:
    """One sheet's cells, ready for the row loop.

    ``rows`` are ``(sheet row number, cells)``, blank rows left out; ``first_column`` is
    the zero-based sheet column of ``cells[0]``; ``names`` lists every sheet of the
    workbook (for a sheet chooser).
    """

    name: str
    names: list[str]
    rows: list[tuple[int, list]]
    first_column: int


def looks_like_workbook(data: bytes) -> bool:
    """True for bytes that may be a spreadsheet (a ZIP or an OLE2 container)."""
    return data.startswith((ZIP_MAGIC, CFB_MAGIC))


def sheet_names(data: bytes) -> list[str]:
    """The visible worksheets of a workbook, in order (empty when it cannot be read)."""
    try:
        return _visible_names(_open(data))
    except WorkbookError:
        return []


def read_sheet(data: bytes, sheet: str | None = None) -> Sheet:
    """Read one sheet (the first visible worksheet by default).

    Raises
    ------
    WorkbookError
        ``password-protected``, ``not-a-workbook`` (corrupt, or a ZIP/OLE2 file that is
        no spreadsheet) or ``unknown-sheet``; the message says how to fix it.
    """
    from python_calamine import CalamineError

    book = _open(data)
    names = _visible_names(book)
    if sheet is None:
        if not names:
            raise WorkbookError("not-a-workbook", "The workbook has no visible worksheet. "
                                "Unhide the sheet with the figures and save it again.")
        sheet = names[0]
    elif sheet not in book.sheet_names:
        raise WorkbookError("unknown-sheet", (
            f"The workbook has no sheet {sheet!r}. Its sheets: "
            f"{', '.join(repr(n) for n in book.sheet_names)}."))
    try:
        found = book.get_sheet_by_name(sheet)
        grid = found.to_python(skip_empty_area=True)
        merged = found.merged_cell_ranges or []
        top, left = found.start or (0, 0)
    except (CalamineError, ValueError) as exc:
        raise WorkbookError("not-a-workbook", (
            f"Sheet {sheet!r} cannot be read ({exc}). Open the file in Excel or "
            "LibreOffice, save it again, and upload that.")) from exc
    _spread_merged(grid, merged, top, left)
    rows = [(top + index + 1, cells) for index, cells in enumerate(grid)
            if any(c != "" and c is not None for c in cells)]
    return Sheet(sheet, list(book.sheet_names), rows, left)


def _open(data: bytes):
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if data.startswith(CFB_MAGIC) and _ENCRYPTED_MARK in data:
        raise _protected()
    _check_unpacked_size(data)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise _protected() from exc
    except (CalamineError, ValueError, OSError) as exc:
        if not any(mark in data for mark in _WORKBOOK_MARKS):
            # no part name of a spreadsheet anywhere: an archive or a Word file
            raise WorkbookError("not-a-csv", sniff_bytes(data) or str(exc)) from exc
        what = "ZIP" if data.startswith(ZIP_MAGIC) else "OLE2"
        raise WorkbookError("not-a-workbook", (
            f"This {what} file is not a readable spreadsheet ({exc}). If it is an Excel "
            "or LibreOffice file, open it, save it again as .xlsx and upload that; "
            "an archive cannot be uploaded.")) from exc


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a ZIP that unpacks to more than ``MAX_UNPACKED_BYTES`` (a zip bomb)."""
    if not data.startswith(ZIP_MAGIC):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine says what is wrong with it
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError("workbook-too-large", (
            f"The workbook unpacks to {unpacked / 1e6:,.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB this reader accepts. Split it, or keep "
            "only the sheet with the figures."))


def _protected() -> WorkbookError:
    return WorkbookError("password-protected", (
        "The workbook is password-protected, so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password: "
        "empty), save it and upload it again."))


def _visible_names(book) -> list[str]:
    return [m.name for m in book.sheets_metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")]


def _spread_merged(grid: list[list], merged, top: int, left: int) -> None:
    """Give a vertically merged range's value to every row it spans (first column)."""
    for (row0, col0), (row1, _col1) in merged:
        row0, col0, row1 = row0 - top, col0 - left, row1 - top
        if not (0 <= row0 < len(grid) and 0 <= col0 < len(grid[row0])):
            continue
        value = grid[row0][col0]
        for row in range(row0 + 1, min(row1, len(grid) - 1) + 1):
            if col0 < len(grid[row]) and grid[row][col0] in ("", None):
                grid[row][col0] = value


def find_header(rows: list[tuple[int, list]]) -> int:
    """Index in ``rows`` of the header row (see the module docstring)."""
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        fields = {HEADER_FIELDS.get(header_key(header_text(c))) for c in cells}
        if {"corridor", "unit"} <= fields:
            return index
    return 0


def column_letter(index: int) -> str:
    """Excel's name of the zero-based column ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_text(value) -> str:
    """A header cell as text: ``2023`` for the number 2023, a month label for a date."""
    if isinstance(value, dt.date):
        return month_label(value) or _iso(value)
    return cell_text(value)


def cell_text(value) -> str:
    """Any cell as the text the row loop reads (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return _iso(value)
    return str(value)


def month_label(value: dt.date) -> str | None:
    """``2023-05`` for a date on the first or last day of May 2023, else None."""
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return None
    last = calendar.monthrange(value.year, value.month)[1]
    return f"{value.year}-{value.month:02d}" if value.day in (1, last) else None


def _iso(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return value.isoformat()


def row_cells(cells: list, width: int, *, period: int | None, values: tuple[int, ...]
              ) -> tuple[list[str], dict[int, float] | None]:
    """One sheet row as (text cells, typed numbers by index) for ``RowConverter``.

    ``period`` is the index of the period column, ``values`` those of the value cells
    (the value column, or every period column of a wide table). Dates elsewhere (such
    as period_start and period_end) become ISO dates.
    """
    texts = [cell_text(c) for c in cells]
    if len(texts) < width:  # a sheet row is as wide as the sheet: pad, never "missing"
        texts += [""] * (width - len(texts))
    typed = None
    for index in values:
        if index < len(cells):
            value = cells[index]
            if isinstance(value, int | float) and not isinstance(value, bool):
                typed = typed or {}
                typed[index] = float(value)
    if period is not None and period < len(cells) and isinstance(cells[period], dt.date):
        texts[period] = month_label(cells[period]) or _iso(cells[period])
    return texts, typed
