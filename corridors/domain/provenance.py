"""Where exported data comes from: the revision it shows, its sources and licences.

Every export names the same stamp (``DataStamp``): the newest revision of the store's
history, the UTC date it was made and the data version, so a map on a slide and a
snapshot ZIP can each be traced to exactly the data they were made from. Plain values
and text only; ``corridors.exchange.stamp.data_stamp`` reads the stamp from a store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

PROJECT_TITLE = "corridors: freight through Kazakhstan on the Northern and Middle Corridors"
BOUNDARY_SOURCE = "Borders: Natural Earth 1:10m admin-0 (public domain), simplified"
SCHEMATIC_NOTE = "Lines are schematic (node to node along great circles), not surveyed tracks."
# Natural Earth is in the public domain; the compiled figures are facts from the cited
# publishers, released as a compilation under ODC-By (attribution to each source kept in
# the ``source`` column).
LICENCES = (
    {"name": "ODC-By-1.0", "path": "https://opendatacommons.org/licenses/by/1-0/",
     "title": "Open Data Commons Attribution License 1.0 (the compilation of figures)"},
    {"name": "ODC-PDDL-1.0", "path": "https://opendatacommons.org/licenses/pddl/1-0/",
     "title": "Public Domain Dedication and License 1.0 (Natural Earth boundaries)"},
)


@dataclass(frozen=True)
class DataStamp:
    """The state of the data an export shows: newest revision, its UTC time, data version."""

    revision: int
    created_at: dt.datetime
    data_version: int

    @property
    def date(self) -> str:
        """ISO date (UTC) of the revision."""
        return self.created_at.date().isoformat()

    def as_of(self) -> str:
        """``Data as of revision 3 (2026-12-01 UTC), data version 7``."""
        return (f"Data as of revision {self.revision} ({self.date} UTC), "
                f"data version {self.data_version}")


def source_names(sources: Iterable[str], limit: int = 6) -> list[str]:
    """Short names of the figures' sources: the host of a URL, else the text itself,
    deduplicated in order of first appearance, at most ``limit`` (then ``+N more``)."""
    names: list[str] = []
    for source in sources:
        text = (source or "").strip()
        if not text:
            continue
        host = urlsplit(text).hostname if "://" in text else None
        name = (host or text).removeprefix("www.")
        if name not in names:
            names.append(name)
    if len(names) > limit:
        return [*names[:limit], f"+{len(names) - limit} more"]
    return names


def sources_line(sources: Iterable[str]) -> str:
    """One line for an image: the figures' sources, then the boundaries' source."""
    names = source_names(sources)
    figures = f"Figures: {', '.join(names)}" if names else "Figures: none for this view"
    return f"{figures}. {BOUNDARY_SOURCE}."
