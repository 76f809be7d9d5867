"""The series of a figure stored before figures had one (the seed's mapping).

Used by the store migration that adds the ``series`` column and by
``scripts/build_series_figures.py``: one rule, so a database seeded before the series
issue and the default data agree. The rule reads the figure's corridor, location,
period, metric, unit, quality and note, as the seed wrote them; a figure the rule does
not know gets its corridor's default series for its unit and metric (the upload rule).
"""

from __future__ import annotations

from collections.abc import Mapping

from corridors.domain.series_catalog import SeriesCatalog, load_series_catalog

# The seed's whole-route Middle Corridor figures, by (period, unit): notes mention other
# publishers, so the mapping is explicit.
WHOLE_ROUTE = {
    **{(p, "t"): "kz-mot-titr" for p in ("2019", "2020", "2021", "2022", "2023", "2024", "2025",
                                         "2023-H1", "2024-01..2024-07", "2024-01..2024-11",
                                         "2025-01..2025-04")},
    **{(p, "t"): "ktz-titr" for p in ("2022-01..2022-07", "2022-01..2022-09", "2023-Q1",
                                      "2023-01..2023-07")},
    **{(p, "TEU"): "titr-containers" for p in ("2021", "2022", "2024-01..2024-11", "2025",
                                               "2025-01..2025-04")},
    ("2024-H1", "TEU"): "titr-association",
    ("2025-H1", "TEU"): "titr-association",
    ("2025-H1", "t"): "titr-association",
}
_PORTS = {"aktau": "aktau-port", "kuryk": "kuryk-port", "alat": "port-of-baku",
          "baku-tbilisi-kars": "btk"}


def seed_series(row: Mapping[str, str]) -> str | None:
    """The series of one figure of the pre-series seed, or None when not the seed's.

    ``row`` maps canonical column names to text (``corridor``, ``location``,
    ``period``, ``metric``, ``unit``, ``quality``, ``note``).
    """
    corridor, location, note, unit = row["corridor"], row["location"], row["note"], row["unit"]
    if row["metric"] == "capacity":
        return "titr-capacity" if corridor == "middle" else "northern-capacity"
    if corridor == "northern":
        if location == "":
            return "erai-1520"
        if location == "kazakhstan-china-crossings" or unit == "t":
            return "kz-china-crossings"
        return "dostyk-transterminal" if location == "dostyk" else "khorgos-gateway"
    if row["quality"] == "estimate" and any(w in note for w in ("target", "forecast",
                                                                  "expected")):
        return "titr-targets"
    if location == "trans-caspian-sea":
        return "titr-association" if "TITR Association" in note else "kz-ports-caspian"
    if location:
        return _PORTS.get(location)
    return WHOLE_ROUTE.get((row["period"], unit))


def legacy_series(row: Mapping[str, str], catalog: SeriesCatalog | None = None) -> str:
    """The series a pre-series figure gets: the seed's mapping, else the default rule.

    Always a catalogued slug of the figure's corridor: the seed's mapping when it knows
    the figure, else ``SeriesCatalog.default_for`` (headline series for a volume), else
    the corridor's first series in the unit, else the corridor's first series.
    """
    catalog = catalog or load_series_catalog()
    found = seed_series(row)
    if found in catalog and catalog[found].corridor == row["corridor"]:
        return found
    found = catalog.default_for(row["corridor"], row["unit"], row["metric"])
    if found:
        return found
    own = catalog.of_corridor(row["corridor"])
    in_unit = [s.slug for s in own if row["unit"] in s.units]
    return (in_unit or [s.slug for s in own])[0]
