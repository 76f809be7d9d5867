"""``validate_bytes``: an uploaded file to a report and canonical records.

The steps, each its own module: sniff the bytes (``sniff``), decode them
(``decoding``), find the dialect and read rows with physical line numbers
(``dialect``), map the header (``headers``), convert and check every row (``rows``).
A large clean long-layout file is checked column-wise first (``fastpath``); at the
first doubt the row loop reads it, so reports are always the row loop's.
Problems are data in the report; nothing raises for a bad file. Any error empties
``records``: a file is accepted whole or not at all.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from corridors.domain.records import Record
from corridors.ingest import fastpath
from corridors.ingest.decoding import decode_bytes
from corridors.ingest.dialect import detect_dialect, iter_rows
from corridors.ingest.frames import frame_from_records, records_from_frame
from corridors.ingest.headers import map_header
from corridors.ingest.names import Catalog, NameIndex, default_catalog
from corridors.ingest.problems import Report
from corridors.ingest.rows import RowConverter
from corridors.ingest.sniff import sniff_bytes
from corridors.ingest.workbook import (
    WorkbookError,
    column_letter,
    find_header,
    header_text,
    looks_like_workbook,
    read_sheet,
    row_cells,
)


class ValidationResult:
    """The report and, when it is valid, the figures.

    ``frame`` is the canonical DataFrame (``corridors.domain.records.CANONICAL_COLUMNS``;
    text as ``str``, period bounds as ``datetime64[ns]``, value as ``float64``) and
    ``records`` the same figures as ``Record`` objects. Whichever the reader did not
    produce is built on first access and kept. Both are empty unless the file is valid.

    Parameters
    ----------
    report : Report
    records : list of Record, optional
    frame : pandas.DataFrame, optional
    """

    def __init__(self, report: Report, records: list[Record] | None = None, *,
                 frame: pd.DataFrame | None = None):
        self.report = report
        if records is not None or frame is None:
            self.__dict__["records"] = records if records is not None else []
        if frame is not None:
            self.__dict__["frame"] = frame

    @cached_property
    def records(self) -> list[Record]:
        """The figures as records (derived from ``frame`` on first access)."""
        return records_from_frame(self.frame)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The figures as the canonical DataFrame (from ``records`` on first access)."""
        return frame_from_records(self.records)

    @property
    def figure_count(self) -> int:
        """How many figures, counted on whichever form the reader built (building the
        1,000,000 Records of a large file just to count them took 4x the validation)."""
        built = self.__dict__
        return len(built["frame"]) if "frame" in built else len(self.records)

    @property
    def valid(self) -> bool:
        """Shortcut for ``report.valid``."""
        return self.report.valid

    def __repr__(self) -> str:
        return (f"ValidationResult(valid={self.valid}, rows={self.report.rows}, "
                f"path={self.report.path!r})")


def validate_bytes(data: bytes, *, filename: str | None = None, encoding: str | None = None,
                   catalog: Catalog | None = None, fast: bool | None = None,
                   sheet: str | None = None) -> ValidationResult:
    """Validate an uploaded throughput CSV or spreadsheet and normalise it to records.

    Parameters
    ----------
    data : bytes
        The file as uploaded: CSV text, or an .xlsx/.xlsm/.xls/.ods workbook
        (``corridors.ingest.workbook``; recognised by its bytes, not its name).
    filename : str, optional
        Shown in the report; never used to decide the format (the bytes are sniffed).
    encoding : str, optional
        Force a codec (``utf-8``, ``utf-16``, ``cp1251``, ``kz1048``) instead of
        detecting it.
    catalog : Catalog, optional
        Corridor and location names; ``corridors.domain.catalog.load_catalog()`` by default.
    fast : bool, optional
        Try the column-wise reader: None (default) for files over
        ``fastpath.FAST_MIN_CHARS``, True for any eligible file, False never. The
        result is the same either way; ``report.path`` says which reader gave it.
    sheet : str, optional
        The worksheet of a workbook to read (the first visible one by default);
        ignored for a CSV file.

    Returns
    -------
    ValidationResult
        ``.report``, ``.frame`` and ``.records`` (empty unless valid).
    """
    report = Report(filename=filename)
    if looks_like_workbook(data):
        return _read_workbook(data, sheet, report, catalog)
    refusal = sniff_bytes(data)
    if refusal:
        report.add(None, None, "not-a-csv", refusal)
        return ValidationResult(report)
    decoded = decode_bytes(data, encoding)
    report.encoding, report.encoding_guessed = decoded.encoding, decoded.guessed
    for row, code, message in decoded.problems:
        report.add(row, None, code, message)
    if decoded.text is None:
        return ValidationResult(report)
    # The text travels in a list that _read_table empties, so that no frame holds it
    # while the fast path has the file in Arrow (peak memory).
    texts = [decoded.text]
    # Strictly decoded UTF-8 re-encodes to the very same bytes: spare the copy.
    payload = data if decoded.encoding.lower() in ("utf-8", "utf8") else None
    del decoded  # the text is all we need from here on; let the bytes object go first
    if fast is None:
        fast = len(texts[0]) >= fastpath.FAST_MIN_CHARS
    return _read_table(texts, payload, report, catalog, fast)


