"""What the map's side panel says about a clicked node, segment or country.

Plain (label, value) pairs: the page renders them as a table, never as HTML or
markdown. Lengths in km, coordinates in EPSG:4326 degrees.
"""

from __future__ import annotations

import pandas as pd

from corridors.domain.catalog import Catalog, UnknownLocationError
from corridors.domain.formatting import format_amount, format_change, format_quantity
from corridors.domain.selection import FeatureRef
from corridors.domain.series_catalog import load_series_catalog
from corridors.map.period_figures import series_rank, year_before

#: What a figure measures, in words, by metric.
METRIC_WORDS = {"volume": "Volume", "capacity": "Capacity"}


def node_details(catalog: Catalog, node_id: str) -> list[tuple[str, str]]:
    """Describe one node: names, role, country, corridors and where its position comes from."""
    node = catalog.nodes[node_id]
    return [
        ("Name", node.name),
        ("Russian", node.name_ru or "—"),
        ("Kazakh", node.name_kk or "—"),
        ("Role", node.role.replace("-", " ")),
        ("Country (ISO3)", node.country),
        ("Corridors", ", ".join(catalog.corridors[c].title for c in node.corridors)),
        ("Position", f"{node.lat:.4f}° N, {node.lon:.4f}° E (EPSG:4326)"),
        ("Position accuracy", f"±{node.coord_accuracy_km:g} km"),
        ("Position source", node.coord_source),
        ("Position note", node.coord_note or "—"),
        ("About", node.description or "—"),
        ("Sources", node.source or "—"),
    ]


def segment_details(catalog: Catalog, corridor: str, segment_id: str) -> list[tuple[str, str]]:
    """Describe one segment: corridor, ends, mode, branch, geodesic length in km, alignment."""
    seg = catalog.segments[(corridor, segment_id)]
    return [
        ("Corridor", catalog.corridors[corridor].title),
        ("From", catalog.nodes[seg.from_id].name),
        ("To", catalog.nodes[seg.to_id].name),
        ("Mode", seg.mode),
        ("Branch", seg.branch),
        ("Length", f"{seg.length_km:,.1f} km (geodesic)"),
        ("Alignment", seg.alignment),
    ]


def route_details(catalog: Catalog, corridor: str, route_id: str) -> list[tuple[str, str]]:
    """Describe a route (a named chain of segments): title, corridor, segments, length."""
    route = catalog.routes[route_id]
    segments = [catalog.segments[(corridor, s)] for s in route.segments]
    return [
        ("Route", route.title),
        ("Corridor", catalog.corridors[corridor].title),
        ("Segments", "; ".join(catalog.location_title(corridor, s.id) for s in segments)),
        ("Length", f"{sum(s.length_km for s in segments):,.1f} km (geodesic, all segments)"),
    ]


def feature_details(catalog: Catalog, ref: FeatureRef) -> list[tuple[str, str]]:
    """Dispatch on the feature kind; countries get their name and data source."""
    if ref.kind == "node":
        return node_details(catalog, ref.id)
    if ref.kind == "segment":
        return segment_details(catalog, ref.corridor, ref.id)
    if ref.kind == "route":
        return route_details(catalog, ref.corridor, ref.id)
    return [("Country (ISO3)", ref.id), ("Outline", "Natural Earth 1:10m admin-0, simplified")]


def corridor_summary(catalog: Catalog) -> list[dict]:
    """One row per corridor: nodes, segments, sea legs and schematic length in km."""
    rows = []
    for corridor_id, corridor in catalog.corridors.items():
        segments = [s for (c, _), s in catalog.segments.items() if c == corridor_id]
        nodes = {n for s in segments for n in (s.from_id, s.to_id)}
        rows.append({
            "Corridor": corridor.title,
            "Nodes": len(nodes),
            "Segments": len(segments),
            "Sea legs": sum(s.mode == "sea" for s in segments),
            "Length of all branches (km)": round(sum(s.length_km for s in segments)),
        })
    return rows


def series_rows(figures: pd.DataFrame, corridor: str, location: str, start, end
                ) -> list[dict]:
    """Every series' figure of one place and period, for the details panel.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures (``Store.current_figures``).
    corridor, location : str
        The place (``location=""`` for the whole corridor).
    start, end : date-like
        The period's inclusive bounds (exact match, as the map).

    Returns
    -------
    list of dict
        Text cells ``Series``, ``Metric``, ``Value`` (with its unit), ``Period``,
        ``Direction``, ``Source``, ``Quality``; headline series first.
    """
    catalog = load_series_catalog()
    mask = ((figures["corridor"] == corridor) & (figures["location"] == location)
            & (figures["period_start"] == pd.Timestamp(start))
            & (figures["period_end"] == pd.Timestamp(end)))
    rows = figures.loc[mask]
    rows = rows.assign(_rank=[series_rank(corridor, location, u, s, catalog) for u, s in
                              zip(rows["unit"], rows["series"], strict=True)])
    rows = rows.sort_values(["metric", "_rank", "unit"], ascending=[False, True, True])
    return [{"Series": catalog.title(r.series), "Metric": r.metric,
             "Value": format_quantity(r.value, r.unit), "Period": r.period,
             "Direction": r.direction, "Source": r.source, "Quality": r.quality}
            for r in rows.itertuples(index=False)]


