"""``validate_bytes``: an uploaded file to a report and canonical records.

The steps, each its own module: sniff the bytes (``sniff``), decode them
(``decoding``), find the dialect and read rows with physical line numbers
(``dialect``), map the header (``headers``), convert and check every row (``rows``).
Problems are data in the report; nothing raises for a bad file. Any error empties
``records``: a file is accepted whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corridors.ingest.decoding import decode_bytes
from corridors.ingest.dialect import detect_dialect, iter_rows
from corridors.ingest.headers import map_header
from corridors.ingest.names import Catalog, NameIndex, default_catalog
from corridors.ingest.problems import Report
from corridors.ingest.rows import RowConverter
from corridors.ingest.sniff import sniff_bytes
from corridors.records import Record


@dataclass
class ValidationResult:
    """The report and, when it is valid, the records."""

    report: Report
    records: list[Record] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Shortcut for ``report.valid``."""
        return self.report.valid


def validate_bytes(data: bytes, *, filename: str | None = None, encoding: str | None = None,
                   catalog: Catalog | None = None) -> ValidationResult:
    """Validate an uploaded throughput CSV and normalise it to canonical records.

    Parameters
    ----------
    data : bytes
        The file as uploaded.
    filename : str, optional
        Shown in the report; never used to decide the format (the bytes are sniffed).
    encoding : str, optional
        Force a codec (``utf-8``, ``utf-16``, ``cp1251``, ``kz1048``) instead of
        detecting it.
    catalog : Catalog, optional
        Corridor and location names; ``corridors.catalog.load_catalog()`` by default.

    Returns
    -------
    ValidationResult
        ``.report`` (DESIGN 3.4) and ``.records`` (empty unless the file is valid).
    """
    report = Report(filename=filename)
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
    text = decoded.text
    del decoded  # the text is all we need from here on; let the bytes object go first
    return ValidationResult(report, _read_table(text, report, catalog))


def _read_table(text: str, report: Report, catalog: Catalog | None) -> list[Record]:
    """Header, then every row; returns the records if nothing was wrong."""
    dialect = detect_dialect(text)
    report.delimiter = dialect.delimiter
    rows = iter_rows(text, dialect, report)
    first = next(rows, None)
    if first is None:
        report.add(None, None, "not-a-csv", "The file has no header row. The first line "
                   "must name the columns: corridor, location, period, value, unit...")
        return []
    line, cells = first
    header = map_header(cells)
    report.layout = header.layout
    for column, code, message in header.problems:
        report.add(line, column, code, message)
    if not report.valid:
        return []
    converter = RowConverter(header, NameIndex(catalog or default_catalog()), report)
    convert = converter.convert
    for line, cells in rows:
        convert(line, cells)
    records = converter.finish()
    report.errors.sort(key=lambda p: p.row or 0)
    report.warnings.sort(key=lambda p: p.row or 0)
    return records
