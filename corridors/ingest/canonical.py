"""The canonical CSV: write records, read them back, neutralise formulas.

Writing then reading gives the same records: dates are ISO, values are written with
``repr`` (the shortest text that reads back to the same float; integral values without
``.0``), text is quoted by the csv module when needed. Exports neutralise formula
prefixes by default; valid records never start with one, so the round-trip
holds for everything validation accepts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from os import PathLike
from typing import IO

from corridors.domain.records import CANONICAL_COLUMNS, Record
from corridors.ingest.cells import neutralise_formula

__all__ = ["format_value", "neutralise_formula", "read_canonical_csv", "write_canonical_csv"]


def format_value(value: float) -> str:
    """Shortest exact text of a value: ``1500000`` rather than ``1500000.0``."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def write_canonical_csv(records: Iterable[Record], fh: IO[str], *,
                        neutralise: bool = True) -> int:
    """Write records as the canonical CSV (UTF-8 text, comma, ``\\n`` line ends).

    Parameters
    ----------
    records : iterable of Record
    fh : text file
        Open with ``newline=""``.
    neutralise : bool
        Prefix text cells that start like a formula with an apostrophe.

    Returns
    -------
    int
        Number of records written.
    """
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(CANONICAL_COLUMNS)
    safe = neutralise_formula if neutralise else str
    count = 0
    for r in records:
        writer.writerow((r.corridor, r.series, r.location, r.period, r.period_start.isoformat(),
                         r.period_end.isoformat(), r.metric, r.direction,
                         format_value(r.value), r.unit, r.quality, safe(r.source),
                         safe(r.note)))
        count += 1
    return count


def read_canonical_csv(path_or_bytes: str | PathLike | bytes, *,
                       catalog=None) -> list[Record]:
    """Read a canonical CSV back into records, through full validation.

    Parameters
    ----------
    path_or_bytes : path or bytes
    catalog : optional
        Passed to ``validate_bytes``.

    Returns
    -------
    list of Record

    Raises
    ------
    ValueError
        When the file is not valid; the message lists the first problems.
    """
    from corridors.ingest.validate import validate_bytes

    if isinstance(path_or_bytes, bytes | bytearray):
        data, name = bytes(path_or_bytes), None
    else:
        name = str(path_or_bytes)
        with open(path_or_bytes, "rb") as fh:
            data = fh.read()
    result = validate_bytes(data, filename=name, catalog=catalog)
    if [p.code for p in result.report.errors] == ["no-data-rows"]:
        return []  # our own export of no figures: an upload is refused, a read is empty
    if not result.report.valid:
        first = "; ".join(f"line {p.row}, {p.column}: {p.code}" for p in
                          result.report.errors[:5])
        raise ValueError(f"{name or 'canonical CSV'} is not valid: {first}")
    return result.records


def records_to_csv_bytes(records: Iterable[Record], *, neutralise: bool = True) -> bytes:
    """The canonical CSV of ``records`` as UTF-8 bytes."""
    buffer = io.StringIO(newline="")
    write_canonical_csv(records, buffer, neutralise=neutralise)
    return buffer.getvalue().encode("utf-8")
