"""Corridor and location names to ids, through the catalog's aliases.

Matching ignores case, dashes, underscores and whitespace, treats ё as е and folds the
Kazakh letters (қ ғ ң ө ұ ү һ і ә) onto their Russian neighbours, so ``Достық``,
``Достык`` and ``DOSTYK`` all find ``dostyk``. A near miss gets a "did you mean" from
difflib. The catalog is passed in (``corridors.domain.catalog.load_catalog()`` by default) so
tests can use a small fake one.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Protocol

_FOLD = str.maketrans("ёқғңөұүһіә", "екгноуухиа")
_DROP = re.compile(r"[\s\-‐‑‒–—_.'’\"«»]+")


class Catalog(Protocol):
    """What ingest needs from ``corridors.domain.catalog``."""

    corridors: dict[str, Any]

    def names_for_matching(self) -> dict[str, list[str]]: ...

    def location_ids(self, corridor: str) -> Any: ...


def name_key(text: str) -> str:
    """The matching key of a name (case, dash, space, ё/е and Kazakh-letter blind)."""
    return _DROP.sub("", text.casefold().translate(_FOLD))


def default_catalog() -> Catalog:
    """The project's catalog from ``geodata/`` (imported late: it reads files)."""
    from corridors.domain.catalog import load_catalog

    return load_catalog()


class NameIndex:
    """Look up corridor and location ids by any of their names.

    Parameters
    ----------
    catalog : Catalog
        Provides ``corridors`` (id -> object with ``aliases``), ``names_for_matching()``
        and ``location_ids(corridor)``.
    """

    def __init__(self, catalog: Catalog):
        self._corridors: dict[str, str] = {}
        self._corridor_names: dict[str, str] = {}
        for corridor_id, corridor in catalog.corridors.items():
            names = [corridor_id, *getattr(corridor, "aliases", ())]
            title = getattr(corridor, "title", None) or getattr(corridor, "name", None)
            names += [title] if isinstance(title, str) else []
            for name in names:
                self._corridors.setdefault(name_key(name), corridor_id)
                self._corridor_names.setdefault(name_key(name), name)
        self._locations: dict[str, set[str]] = {}
        self._location_names: dict[str, str] = {}
        for location_id, names in catalog.names_for_matching().items():
            for name in [location_id, *names]:
                self._locations.setdefault(name_key(name), set()).add(location_id)
                self._location_names.setdefault(name_key(name), name)
        self._on_corridor = {c: set(catalog.location_ids(c)) for c in self._ids()}
        self._cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def _ids(self) -> set[str]:
        return set(self._corridors.values())

    def corridor(self, text: str) -> tuple[str | None, str | None]:
        """``(corridor id, None)`` or ``(None, message with a did-you-mean)``."""
        found = self._corridors.get(name_key(text))
        if found:
            return found, None
        hint = _did_you_mean(name_key(text), self._corridor_names)
        return None, (f"Unknown corridor {text!r}.{hint} Use northern or middle, or a name "
                      "listed for them in geodata/catalog.toml (e.g. 'Middle Corridor', "
                      "'ТМТМ', 'Северный коридор').")

    def location(self, corridor: str, text: str) -> tuple[str | None, str | None]:
        """``(location id, None)`` or ``(None, message)``; ``""`` is the whole corridor."""
        if not text:
            return "", None
        cached = self._cache.get((corridor, text))
        if cached is None:
            cached = self._cache[(corridor, text)] = self._find_location(corridor, text)
        return cached

    def _find_location(self, corridor: str, text: str) -> tuple[str | None, str | None]:
        candidates = self._locations.get(name_key(text), set())
        on_corridor = candidates & self._on_corridor.get(corridor, set())
        if len(on_corridor) == 1:
            return next(iter(on_corridor)), None
        if len(on_corridor) > 1:
            return None, (f"Location {text!r} names several places on the {corridor} "
                          f"corridor ({', '.join(sorted(on_corridor))}); use the id.")
        if candidates:
            return None, (f"Location {text!r} ({', '.join(sorted(candidates))}) is not on "
                          f"the {corridor} corridor. Check the corridor column, or leave "
                          "the location empty for a whole-corridor figure.")
        names = {key: name for key, name in self._location_names.items()
                 if self._locations[key] & self._on_corridor.get(corridor, set())}
        hint = _did_you_mean(name_key(text), names)
        return None, (f"Unknown location {text!r} on the {corridor} corridor.{hint} Use a "
                      "node, segment or route id from geodata (e.g. dostyk, aktau, "
                      "baku-tbilisi-kars), or leave it empty for the whole corridor.")


def _did_you_mean(key: str, names: dict[str, str]) -> str:
    """`` Did you mean 'X'?`` for the closest name, or an empty string."""
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    return f" Did you mean {names[close[0]]!r}?" if close else ""
