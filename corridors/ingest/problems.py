"""Validation problems and the report.

A problem is data, never an exception: the physical line in the uploaded file (header
line = 1, embedded newlines counted), the column as written in the file, a stable
kebab-case code, a message that says what is wrong and how to fix it, and a severity.
The report counts every problem per code but lists only the first ``MAX_LISTED`` of
each severity, so a file with a million bad rows still gives a small report. In a
spreadsheet the row is the sheet's row number and each problem also names its cell as
Excel writes it (``Sheet!C12``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
MAX_LISTED = 200

#: Every code and its severity; the table in docs/validation-codes.md mirrors it.
CODES = {
    "not-a-csv": ERROR,
    "encoding-error": ERROR,
    "line-too-long": ERROR,
    "bad-quote": ERROR,
    "too-many-rows": ERROR,
    "too-many-figures": ERROR,
    "missing-column": ERROR,
    "duplicate-column": ERROR,
    "extra-cell": ERROR,
    "missing-cell": ERROR,
    "type-error": ERROR,
    "ambiguous-number": ERROR,
    "negative-value": ERROR,
    "non-finite-value": ERROR,
    "value-out-of-range": ERROR,
    "bad-period": ERROR,
    "unknown-corridor": ERROR,
    "unknown-location": ERROR,
    "unknown-series": ERROR,
    "unknown-value": ERROR,
    "unknown-unit": ERROR,
    "unit-metric-mismatch": ERROR,
    "duplicate-key": ERROR,
    "unit-conflict": ERROR,
    "formula-injection": ERROR,
    "control-character": ERROR,
    "too-long": ERROR,
    "no-data-rows": ERROR,
    "not-a-workbook": ERROR,
    "password-protected": ERROR,
    "unknown-sheet": ERROR,
    "workbook-too-large": ERROR,
    "unknown-column": WARNING,
    "series-assumed": WARNING,
    "total-row": WARNING,
    "encoding-guessed": WARNING,
    "kazakh-mis-decoded": WARNING,
    "default-filled": WARNING,
    "skipped-row": WARNING,
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an uploaded file.

    Parameters
    ----------
    row : int or None
        Physical line in the file (header = 1); ``None`` for whole-file problems.
    column : str or None
        Column name as written in the file's header; ``None`` when not about a cell.
    code : str
        Stable kebab-case code, a key of ``CODES``.
    message : str
        What is wrong and how to fix it.
    cell : str or None
        In a spreadsheet, the cell as Excel names it (``Data!C12``, ``Data!3:3`` for a
        whole row); ``None`` in a CSV file.
    """

    row: int | None
    column: str | None
    code: str
    message: str
    cell: str | None = None

    @property
    def severity(self) -> str:
        """``error`` or ``warning``, fixed per code."""
        return CODES[self.code]

    def to_dict(self) -> dict:
        """The CLI's JSON shape: row, column, code, message; plus ``cell`` in a sheet."""
        shape = {"row": self.row, "column": self.column, "code": self.code,
                 "message": self.message}
        if self.cell is not None:  # a CSV's JSON keeps exactly the documented keys
            shape["cell"] = self.cell
        return shape


@dataclass
class Report:
    """What validation found in one file.

    ``errors`` and ``warnings`` hold at most ``cap`` problems each; ``counts`` counts
    all of them per code. Any error makes the file invalid.
    """

    rows: int = 0
    encoding: str = ""
    encoding_guessed: bool = False
    delimiter: str = ""
    layout: str = ""
    filename: str | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    cap: int = MAX_LISTED
    #: Which reader produced the result: ``fast`` (vectorised, only for a file with no
    #: problem in its rows) or ``slow`` (the row loop). Not part of ``to_dict``.
    path: str = "slow"
    #: The sheet read, for a spreadsheet (None for a CSV file).
    sheet: str | None = None
    #: Column letter of each header name in the sheet (set by ``locate_cells``).
    column_letters: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when no error was found (warnings do not block)."""
        return self.error_count == 0

    @property
    def error_count(self) -> int:
        """Number of errors, listed or not."""
        return sum(n for code, n in self.counts.items() if CODES[code] == ERROR)

    @property
    def warning_count(self) -> int:
        """Number of warnings, listed or not."""
        return sum(n for code, n in self.counts.items() if CODES[code] == WARNING)

    def add(self, row: int | None, column: str | None, code: str, message: str) -> None:
        """Count a problem and list it while under the cap."""
        self.counts[code] += 1
        bucket = self.errors if CODES[code] == ERROR else self.warnings
        if len(bucket) < self.cap:
            bucket.append(Problem(row, column, code, message, self._cell(row, column)))

    def locate_cells(self, sheet: str, letters: dict[str, str]) -> None:
        """Name cells as ``Sheet!C12`` from now on (``letters``: header name to column)."""
        self.sheet, self.column_letters = sheet, letters

    def _cell(self, row: int | None, column: str | None) -> str | None:
        if self.sheet is None or row is None:  # CSV, or about the whole sheet
            return None
        prefix = sheet_reference(self.sheet)
        letter = self.column_letters.get(column or "")
        return f"{prefix}!{letter}{row}" if letter else f"{prefix}!{row}:{row}"

    def to_dict(self) -> dict:
        """The CLI's JSON shape, plus counts and totals."""
        return {
            "valid": self.valid,
            "rows": self.rows,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "encoding_guessed": self.encoding_guessed,
            "layout": self.layout,
            "counts": dict(sorted(self.counts.items())),
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "listed_cap": self.cap,
            "sheet": self.sheet,
        }


def sheet_reference(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted unless plain letters/digits."""
    if re.fullmatch(r"[^\W\d]\w*", name):
        return name
    return "'" + name.replace("'", "''") + "'"