def _read_table(texts: list[str], payload: bytes | None, report: Report,
                catalog: Catalog | None, fast: bool) -> ValidationResult:
    """Header, then every row (column-wise if possible); the result of the file."""
    text = texts.pop()
    dialect = detect_dialect(text)
    report.delimiter = dialect.delimiter
    rows = iter_rows(text, dialect, report)
    first = next(rows, None)
    if first is None:
        report.add(None, None, "not-a-csv", "The file has no header row. The first line "
                   "must name the columns: corridor, location, period, value, unit...")
        return ValidationResult(report)
    line, cells = first
    header = map_header(cells)
    report.layout = header.layout
    for column, code, message in header.problems:
        report.add(line, column, code, message)
    if not report.valid:
        return ValidationResult(report)
    converter = RowConverter(header, NameIndex(catalog or default_catalog()), report)
    if fast and fastpath.eligible(text, dialect, line, header.layout):
        rows.close()  # it holds the text; the row loop starts again if it must
        # Decoded text never holds lone surrogates, so it encodes to valid UTF-8.
        payload = payload or text.encode("utf-8")
        del text  # the payload decodes back to it, byte for byte
        done = fastpath.read_fast(payload, dialect, len(cells), converter)
        if done is not None:
            report.rows, report.path = done[1], "fast"
            converter.report_assumed()
            _sort(report)
            return ValidationResult(report, frame=done[0])
        text = payload.decode("utf-8")
        rows = iter_rows(text, dialect, report)
        next(rows)  # the header, already mapped
    convert = converter.convert
    for line, cells in rows:
        convert(line, cells)
        if converter.stopped:
            rows.close()
            break
    records = converter.finish()
    _sort(report)
    return ValidationResult(report, records)


def _read_workbook(data: bytes, sheet: str | None, report: Report,
                   catalog: Catalog | None) -> ValidationResult:
    """One sheet of a workbook through the same header map and row loop as a CSV."""
    report.encoding = "workbook"  # cells are Unicode already; nothing to decode
    try:
        found = read_sheet(data, sheet)
    except WorkbookError as exc:
        report.add(None, None, exc.code, str(exc))
        return ValidationResult(report)
    if not found.rows:
        report.add(None, None, "no-data-rows", f"Sheet {found.name!r} is empty. Choose "
                   "the sheet with the figures (the first one is read by default).")
        return ValidationResult(report)
    start = find_header(found.rows)
    line, cells = found.rows[start]
    header = map_header([header_text(c) for c in cells])
    letters = {}
    for index, name in enumerate(header.names):
        letters.setdefault(name or f"column {index + 1}",
                           column_letter(found.first_column + index))
    for field, index in header.fields.items():
        letters.setdefault(field, column_letter(found.first_column + index))
    report.locate_cells(found.name, letters)
    report.layout = header.layout
    if start:
        first, last = found.rows[0][0], found.rows[start - 1][0]
        report.add(first, None, "skipped-row", (
            f"Rows {first}-{last} above the header (row {line}) were skipped: a title or "
            "notes, not figures." if last != first else f"Row {first} above the header "
            f"(row {line}) was skipped: a title or a note, not figures."))
    for column, code, message in header.problems:
        report.add(line, column, code, message)
    if not report.valid:
        return ValidationResult(report)
    converter = RowConverter(header, NameIndex(catalog or default_catalog()), report)
    fields = header.fields
    values = (tuple(i for i, _ in header.period_columns) if header.layout == "wide"
              else (fields["value"],))
    period = fields.get("period")
    report.rows = len(found.rows) - start - 1
    width = header.width
    for line, cells in found.rows[start + 1:]:
        texts, typed = row_cells(cells, width, period=period, values=values)
        converter.convert(line, texts, typed)
        if converter.stopped:  # past the figures cap: a sheet is bounded like a CSV
            break
    records = converter.finish()
    _sort(report)
    return ValidationResult(report, records)


def _sort(report: Report) -> None:
    """Problems in line order (whole-file ones first)."""
    report.errors.sort(key=lambda p: p.row or 0)
    report.warnings.sort(key=lambda p: p.row or 0)
