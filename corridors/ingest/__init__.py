"""Ingest: uploaded bytes to a validation report and canonical records.

Public API (docs/architecture.md)::

    validate_bytes(data, *, filename=None, encoding=None, catalog=None) -> ValidationResult
    write_canonical_csv(records, fh, *, neutralise=True)
    read_canonical_csv(path_or_bytes)
    neutralise_formula(text)
"""

from corridors.ingest.canonical import (
    format_value,
    read_canonical_csv,
    records_to_csv_bytes,
    write_canonical_csv,
)
from corridors.ingest.cells import neutralise_formula
from corridors.ingest.periods import Period, PeriodError, parse_period
from corridors.ingest.problems import CODES, Problem, Report
from corridors.ingest.validate import ValidationResult, validate_bytes

__all__ = [
    "CODES",
    "Period",
    "PeriodError",
    "Problem",
    "Report",
    "ValidationResult",
    "format_value",
    "neutralise_formula",
    "parse_period",
    "read_canonical_csv",
    "records_to_csv_bytes",
    "validate_bytes",
    "write_canonical_csv",
]
