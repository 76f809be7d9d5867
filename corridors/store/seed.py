"""Seed a fresh database from ``geodata/seed/throughput.csv``.

The seed becomes revision 1, of kind ``seed``, exactly once: the emptiness check is
repeated inside the import's write transaction, so of two processes starting at the
same moment one seeds and the other finds revision 1 already there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.store.config import project_root
from corridors.store.errors import SeedError

if TYPE_CHECKING:
    from corridors.ingest import ValidationResult

DEFAULT_SEED_PATH = project_root() / "geodata" / "seed" / "throughput.csv"
SEED_AUTHOR = "corridors (seed)"
SEED_NOTE = "Seed data shipped in geodata/seed"


@dataclass(frozen=True)
class Seed:
    """A validated seed file, ready for ``Store.import_records(kind="seed")``."""

    result: ValidationResult
    filename: str
    sha256: str


def read_seed(path: Path = DEFAULT_SEED_PATH) -> Seed | None:
    """Read and validate the seed file; None when there is none.

    Raises
    ------
    SeedError
        The seed file does not validate (a packaging bug: fix the file in geodata/).
    """
    if not path.is_file():
        return None
    # imported here: pandas and pyarrow are heavy, and a store that is not empty (every
    # start but the first) never needs them
    from corridors.ingest import validate_bytes

    data = path.read_bytes()
    result = validate_bytes(data, filename=path.name)
    if not result.report.valid:
        problems = "; ".join(f"line {p.row}: {p.message}"
                             for p in list(result.report.errors)[:5])
        raise SeedError(f"The seed file {path} does not validate: {problems}. "
                        "Fix it with `corridors validate` before starting.")
    return Seed(result, f"geodata/seed/{path.name}", hashlib.sha256(data).hexdigest())