def feature_title(catalog: Catalog, ref: FeatureRef) -> str:
    """The clicked feature's name as a person reads it (``Aktau port``, ``Dostyk – Aktogay``)."""
    try:
        if ref.kind == "node":
            return catalog.nodes[ref.id].name
        return catalog.location_title(ref.corridor, ref.id)
    except (KeyError, UnknownLocationError):
        return ref.id


def source_url(source: str) -> str | None:
    """The source as a link target when it is a plain http(s) URL, else ``None`` (a
    citation in words stays text: nothing else is ever put in a link)."""
    text = (source or "").strip()
    if text.startswith(("https://", "http://")) and not any(c.isspace() for c in text):
        return text
    return None


def _at_place(figures: pd.DataFrame, ref: FeatureRef) -> pd.DataFrame:
    mask = figures["location"] == ref.id
    if ref.kind != "node" and ref.corridor:
        mask &= figures["corridor"] == ref.corridor
    return figures.loc[mask]


def place_figure_rows(figures: pd.DataFrame, catalog: Catalog, ref: FeatureRef,
                      start, end) -> list[dict]:
    """Every figure stored for the clicked place over exactly ``start``..``end`` (each
    metric, unit, direction and series), for the details panel.

    Rows hold text only: ``Figure`` (what it measures), ``Amount`` (``4.5 Mt``),
    ``Change`` (``+62% on 2023``, the same span a year before, or empty),
    ``Exact`` (``4,484,000 t``), ``Quality``, ``Source`` (an http(s) URL or ``None``),
    ``Citation`` (a source in words) and ``Note``.
    """
    here = _at_place(figures, ref)
    here = here[(here["period_start"] == pd.Timestamp(start))
                & (here["period_end"] == pd.Timestamp(end))]
    rows = []
    for row in here.sort_values(["metric", "unit", "corridor"], ascending=[False, True,
                                                                         True]).itertuples():
        what = [METRIC_WORDS.get(row.metric, row.metric)]
        if getattr(row, "series", ""):
            what.append(str(row.series))
        if row.direction != "both":
            what.append(row.direction)
        corridor = catalog.corridors.get(row.corridor)
        what.append(corridor.short_title if corridor else row.corridor)
        url = source_url(row.source)
        previous, previous_period = year_before(figures, row)
        change = format_change(row.value, previous)
        rows.append({"Figure": ", ".join(what), "Amount": format_amount(row.value, row.unit),
                     "Change": f"{change} on {previous_period}" if change else "",
                     "Exact": format_quantity(row.value, row.unit), "Quality": row.quality,
                     "Source": url, "Citation": "" if url else row.source,
                     "Note": row.note})
    return rows


def place_history_spec(figures: pd.DataFrame, ref: FeatureRef, *, metric: str, unit: str,
                       kind: str, title: str, colour) -> dict | None:
    """A small Vega-Lite chart of the place's figures across periods of one ``kind``
    (years by default), one line per corridor; ``None`` with fewer than two points.

    Values in ``unit`` per period; a year without a figure breaks the line (missing is
    never drawn as a straight line across years).
    """
    here = _at_place(figures, ref)
    here = here[(here["metric"] == metric) & (here["unit"] == unit)
                & (here["direction"] == "both")]
    if kind == "year":
        here = here[(here["period_start"].dt.is_year_start)
                    & (here["period_end"].dt.is_year_end)
                    & (here["period_start"].dt.year == here["period_end"].dt.year)]
    if len(here) < 2:
        return None
    here = here.sort_values("period_start")
    values = []
    for corridor, rows in here.groupby("corridor", sort=True):
        previous, run = None, 0
        for row in rows.itertuples():
            if previous is not None and row.period_start.year - previous > 1:
                run += 1  # a year without a figure: the line breaks (one line per run)
            values.append({"period": row.period_start.strftime("%Y-%m-%d"),
                           "label": row.period, "value": float(row.value),
                           "amount": format_amount(row.value, row.unit),
                           "run": f"{corridor}#{run}"})
            previous = row.period_start.year
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "fontSize": 12}, "height": 140,
        "data": {"values": values},
        "mark": {"type": "line", "point": True,
                 "color": "#{:02X}{:02X}{:02X}".format(*list(colour)[:3])},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "title": None,
                  "axis": {"format": "%Y", "tickCount": "year"}},
            "y": {"field": "value", "type": "quantitative", "title": unit,
                  "axis": {"format": "~s"}},
            "detail": {"field": "run"},
            "tooltip": [{"field": "label", "title": "Period"},
                        {"field": "amount", "title": "Amount"}],
        },
    }
