"""Uploads from the Data page: validate with an encoding the editor picked, and import.

``Store.import_file`` detects the encoding itself. When detection could only guess
(DESIGN 3.3: a file that is not UTF-8 is read as Windows-1251) the editor may pick
another codec on the page; :func:`validate_upload` and :func:`import_upload` then use
that codec, with the same one-transaction, same-file-twice-is-a-no-op import.
"""

from __future__ import annotations

import hashlib

from corridors.ingest import ValidationResult, validate_bytes
from corridors.ingest.workbook import looks_like_workbook, sheet_names
from corridors.store import ImportOutcome, Store


def sheet_choices(data: bytes) -> list[str]:
    """The worksheets an editor may pick from, first one first; empty for a CSV file."""
    return sheet_names(data) if looks_like_workbook(data) else []


def validate_upload(data: bytes, *, filename: str, encoding: str | None = None,
                    sheet: str | None = None) -> ValidationResult:
    """Validate uploaded bytes, detecting the encoding unless ``encoding`` is given.

    Parameters
    ----------
    data : bytes
        The file as uploaded (sniffed, never trusted by its name).
    filename : str
        Shown in the report only.
    encoding : str, optional
        A codec picked by the editor (``corridors.reporting.ENCODING_CHOICES``).
    sheet : str, optional
        The worksheet of a spreadsheet (the first visible one by default).

    Returns
    -------
    corridors.ingest.ValidationResult
    """
    return validate_bytes(data, filename=filename, encoding=encoding or None,
                          sheet=sheet or None)


def import_upload(store: Store, data: bytes, *, filename: str, author: str, note: str = "",
                  encoding: str | None = None, sheet: str | None = None) -> ImportOutcome:
    """Validate and import uploaded bytes as one revision, in one transaction.

    Without ``encoding`` or ``sheet`` this is ``Store.import_file``. With one, the bytes
    are read with that codec (or that worksheet) and stored under the digest of the bytes
    as uploaded, so the same file again is still ``already-imported``.

    Returns
    -------
    corridors.store.ImportOutcome
        ``imported`` only after commit; ``invalid`` with the report, nothing written.

    Raises
    ------
    corridors.store.StoreError
        When the database refuses the write (busy, disk full); nothing is stored.
    """
    if not encoding and not sheet:
        return store.import_file(data, filename=filename, author=author, note=note)
    result = validate_upload(data, filename=filename, encoding=encoding, sheet=sheet)
    if not result.report.valid:
        return ImportOutcome("invalid", report=result.report)
    outcome = store.import_records(result.records, filename=filename,
                                   sha256=_digest(data, sheet), author=author,
                                   note=note)
    return ImportOutcome(outcome.status, outcome.revision, result.report, outcome.added,
                         outcome.changed)


def _digest(data: bytes, sheet: str | None) -> str:
    """The digest a file is stored under; another sheet of a workbook is another upload."""
    digest = hashlib.sha256(data)
    if sheet:
        digest.update(b"\x00sheet:" + sheet.encode("utf-8"))
    return digest.hexdigest()
