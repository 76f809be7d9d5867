"""The catalog of throughput series (``geodata/series.toml``).

A series is one publisher's count of one slice of traffic: a stable slug, a title for
legends, the publisher, its scope (what it counts, in one sentence), a home page, the
corridor and the units it covers. One series per corridor and unit is the *headline*
series: the one the map's widths and the corridors' comparisons use. Series of
different scope are never summed or drawn as one line.

Read with the standard library only (``tomllib``), like ``corridors.domain.catalog``.

Example
-------
>>> from corridors.domain.series_catalog import load_series_catalog
>>> load_series_catalog().headline("northern", "TEU")
'erai-1520'
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from corridors.domain.i18n import TitledInLanguages, localised_name
from corridors.domain.paths import GEODATA_DIR
from corridors.domain.records import CORRIDORS, METRICS, UNITS

SERIES_FILE = "series.toml"


class SeriesCatalogError(ValueError):
    """``geodata/series.toml`` is missing or broken; the message names the key."""


@dataclass(frozen=True, slots=True)
class Series(TitledInLanguages):
    """One catalogued series (see the header of ``geodata/series.toml``)."""

    slug: str
    title: str
    publisher: str
    scope: str
    home: str
    corridor: str
    units: tuple[str, ...]
    metrics: tuple[str, ...]
    headline: tuple[str, ...]
    locations: tuple[str, ...] | None = None
    #: False for plans, targets and forecasts: never a volume that moved
    measured: bool = True
    title_ru: str = ""
    title_kk: str = ""
    scope_ru: str = ""
    scope_kk: str = ""

    def scope_in(self, lang: str | None) -> str:
        """The scope sentence in ``en``, ``ru`` or ``kk``."""
        return localised_name({"en": self.scope, "ru": self.scope_ru, "kk": self.scope_kk},
                              lang)

    def is_headline(self, unit: str) -> bool:
        """True when this series is its corridor's headline series for ``unit``."""
        return unit in self.headline


@dataclass(frozen=True)
class SeriesCatalog:
    """Every series by slug, in the file's order."""

    series: Mapping[str, Series]

    def __contains__(self, slug: object) -> bool:
        return slug in self.series

    def __getitem__(self, slug: str) -> Series:
        return self.series[slug]

    def title(self, slug: str, lang: str = "en") -> str:
        """The series' title in ``lang``, or the slug itself when it is not catalogued."""
        found = self.series.get(slug)
        return found.title_in(lang) if found else slug

    def headline(self, corridor: str, unit: str) -> str | None:
        """Slug of the headline series of ``corridor`` in ``unit``, or None."""
        for s in self.series.values():
            if s.corridor == corridor and unit in s.headline:
                return s.slug
        return None

    def headlines(self) -> dict[tuple[str, str], str]:
        """``{(corridor, unit): slug}`` of every headline series."""
        return {(s.corridor, u): s.slug for s in self.series.values() for u in s.headline}

    def default_for(self, corridor: str, unit: str, metric: str) -> str | None:
        """The series a figure without one gets (the documented upload rule).

        A volume gets the corridor's headline series for its unit; a capacity gets the
        corridor's one capacity series covering the unit. None when there is no such
        series (the upload must then name one).
        """
        if metric == "volume":
            return self.headline(corridor, unit)
        found = [s.slug for s in self.series.values()
                 if s.corridor == corridor and metric in s.metrics and unit in s.units]
        return found[0] if len(found) == 1 else None

    def check(self, slug: str, corridor: str) -> str | None:
        """None when ``slug`` is a series of ``corridor``, else a message (did you mean)."""
        found = self.series.get(slug)
        if found is None:
            close = difflib.get_close_matches(slug, list(self.series), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            return (f"Unknown series {slug!r}.{hint} Use a slug from geodata/series.toml "
                    "(e.g. erai-1520, kz-mot-titr), or leave the cell empty for the "
                    "corridor's headline series.")
        if found.corridor != corridor:
            return (f"Series {slug!r} belongs to the {found.corridor} corridor, not the "
                    f"{corridor} one. Check the corridor column or the series.")
        return None

    def of_corridor(self, corridor: str) -> list[Series]:
        """The series of one corridor, in catalog order."""
        return [s for s in self.series.values() if s.corridor == corridor]


def _strings(table: Mapping, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SeriesCatalogError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def _series(slug: str, table: Mapping, where: str) -> Series:
    where = f"{where} [series.{slug}]"
    for key in ("title", "publisher", "scope", "corridor"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise SeriesCatalogError(f"{where}: {key} is missing")
    units, metrics = _strings(table, "units", where), _strings(table, "metric", where)
    headline = _strings(table, "headline", where)
    if table["corridor"] not in CORRIDORS:
        raise SeriesCatalogError(f"{where}: corridor must be one of {CORRIDORS}")
    if not set(units) <= set(UNITS) or not set(metrics) <= set(METRICS):
        raise SeriesCatalogError(f"{where}: units must be among {UNITS}, metric {METRICS}")
    if not set(headline) <= set(units):
        raise SeriesCatalogError(f"{where}: headline units must be among its units")
    scope = table.get("location_scope")
    names = {key: table.get(key, "") for key in ("title_ru", "title_kk", "scope_ru",
                                                 "scope_kk")}
    if not all(isinstance(v, str) for v in names.values()):
        raise SeriesCatalogError(f"{where}: title_ru, title_kk, scope_ru and scope_kk must "
                                 "be strings")
    measured = table.get("measured", True)
    if not isinstance(measured, bool):
        raise SeriesCatalogError(f"{where}: measured must be true or false")
    return Series(slug, table["title"], table["publisher"], table["scope"],
                  str(table.get("home", "")), table["corridor"], units, metrics, headline,
                  tuple(scope) if scope is not None else None, measured, **names)


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> SeriesCatalog:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SeriesCatalogError(f"{path}: {exc}") from exc
    series = {slug: _series(slug, table, str(path))
              for slug, table in data.get("series", {}).items()}
    seen: dict[tuple[str, str], str] = {}
    for s in series.values():
        for unit in s.headline:
            other = seen.setdefault((s.corridor, unit), s.slug)
            if other != s.slug:
                raise SeriesCatalogError(
                    f"{path}: {other} and {s.slug} are both the {s.corridor} headline "
                    f"series in {unit}; keep one")
    return SeriesCatalog(series)


def load_series_catalog(geodata_dir: Path | str = GEODATA_DIR) -> SeriesCatalog:
    """Load ``series.toml`` from ``geodata_dir`` (cached per resolved path).

    Raises
    ------
    SeriesCatalogError
        The file is missing or broken, or a corridor has two headline series in a unit.
    """
    return _load((Path(geodata_dir) / SERIES_FILE).resolve())
