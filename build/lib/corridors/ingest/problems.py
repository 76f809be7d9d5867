"""Validation problems and the report (DESIGN 3.4).

A problem is data, never an exception: the physical line in the uploaded file (header
line = 1, embedded newlines counted), the column as written in the file, a stable
kebab-case code, a message that says what is wrong and how to fix it, and a severity.
The report counts every problem per code but lists only the first ``MAX_LISTED`` of
each severity, so a file with a million bad rows still gives a small report.
"""

from __future__ import annotations

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
    "too-many-rows": ERROR,
    "missing-column": ERROR,
    "duplicate-column": ERROR,
    "extra-cell": ERROR,
    "missing-cell": ERROR,
    "type-error": ERROR,
    "ambiguous-number": ERROR,
    "negative-value": ERROR,
    "non-finite-value": ERROR,
    "bad-period": ERROR,
    "unknown-corridor": ERROR,
    "unknown-location": ERROR,
    "unknown-value": ERROR,
    "unknown-unit": ERROR,
    "unit-metric-mismatch": ERROR,
    "duplicate-key": ERROR,
    "unit-conflict": ERROR,
    "formula-injection": ERROR,
    "control-character": ERROR,
    "too-long": ERROR,
    "unknown-column": WARNING,
    "total-row": WARNING,
    "encoding-guessed": WARNING,
    "kazakh-mis-decoded": WARNING,
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
    """

    row: int | None
    column: str | None
    code: str
    message: str

    @property
    def severity(self) -> str:
        """``error`` or ``warning``, fixed per code."""
        return CODES[self.code]

    def to_dict(self) -> dict:
        """The DESIGN 3.5 shape: row, column, code, message."""
        return {"row": self.row, "column": self.column, "code": self.code,
                "message": self.message}


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
            bucket.append(Problem(row, column, code, message))

    def to_dict(self) -> dict:
        """The DESIGN 3.5 JSON shape, plus counts and totals."""
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
        }
