"""The bodies of write transactions: import, revert, data version.

Every function here runs inside :func:`corridors.store.engine.run_transaction` with
``write=True`` and does all its work in set-based SQL, the same text on SQLite and
PostgreSQL (both support ``INSERT ... ON CONFLICT`` and window functions).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from corridors.domain.records import Record
from corridors.store import bulk
from corridors.store.errors import AlreadyReverted, RevisionNotFound
from corridors.store.models import Revision
from corridors.store.schema import FIGURE_COLUMNS, IDENTITY_KEY, current, meta, revisions

if TYPE_CHECKING:
    import pandas as pd

ANALYZE_THRESHOLD = 1_000
_COLUMNS = ", ".join(FIGURE_COLUMNS)
_KEY = ", ".join(IDENTITY_KEY)
_JOIN = " AND ".join(f"c.{k} = o.{k}" for k in IDENTITY_KEY)
_DIFFERS = " OR ".join(f"c.{k} <> o.{k}" for k in ("value", "period", "quality", "source",
                                                    "note"))
_UPDATE = ", ".join(f"{k} = excluded.{k}" for k in (*FIGURE_COLUMNS, "revision_id")
                    if k not in IDENTITY_KEY)

# A figure that repeats a stored value with a blank source or note keeps the stored ones
# (issue 11: a re-import never erases provenance). Runs before the revision is applied.
_MATCH = " AND ".join(f"c.{k} = observations.{k}" for k in IDENTITY_KEY)
_KEEP_PROVENANCE_SQL = f"""
UPDATE observations SET
    source = CASE WHEN source = '' THEN (SELECT c.source FROM current_figures c
                                         WHERE {_MATCH}) ELSE source END,
    note = CASE WHEN note = '' THEN (SELECT c.note FROM current_figures c
                                     WHERE {_MATCH}) ELSE note END
WHERE revision_id = :rev AND (source = '' OR note = '')
  AND EXISTS (SELECT 1 FROM current_figures c WHERE {_MATCH}
              AND c.value = observations.value)"""

# Figures of one revision compared with the current figures, before they are applied.
_COUNT_SQL = f"""
SELECT coalesce(sum(CASE WHEN c.revision_id IS NULL THEN 1 ELSE 0 END), 0),
       coalesce(sum(CASE WHEN c.revision_id < o.revision_id AND ({_DIFFERS})
                         THEN 1 ELSE 0 END), 0)
FROM observations o LEFT JOIN current_figures c ON {_JOIN}
WHERE o.revision_id = :rev"""

# The newest revision in effect wins, so a figure replaces only an older one.
_APPLY_SQL = f"""
INSERT INTO current_figures ({_COLUMNS}, revision_id)
SELECT {_COLUMNS}, revision_id FROM observations WHERE revision_id = :rev
ON CONFLICT ({_KEY}) DO UPDATE SET {_UPDATE}
WHERE excluded.revision_id > current_figures.revision_id"""

# Before a revision is withdrawn: for each identity whose current figure it holds, the
# figure of the newest other revision still in effect, if any. The probe goes through
# current_figures' unique identity index (no temporary table of withdrawn keys to build).
_RESTORE_SQL = f"""
SELECT {_COLUMNS}, revision_id FROM (
    SELECT o.*, row_number() OVER (PARTITION BY {", ".join(f"o.{k}" for k in IDENTITY_KEY)}
                                   ORDER BY o.revision_id DESC) AS newest
    FROM observations o JOIN revisions r ON r.id = o.revision_id
    WHERE r.in_effect AND o.revision_id <> :rev
      AND EXISTS (SELECT 1 FROM current_figures c WHERE {_JOIN} AND c.revision_id = :rev)
) ranked WHERE newest = 1"""

# When the revision to withdraw holds at least this share of current_figures (SQLite),
# the rows that stay are copied into a new table that replaces the old one, and the
# indexes are built again over it: deleting 1,000,000 rows one index entry at a time
# took 17 s, and deleting them even without indexes rewrote every page of the table
# into the WAL (about 3 s with its commit; dropping the table only lists its pages as
# free: 1.5 s in all, issue 17). SQLite's truncate optimisation does not apply: the table
# has a foreign key. DDL is part of the transaction in SQLite, so a crash leaves the
# table and its indexes as they were.
REBUILD_SHARE = 0.5
_NEXT_TABLE = "current_figures_next"


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 text (what ``revisions.created_at`` holds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def bump_data_version(conn: Connection) -> int:
    """Increment ``data_version`` in the caller's transaction; return the new value."""
    conn.execute(sa.update(meta).where(meta.c.name == "data_version")
                 .values(value=meta.c.value + 1))
    return int(conn.execute(sa.select(meta.c.value)
                            .where(meta.c.name == "data_version")).scalar_one())


