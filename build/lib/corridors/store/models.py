"""Small value types the store returns: revisions, import outcomes, change previews."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from corridors.domain.records import Record

IMPORT_STATUSES = ("imported", "already-imported", "invalid")


@dataclass(frozen=True, slots=True)
class Revision:
    """One entry of the history: an import, a revert or the seed.

    ``added``/``changed`` count figures: for an import, identities new to the current
    figures and identities whose stored figure differed; for a revert, figures that
    reappear and figures that changed or disappeared. ``in_effect`` is False while the
    revision is reverted (a revert that is itself reverted re-applies its target).
    """

    id: int
    created_at: dt.datetime  # timezone-aware, UTC
    author: str
    filename: str
    sha256: str | None
    row_count: int
    added: int
    changed: int
    note: str
    kind: str  # import | revert | seed
    reverts: int | None
    reverted_by: int | None
    in_effect: bool

    @property
    def state(self) -> str:
        """``in effect``, ``reverted by revision N``, or ``in effect (reverts revision N)``:
        the one wording of the history for the CLI and the Data page."""
        if not self.in_effect:
            return f"reverted by revision {self.reverted_by}"
        if self.kind == "revert":
            return f"in effect (reverts revision {self.reverts})"
        return "in effect"

    def revert_sentence(self, target_id: int) -> str:
        """The sentence after this revision reverted ``target_id`` (numbers only)."""
        return (f"Reverted revision {int(target_id)} as new revision {self.id}: "
                f"{self.added} figures back, {self.changed} changed or withdrawn.")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``created_at`` as ISO 8601 UTC)."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat().replace("+00:00", "Z")
        return data


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did.

    Attributes
    ----------
    status : str
        ``imported`` (committed as ``revision``), ``already-imported`` (the same bytes
        are ``revision``; nothing changed) or ``invalid`` (refused; see ``report``).
    revision : Revision or None
    report : ValidationReport or None
        From ``corridors.ingest``; None when validation was skipped because the bytes
        were already stored, or when records were imported directly.
    added, changed : int
        Figures new to, and changed in, the current figures (0 unless imported).
    """

    status: str
    revision: Revision | None = None
    report: Any = None
    added: int = 0
    changed: int = 0

    @property
    def ok(self) -> bool:
        """True when the figures are stored (now or before)."""
        return self.status in ("imported", "already-imported")

    @property
    def message(self) -> str:
        """One sentence for people: what happened to the upload (names the file)."""
        return self.sentence(with_filename=True)

    def sentence(self, *, with_filename: bool) -> str:
        """What happened to the upload, the one wording for the CLI and the Data page.
        Without the file name (uploaded text) it holds only numbers and our own words."""
        rev = self.revision
        if self.status == "imported" and rev is not None:
            name = f" {rev.filename}" if with_filename else ""
            return (f"Imported{name} as revision {rev.id}: {rev.row_count} figures, "
                    f"{self.added} added, {self.changed} changed.")
        if self.status == "already-imported" and rev is not None:
            state = "" if rev.in_effect else f" (reverted by revision {rev.reverted_by})"
            return (f"Already imported as revision {rev.id}{state}; nothing changed.")
        return "Refused: the file has errors; nothing was stored."

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the CLI's ``import --json``)."""
        report = self.report.to_dict() if self.report is not None else None
        return {"status": self.status, "message": self.message,
                "revision": self.revision.to_dict() if self.revision else None,
                "added": self.added, "changed": self.changed, "report": report}


@dataclass(frozen=True, slots=True)
class Change:
    """A figure whose identity is stored already, with different content."""

    old: Record
    new: Record


@dataclass(slots=True)
class ChangePreview:
    """What importing some records would do to the current figures."""

    added: list[Record] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        """Return ``{corridor: {"added": n, "changed": n, "unchanged": n}}``."""
        counts: dict[str, Counter] = {}
        groups = (("added", self.added), ("changed", [c.new for c in self.changed]),
                  ("unchanged", self.unchanged))
        for name, records in groups:
            for record in records:
                counts.setdefault(record.corridor, Counter())[name] += 1
        return {corridor: {name: counter[name] for name in ("added", "changed", "unchanged")}
                for corridor, counter in sorted(counts.items())}

    @property
    def has_changes(self) -> bool:
        """True when the import would add or change at least one figure."""
        return bool(self.added or self.changed)
