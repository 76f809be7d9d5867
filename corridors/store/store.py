"""The ``Store``: revisions of throughput figures in SQLite or PostgreSQL.

See docs/architecture.md ("Store API"). Every write is one transaction that is
acknowledged only after it commits; reads are plain transactions.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection, Engine

from corridors.domain.records import Record
from corridors.store import bulk, queries, writes
from corridors.store.config import resolve_database_url
from corridors.store.engine import (
    DRIVER_ERRORS,
    dispose_engine,
    explain_error,
    get_engine,
    run_transaction,
)
from corridors.store.migrations import migrate
from corridors.store.models import ChangePreview, ImportOutcome, Revision
from corridors.store.seed import DEFAULT_SEED_PATH, SEED_AUTHOR, SEED_NOTE, read_seed

if TYPE_CHECKING:
    import pandas as pd

_DEFAULT_SEED = object()
_ready: set[str] = set()  # URLs migrated and seeded by this process
_ready_lock = threading.Lock()


class Store:
    """Revisions of throughput figures and the current figure of every identity.

    Create with :func:`open_store`. Thread-safe: each call runs in its own transaction
    on a pooled connection of the process-wide engine.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def _read(self, work):
        return run_transaction(self.engine, work, write=False)

    def _write(self, work):
        return run_transaction(self.engine, work, write=True)

    def data_version(self) -> int:
        """Return the data version: changes with every committed write (cache key)."""
        return self._read(queries.data_version)

    def current_figures(self, **filters: Any) -> pd.DataFrame:
        """Return the current figure of every identity matching ``filters``.

        Parameters
        ----------
        **filters
            ``corridor``, ``series``, ``location``, ``metric``, ``unit``, ``direction``,
            ``period_start``, ``period_end`` (exact bounds, ``date`` or ISO text),
            ``granularity`` (``year``, ``half``, ``quarter``, ``month``, ``range``);
            each a value or a list of values.

        Returns
        -------
        pandas.DataFrame
            Columns ``CANONICAL_COLUMNS + ("revision",)``; ``period_start`` and
            ``period_end`` ``datetime64[ns]``, ``value`` float64 in ``unit``.
        """
        queries.figures_statement(**filters)  # unknown filters fail before any query

        def read(conn):
            stmt = queries.figures_statement(**queries.indexed_filters(conn, filters))
            return conn.execute(stmt).all()

        return queries.figures_frame(self._read(read))

    def period_summary(self, **filters: Any) -> tuple[pd.DataFrame, float]:
        """Return the distinct periods of the current figures matching ``filters``
        (``period_start``, ``period_end`` as ``datetime64[ns]``) and their largest value
        at a place (0.0 when there is none), without reading the figures (two
        aggregate queries; the map's period control and line scale)."""
        import pandas as pd

        queries.period_summary_statements(**filters)  # unknown filters fail first

        def read(conn):
            bounds_stmt, largest_stmt = queries.period_summary_statements(
                **queries.indexed_filters(conn, filters))
            return conn.execute(bounds_stmt).all(), conn.execute(largest_stmt).scalar()

        rows, largest = self._read(read)
        bounds = pd.DataFrame({name: pd.to_datetime(pd.Series([r[i] for r in rows],
                                                              dtype=object),
                                                    format="%Y-%m-%d").astype("datetime64[ns]")
                               for i, name in enumerate(("period_start", "period_end"))})
        return bounds, float(largest or 0.0)

    def figure_groups(self, by: Sequence[str], **filters: Any) -> pd.DataFrame:
        """Return the distinct values of the columns ``by`` among the current figures
        matching ``filters`` (as :meth:`current_figures`), each with its largest
        ``value`` and its number of ``figures``, computed by the database: a summary
        without reading the figures (the map's periods and line scale, issue 17).

        Returns
        -------
        pandas.DataFrame
            Columns ``by + ["value", "figures"]``, sorted by ``by``; ``period_start`` and
            ``period_end`` ``datetime64[ns]`` (a group whose date cannot be read is left
            out, as ``current_figures`` leaves out its figures).
        """
        import pandas as pd

        by = list(by)
        queries.groups_statement(by, **filters)  # unknown columns or filters fail first

        def read(conn):
            stmt = queries.groups_statement(by, **queries.indexed_filters(conn, filters))
            return conn.execute(stmt).all()

        rows = self._read(read)
        frame = pd.DataFrame([tuple(row) for row in rows], columns=[*by, "value", "figures"])
        for column in {"period_start", "period_end"} & set(by):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d",
                                           errors="coerce").astype("datetime64[ns]")
            frame = frame[frame[column].notna()]
        return frame.astype({"value": "float64", "figures": "int64"}).reset_index(drop=True)

    def figure_places(self) -> list[tuple[str, str]]:
        """Return the distinct ``(corridor, location)`` pairs that have current figures
        (``""`` for whole-corridor figures), without reading the figures."""
        return self._read(queries.figure_places)

    def current_records(self, **filters: Any) -> list[Record]:
        """Return the current figures matching ``filters`` as Records (for exports)."""
        stmt = queries.figures_statement(**filters)
        rows = self._read(lambda conn: conn.execute(stmt).all())
        return bulk.readable_records(rows)

    def preview(self, records: Sequence[Record]) -> ChangePreview:
        """Return what importing ``records`` would add or change (nothing is written)."""
        return self._read(lambda conn: queries.preview(conn, records))

    def history(self) -> list[Revision]:
        """Return every revision, newest first."""
        return self._read(queries.history)

    def history_size(self) -> int:
        """Return how many revisions exist (0 for a fresh database)."""
        return self._read(writes.history_size)

    def revision(self, revision_id: int) -> Revision:
        """Return one revision; raise RevisionNotFound if there is none."""
        return self._read(lambda conn: writes.get_revision(conn, revision_id))

    def import_records(self, records: Sequence[Record] | pd.DataFrame, *, filename: str,
                       sha256: str | None, author: str, note: str = "",
                       kind: str = "import", reapply: bool = False) -> ImportOutcome:
        """Store validated records as one new revision, in one transaction.

        Parameters
        ----------
        records : sequence of Record, or pandas.DataFrame
            Canonical, validated figures with unique identities; a canonical frame
            (``ValidationResult.frame``) is the fast bulk path.
        filename : str
            Shown in the history.
        sha256 : str or None
            Hex digest of the uploaded bytes; the same digest again is a no-op.
            None disables that check.
        author, note : str
            Who imported, and why.
        kind : str
            ``import`` or ``seed``.
        reapply : bool
            When the same sha256 belongs to a reverted revision, store the figures
            again as a new revision (which then carries the sha256).

        Returns
        -------
        ImportOutcome
            ``imported`` after commit, or ``already-imported`` with the earlier revision.

        Raises
        ------
        DuplicateFiguresError, InvalidFiguresError, DiskFullError, DatabaseBusyError
        """
        bulk.check_unique(records)
        bulk.check_drawable(records)

        def work(conn: Connection) -> ImportOutcome:
            if kind == "seed" and writes.history_size(conn):
                return ImportOutcome("already-imported")  # another starter seeded first
            revision, created = writes.import_records(
                conn, records, filename=filename, sha256=sha256, author=author,
                note=note, kind=kind, reapply=reapply)
            if not created:
                return ImportOutcome("already-imported", revision)
            return ImportOutcome("imported", revision, added=revision.added,
                                 changed=revision.changed)

        return self._write(work)

    def import_file(self, data: bytes, *, filename: str, author: str, note: str = "",
                    encoding: str | None = None, sheet: str | None = None,
                    reapply: bool = False) -> ImportOutcome:
        """Validate uploaded bytes and import them as one revision: the one upload path
        of the Data page and ``corridors import``.

        The same bytes again return ``already-imported`` without validating (the digest
        is of the bytes as uploaded, whatever ``encoding`` reads them), or ``reverted``
        when that revision is reverted (its figures stay withdrawn; nothing is written)
        unless ``reapply`` asks to store them again as a new revision. Invalid bytes
        return ``invalid`` with the validation report; nothing is written.

        Parameters
        ----------
        encoding : str, optional
            A codec to read the bytes with (picked by a person when detection could
            only guess); None detects it.
        sheet : str, optional
            The worksheet of a spreadsheet (the first visible one by default). Another
            sheet of the same workbook is another upload: it is part of the digest.
        reapply : bool
            Re-import a file whose revision was reverted, as a new revision.
        """
        digest = hashlib.sha256(data)
        if sheet:
            digest.update(b"\x00sheet:" + sheet.encode("utf-8"))
        sha256 = digest.hexdigest()
        existing = self._read(lambda conn: writes.find_by_sha256(conn, sha256))
        if existing is not None and (existing.in_effect or not reapply):
            return ImportOutcome("already-imported" if existing.in_effect else "reverted",
                                 existing)
        from corridors.ingest import validate_bytes  # heavy (pandas, pyarrow): only here
        result = validate_bytes(data, filename=filename, encoding=encoding or None,
                                sheet=sheet or None)
        if not result.report.valid:
            return ImportOutcome("invalid", report=result.report)
        outcome = self.import_records(result.frame, filename=filename, sha256=sha256,
                                      author=author, note=note, reapply=reapply)
        return ImportOutcome(outcome.status, outcome.revision, result.report,
                             outcome.added, outcome.changed)

    def revert(self, revision_id: int, *, author: str) -> Revision:
        """Revert a revision by recording a new one; nothing is deleted.

        Raises
        ------
        RevisionNotFound, AlreadyReverted
        """
        return self._write(lambda conn: writes.revert_revision(conn, revision_id,
                                                                author=author))

    def seed_if_empty(self, path: Path = DEFAULT_SEED_PATH) -> ImportOutcome | None:
        """Import the seed file at ``path`` as revision 1 (kind ``seed``) if the store has
        no revision yet; None when it had revisions or there is no seed file.

        The emptiness check is repeated inside the import's write transaction, so of two
        processes starting at once one seeds and the other finds revision 1 there.

        Raises
        ------
        SeedError
            The seed file does not validate.
        """
        if self.history_size():
            return None
        seed = read_seed(path)
        if seed is None:
            return None
        return self.import_records(seed.result.frame, filename=seed.filename,
                                   sha256=seed.sha256, author=SEED_AUTHOR, note=SEED_NOTE,
                                   kind="seed")

    def close(self) -> None:
        """Dispose of this process's engine for the URL (tests and shutdown)."""
        forget_url(self.url)


def open_store(url: str | None = None, *, seed_path: Path | None | Any = _DEFAULT_SEED,
               ) -> Store:
    """Open the store: resolve the URL, apply migrations, seed an empty database.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; by default the configuration decides (see ``corridors.store.config``).
    seed_path : Path or None, optional
        Canonical CSV imported as revision 1 (kind ``seed``) into an empty database;
        default ``geodata/seed/throughput.csv``; None skips seeding.

    Returns
    -------
    Store
    """
    resolved = resolve_database_url(url)  # DatabaseUnavailableError: no folder
    store = Store(resolved, get_engine(resolved))
    with _ready_lock:
        if resolved in _ready:
            return store
        try:
            migrate(store.engine)
            path = DEFAULT_SEED_PATH if seed_path is _DEFAULT_SEED else seed_path
            if path is not None:
                store.seed_if_empty(Path(path))
        except DRIVER_ERRORS as exc:
            explained = explain_error(exc, store.engine)
            if explained is None:
                raise
            raise explained from exc
        _ready.add(resolved)
    return store


def forget_url(url: str) -> None:
    """Dispose of ``url``'s engine and its migrated/seeded mark (tests drop databases)."""
    with _ready_lock:
        _ready.discard(url)
    dispose_engine(url)