def find_by_sha256(conn: Connection, sha256: str | None) -> Revision | None:
    """Return the revision that stored these bytes, if any."""
    if sha256 is None:
        return None
    row = conn.execute(sa.select(revisions).where(revisions.c.sha256 == sha256)).first()
    return revision_from_row(row) if row is not None else None


def get_revision(conn: Connection, revision_id: int) -> Revision:
    """Return one revision or raise RevisionNotFound."""
    row = conn.execute(sa.select(revisions).where(revisions.c.id == revision_id)).first()
    if row is None:
        raise RevisionNotFound(revision_id)
    return revision_from_row(row)


def revision_from_row(row) -> Revision:
    """Build a Revision from a ``revisions`` row."""
    data = dict(row._mapping)
    created = dt.datetime.fromisoformat(data.pop("created_at"))
    return Revision(created_at=created.astimezone(dt.UTC),
                    in_effect=bool(data.pop("in_effect")), **data)


def import_records(conn: Connection, records: Sequence[Record] | pd.DataFrame, *,
                   filename: str, sha256: str | None, author: str, note: str, kind: str,
                   reapply: bool = False) -> tuple[Revision, bool]:
    """Store ``records`` as a new revision; return ``(revision, created)``.

    ``created`` is False when the same sha256 is stored already (nothing changes),
    unless ``reapply`` is set and that revision is reverted: the sha256 then moves to
    the new revision (the column is unique), so the next identical upload finds the
    revision now in effect. The caller has checked identities for duplicates.
    """
    existing = find_by_sha256(conn, sha256)
    if existing is not None:
        if not (reapply and not existing.in_effect):
            return existing, False
        conn.execute(sa.update(revisions).where(revisions.c.id == existing.id)
                     .values(sha256=None))
        note = note or f"re-applies revision {existing.id} (same file)"
    revision_id = conn.execute(sa.insert(revisions).values(
        created_at=utc_now(), author=author, filename=filename, sha256=sha256,
        row_count=len(records), added=0, changed=0, note=note, kind=kind,
        in_effect=True).returning(revisions.c.id)).scalar_one()
    bulk.insert_rows(conn, "observations", bulk.batch_rows(records, revision_id))
    if conn.dialect.name == "postgresql" and len(records) >= ANALYZE_THRESHOLD:
        # Without statistics for the rows just copied, PostgreSQL estimates one row
        # and picks a nested loop over the wrong index: 18 s instead of 0.1 s for
        # 200,000 figures. ANALYZE samples at most 30,000 rows, so its cost is bounded.
        conn.exec_driver_sql("ANALYZE observations")
        conn.exec_driver_sql("ANALYZE current_figures")
    conn.execute(sa.text(_KEEP_PROVENANCE_SQL), {"rev": revision_id})
    added, changed = conn.execute(sa.text(_COUNT_SQL), {"rev": revision_id}).one()
    conn.execute(sa.text(_APPLY_SQL), {"rev": revision_id})
    conn.execute(sa.update(revisions).where(revisions.c.id == revision_id)
                 .values(added=int(added), changed=int(changed)))
    bump_data_version(conn)
    return get_revision(conn, revision_id), True


def revert_revision(conn: Connection, revision_id: int, *, author: str) -> Revision:
    """Record a revert of ``revision_id`` and recompute the affected current figures.

    Nothing is deleted from ``observations`` or ``revisions``. Reverting a revert
    re-applies what that revert withdrew, and so on down the chain.
    """
    target = get_revision(conn, revision_id)
    if not target.in_effect:
        raise AlreadyReverted(target.id, target.reverted_by)
    new_id = conn.execute(sa.insert(revisions).values(
        created_at=utc_now(), author=author, filename=target.filename, sha256=None,
        row_count=0, added=0, changed=0, note=f"revert of revision {target.id}",
        kind="revert", reverts=target.id, in_effect=True).returning(revisions.c.id)
    ).scalar_one()
    conn.execute(sa.update(revisions).where(revisions.c.id == target.id)
                 .values(reverted_by=new_id, in_effect=False))
    data_revision, in_effect = _propagate(conn, target, in_effect=False)
    added = changed = row_count = 0
    if data_revision is not None:
        row_count = data_revision.row_count
        if in_effect:
            added, changed = conn.execute(sa.text(_COUNT_SQL),
                                          {"rev": data_revision.id}).one()
            conn.execute(sa.text(_APPLY_SQL), {"rev": data_revision.id})
        else:
            added, changed = _withdraw(conn, data_revision)
    conn.execute(sa.update(revisions).where(revisions.c.id == new_id).values(
        row_count=row_count, added=int(added), changed=int(changed)))
    bump_data_version(conn)
    return get_revision(conn, new_id)


