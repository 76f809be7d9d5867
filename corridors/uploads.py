"""Uploads from the Data page: validate with an encoding the editor picked, and import.

``Store.import_file`` detects the encoding itself. When detection could only guess
(DESIGN 3.3: a file that is not UTF-8 is read as Windows-1251) the editor may pick
another codec on the page; :func:`validate_upload` and :func:`import_upload` then use
that codec, with the same one-transaction, same-file-twice-is-a-no-op import.
"""

from __future__ import annotations

import hashlib

from corridors.ingest import ValidationResult, validate_bytes
from corridors.store import ImportOutcome, Store


def validate_upload(data: bytes, *, filename: str, encoding: str | None = None,
                    ) -> ValidationResult:
    """Validate uploaded bytes, detecting the encoding unless ``encoding`` is given.

    Parameters
    ----------
    data : bytes
        The file as uploaded (sniffed, never trusted by its name).
    filename : str
        Shown in the report only.
    encoding : str, optional
        A codec picked by the editor (``corridors.reporting.ENCODING_CHOICES``).

    Returns
    -------
    corridors.ingest.ValidationResult
    """
    return validate_bytes(data, filename=filename, encoding=encoding or None)


def import_upload(store: Store, data: bytes, *, filename: str, author: str, note: str = "",
                  encoding: str | None = None) -> ImportOutcome:
    """Validate and import uploaded bytes as one revision, in one transaction.

    Without ``encoding`` this is ``Store.import_file``. With it, the bytes are read with
    that codec and stored under the digest of the bytes as uploaded, so the same file
    again is still ``already-imported``.

    Returns
    -------
    corridors.store.ImportOutcome
        ``imported`` only after commit; ``invalid`` with the report, nothing written.

    Raises
    ------
    corridors.store.StoreError
        When the database refuses the write (busy, disk full); nothing is stored.
    """
    if not encoding:
        return store.import_file(data, filename=filename, author=author, note=note)
    result = validate_upload(data, filename=filename, encoding=encoding)
    if not result.report.valid:
        return ImportOutcome("invalid", report=result.report)
    outcome = store.import_records(result.records, filename=filename,
                                   sha256=hashlib.sha256(data).hexdigest(), author=author,
                                   note=note)
    return ImportOutcome(outcome.status, outcome.revision, result.report, outcome.added,
                         outcome.changed)
