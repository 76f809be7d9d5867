"""Exceptions of the store: each message says what happened, where, and how to fix it."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""


class ConfigError(StoreError):
    """The database setting cannot be used."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full; the transaction was rolled back."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"The disk holding the database is full ({where}); nothing was written. "
            "Free some space (or raise the database size limit) and run the same "
            "import again."
        )


class DatabaseBusyError(StoreError):
    """Another writer held the database for longer than the retries allow."""

    def __init__(self, where: str, attempts: int) -> None:
        super().__init__(
            f"The database {where} stayed busy with other writers through {attempts} "
            "attempts; nothing was written. Try again in a minute; if it persists, look "
            "for a stuck process holding the database open."
        )


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer version of corridors."""


class RevisionNotFound(StoreError, LookupError):  # noqa: N818 - name fixed by the Store API
    """No revision has the requested id."""

    def __init__(self, revision_id: int) -> None:
        super().__init__(
            f"There is no revision {revision_id}. Run `corridors history` to list the "
            "revisions and their ids."
        )
        self.revision_id = revision_id


class AlreadyReverted(StoreError):  # noqa: N818 - name fixed by the Store API
    """The revision is not in effect any more, so it cannot be reverted again."""

    def __init__(self, revision_id: int, reverted_by: int | None) -> None:
        by = f" by revision {reverted_by}" if reverted_by else ""
        hint = (f" To restore it, revert revision {reverted_by}." if reverted_by else "")
        super().__init__(f"Revision {revision_id} is already reverted{by}.{hint}")
        self.revision_id = revision_id
        self.reverted_by = reverted_by


class DuplicateFiguresError(StoreError, ValueError):
    """Two records of one import share an identity."""


class SeedError(StoreError):
    """The seed file in geodata/ could not be imported into a fresh database."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be used at all: read-only, damaged, unreachable, cut off.

    ``kind`` is ``read-only``, ``damaged``, ``cannot-open``, ``unreachable`` or
    ``connection-ended``; the message is one sentence: what happened, that nothing
    was changed, and what to do.
    """

    SENTENCES = {
        "read-only": ("The database {where} is read-only, so nothing was changed: give "
                      "the app's user write permission on the file and its folder (or set "
                      "CORRIDORS_DATABASE_URL to a writable database) and try again."),
        "damaged": ("The database {where} is damaged (it is not a readable database), so "
                    "nothing was read or changed: restore it from a backup, or move the "
                    "file aside to start a fresh one, and try again."),
        "cannot-open": ("The database {where} cannot be opened (the file or its folder is "
                        "missing or not accessible), so nothing was changed: create the "
                        "folder or correct CORRIDORS_DATABASE_URL and try again."),
        "unreachable": ("The database server {where} cannot be reached, so nothing was "
                        "changed: check that it is running and that CORRIDORS_DATABASE_URL "
                        "names it correctly, then try again."),
        "connection-ended": ("The database server {where} ended the connection in the "
                             "middle of the work, so the transaction was rolled back and "
                             "nothing was changed: try again, and check the server's log "
                             "if it repeats."),
    }

    def __init__(self, kind: str, where: str) -> None:
        super().__init__(self.SENTENCES[kind].format(where=where))
        self.kind = kind
        self.where = where


class InvalidFiguresError(StoreError, ValueError):
    """Figures handed to the store that no page could draw (checked before writing)."""