def _propagate(conn: Connection, node: Revision, *, in_effect: bool,
               ) -> tuple[Revision | None, bool]:
    """Walk down a chain of reverts after ``node`` changed state to ``in_effect``.

    A revert's target is in effect exactly when the revert that last reverted it is
    not. Return the import/seed revision at the end of the chain and its new state,
    or ``(None, ...)`` when the chain stops at a revert (its target was reverted anew).
    """
    while node.kind == "revert":
        parent = get_revision(conn, node.reverts)
        if parent.reverted_by != node.id:
            return None, in_effect
        in_effect = not in_effect
        conn.execute(sa.update(revisions).where(revisions.c.id == parent.id)
                     .values(in_effect=in_effect))
        node = parent
    return node, in_effect


def _withdraw(conn: Connection, revision: Revision) -> tuple[int, int]:
    """Replace the current figures of ``revision`` with the next newest in effect.

    Returns ``(0, n)``: n figures changed back to an older value or disappeared.
    """
    postgres = conn.dialect.name == "postgresql"
    params = {"rev": revision.id}
    conn.exec_driver_sql("DROP TABLE IF EXISTS restored")
    conn.execute(sa.text(f"CREATE TEMP TABLE restored {'ON COMMIT DROP ' if postgres else ''}"
                         f"AS {_RESTORE_SQL}"), params)
    total = 0
    if not postgres and revision.row_count >= ANALYZE_THRESHOLD:
        total = conn.exec_driver_sql("SELECT count(*) FROM current_figures").scalar_one()
    rebuild = bool(total) and revision.row_count >= REBUILD_SHARE * total
    if rebuild:
        changed = total - _replace_table_without(conn, revision.id)
    else:
        changed = conn.execute(sa.text("DELETE FROM current_figures WHERE revision_id = :rev"),
                               params).rowcount
    conn.exec_driver_sql(f"INSERT INTO current_figures ({_COLUMNS}, revision_id) "
                         f"SELECT {_COLUMNS}, revision_id FROM restored")
    if rebuild:
        for index in current.indexes:
            index.create(conn)
    if not postgres:
        conn.exec_driver_sql("DROP TABLE restored")
    return 0, int(changed)


def _replace_table_without(conn: Connection, revision_id: int) -> int:
    """Replace ``current_figures`` (SQLite) with a copy, without its indexes, of its rows
    that ``revision_id`` does not hold; return how many were copied. The copy is made
    from the table's own stored definition, so its columns and constraints stay exactly
    what the migrations made."""
    ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' "
                               "AND name = 'current_figures'").scalar_one()
    named, found = re.subn(r'^(\s*CREATE\s+TABLE\s+)(["`\[]?)current_figures(["`\]]?)',
                           rf"\g<1>{_NEXT_TABLE}", ddl, count=1, flags=re.I)
    if not found:  # pragma: no cover - a schema no migration makes
        raise RuntimeError(f"Unexpected definition of current_figures: {ddl[:80]!r}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_NEXT_TABLE}")
    conn.exec_driver_sql(named)
    kept = conn.execute(sa.text(f"INSERT INTO {_NEXT_TABLE} SELECT * FROM current_figures "
                                "WHERE revision_id <> :rev"), {"rev": revision_id}).rowcount
    conn.exec_driver_sql("DROP TABLE current_figures")
    conn.exec_driver_sql(f"ALTER TABLE {_NEXT_TABLE} RENAME TO current_figures")
    return int(kept)


def history_size(conn: Connection) -> int:
    """Return how many revisions exist (0 for a fresh database)."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(revisions)).scalar_one())
