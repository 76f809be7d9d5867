"""Seed a fresh database from ``geodata/seed/throughput.csv`` (DESIGN 3.6).

The seed becomes revision 1, of kind ``seed``, exactly once: the emptiness check is
repeated inside the import's write transaction, so of two processes starting at the
same moment one seeds and the other finds revision 1 already there.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.store.config import project_root
from corridors.store.errors import SeedError

if TYPE_CHECKING:
    from corridors.store.models import ImportOutcome
    from corridors.store.store import Store

log = logging.getLogger(__name__)

DEFAULT_SEED_PATH = project_root() / "geodata" / "seed" / "throughput.csv"
SEED_AUTHOR = "corridors (seed)"


def seed_if_empty(store: Store, path: Path = DEFAULT_SEED_PATH) -> ImportOutcome | None:
    """Import ``path`` as the seed revision if the store has no revision yet.

    Returns
    -------
    ImportOutcome or None
        None when the store already had revisions or there is no seed file.

    Raises
    ------
    SeedError
        The seed file does not validate (a packaging bug: fix the file in geodata/).
    """
    if store.history_size() or not path.is_file():
        return None
    try:
        from corridors.ingest import validate_bytes
    except ImportError:  # pragma: no cover - only while the ingest layer is missing
        log.warning("corridors.ingest is unavailable; %s not seeded", path)
        return None
    data = path.read_bytes()
    result = validate_bytes(data, filename=path.name)
    if not result.report.valid:
        problems = "; ".join(f"line {p.row}: {p.message}"
                             for p in list(result.report.errors)[:5])
        raise SeedError(f"The seed file {path} does not validate: {problems}. "
                        "Fix it with `corridors validate` before starting.")
    return store.import_records(
        result.records, filename=f"geodata/seed/{path.name}",
        sha256=hashlib.sha256(data).hexdigest(), author=SEED_AUTHOR,
        note="Seed data shipped in geodata/seed", kind="seed")
