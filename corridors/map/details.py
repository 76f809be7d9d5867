"""What the map's side panel says about a clicked node, segment or country.

Plain (label, value) pairs: the page renders them as a table, never as HTML or
markdown. Lengths in km, coordinates in EPSG:4326 degrees.
"""

from __future__ import annotations

import pandas as pd

from corridors.domain.catalog import Catalog, UnknownLocationError
from corridors.domain.formatting import (
    amount_axis,
    format_amount,
    format_change,
    format_number,
    format_period,
    format_quantity,
    format_unit,
    with_locale,
)
from corridors.domain.i18n import N_, gettext_for
from corridors.domain.records import DIRECTION_TITLES, MODE_TITLES, QUALITY_TITLES
from corridors.domain.selection import FeatureRef
from corridors.domain.series_catalog import load_series_catalog
from corridors.geo.display import ALIGNMENT_TITLES, ROLE_TITLES
from corridors.map.period_figures import series_rank, year_before

#: What a figure measures, in words, by metric (msgids).
METRIC_WORDS = {"volume": N_("Volume"), "capacity": N_("Capacity")}
#: Headers of the details table (msgids; ``ui.text_table`` translates them).
DETAIL_HEADERS = (N_("Field"), N_("Value"))


def node_details(catalog: Catalog, node_id: str, lang: str = "en") -> list[tuple[str, str]]:
    """Describe one node: names, role, country, corridors and where its position comes
    from; our words in ``lang`` (descriptions and sources stay as the geodata has them)."""
    _ = gettext_for(lang)
    node = catalog.nodes[node_id]
    accuracy = (f"{node.coord_accuracy_km:g}" if lang == "en"
                else format_number(node.coord_accuracy_km, lang))
    return [
        (_("Name"), node.name_in(lang)),
        *([(_("English"), node.name)] if lang != "en" else []),
        (_("Russian"), node.name_ru or "—"),
        (_("Kazakh"), node.name_kk or "—"),
        (_("Role"), _(ROLE_TITLES.get(node.role, node.role))),
        (_("Country (ISO3)"), node.country),
        (_("Corridors"), ", ".join(catalog.corridors[c].title_in(lang)
                                    for c in node.corridors)),
        (_("Position"), f"{node.lat:.4f}° N, {node.lon:.4f}° E (EPSG:4326)"),
        (_("Position accuracy"), f"±{accuracy} " + _("km")),
        (_("Position source"), node.coord_source),
        (_("Position note"), node.coord_note or "—"),
        (_("About"), node.description or "—"),
        (_("Sources"), node.source or "—"),
    ]


def _branch(catalog: Catalog, branch: str, lang: str) -> str:
    if branch in catalog.nodes:
        return catalog.nodes[branch].name_in(lang)
    _ = gettext_for(lang)
    return _("main line") if branch == "main" else branch


def segment_details(catalog: Catalog, corridor: str, segment_id: str,
                    lang: str = "en") -> list[tuple[str, str]]:
    """Describe one segment: corridor, ends, mode, branch, geodesic length in km,
    alignment; in ``lang``."""
    _ = gettext_for(lang)
    seg = catalog.segments[(corridor, segment_id)]
    alignment = _(seg.alignment) if seg.alignment in ALIGNMENT_TITLES else seg.alignment
    return [
        (_("Corridor"), catalog.corridors[corridor].title_in(lang)),
        (_("From"), catalog.nodes[seg.from_id].name_in(lang)),
        (_("To"), catalog.nodes[seg.to_id].name_in(lang)),
        (_("Mode"), _(MODE_TITLES.get(seg.mode, seg.mode))),
        (_("Branch"), _branch(catalog, seg.branch, lang) if lang != "en" else seg.branch),
        (_("Length"), _("{length} km (geodesic)").format(
            length=format_number(seg.length_km, lang, 1))),
        (_("Alignment"), alignment),
    ]


def route_details(catalog: Catalog, corridor: str, route_id: str,
                  lang: str = "en") -> list[tuple[str, str]]:
    """Describe a route (a named chain of segments): title, corridor, segments, length."""
    _ = gettext_for(lang)
    route = catalog.routes[route_id]
    segments = [catalog.segments[(corridor, s)] for s in route.segments]
    return [
        (_("Route"), catalog.location_title(corridor, route_id, lang)),
        (_("Corridor"), catalog.corridors[corridor].title_in(lang)),
        (_("Segments"), "; ".join(catalog.location_title(corridor, s.id, lang)
                                  for s in segments)),
        (_("Length"), _("{length} km (geodesic, all segments)").format(
            length=format_number(sum(s.length_km for s in segments), lang, 1))),
    ]


def feature_details(catalog: Catalog, ref: FeatureRef, lang: str = "en") -> list[tuple[str, str]]:
    """Dispatch on the feature kind; countries get their name and data source."""
    if ref.kind == "node":
        return node_details(catalog, ref.id, lang)
    if ref.kind == "segment":
        return segment_details(catalog, ref.corridor, ref.id, lang)
    if ref.kind == "route":
        return route_details(catalog, ref.corridor, ref.id, lang)
    _ = gettext_for(lang)
    return [(_("Country (ISO3)"), ref.id),
            (_("Outline"), _("Natural Earth 1:10m admin-0, simplified"))]


def corridor_summary(catalog: Catalog, lang: str = "en") -> list[dict]:
    """One row per corridor: nodes, segments, sea legs and schematic length in km; the
    headers and corridor titles in ``lang``."""
    _ = gettext_for(lang)
    rows = []
    for corridor_id, corridor in catalog.corridors.items():
        segments = [s for (c, _id), s in catalog.segments.items() if c == corridor_id]
        nodes = {n for s in segments for n in (s.from_id, s.to_id)}
        rows.append({
            _("Corridor"): corridor.title_in(lang),
            _("Nodes"): len(nodes),
            _("Segments"): len(segments),
            _("Sea legs"): sum(s.mode == "sea" for s in segments),
            _("Length of all branches (km)"): round(sum(s.length_km for s in segments)),
        })
    return rows


def series_rows(figures: pd.DataFrame, corridor: str, location: str, start, end,
                lang: str = "en") -> list[dict]:
    """Every series' figure of one place and period, for the details panel (our words,
    numbers and periods in ``lang``).

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
    _ = gettext_for(lang)
    catalog = load_series_catalog()
    mask = ((figures["corridor"] == corridor) & (figures["location"] == location)
            & (figures["period_start"] == pd.Timestamp(start))
            & (figures["period_end"] == pd.Timestamp(end)))
    rows = figures.loc[mask]
    rows = rows.assign(_rank=[series_rank(corridor, location, u, s, catalog) for u, s in
                              zip(rows["unit"], rows["series"], strict=True)])
    rows = rows.sort_values(["metric", "_rank", "unit"], ascending=[False, True, True])
    return [{"Series": catalog.title(r.series, lang),
             "Metric": r.metric if lang == "en" else _(METRIC_WORDS.get(r.metric, r.metric)),
             "Value": format_quantity(r.value, r.unit, lang),
             "Period": format_period(r.period, lang),
             "Direction": r.direction if lang == "en"
             else _(DIRECTION_TITLES.get(r.direction, r.direction)),
             "Source": r.source, "Quality": _(QUALITY_TITLES.get(r.quality, r.quality))}
            for r in rows.itertuples(index=False)]


def feature_title(catalog: Catalog, ref: FeatureRef, lang: str = "en") -> str:
    """The clicked feature's name as a person reads it (``Aktau port``, ``Dostyk – Aktogay``),
    in ``lang``."""
    try:
        if ref.kind == "node":
            return catalog.nodes[ref.id].name_in(lang)
        return catalog.location_title(ref.corridor, ref.id, lang)
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
                      start, end, lang: str = "en") -> list[dict]:
    """Every figure stored for the clicked place over exactly ``start``..``end`` (each
    metric, unit, direction and series), for the details panel, in ``lang``.

    Rows hold text only: ``Figure`` (what it measures), ``Amount`` (``4.5 Mt``),
    ``Change`` (``+62% on 2023``, the same span a year before, or empty),
    ``Exact`` (``4,484,000 t``), ``Quality``, ``Source`` (an http(s) URL or ``None``),
    ``Citation`` (a source in words) and ``Note``.
    """
    _ = gettext_for(lang)
    here = _at_place(figures, ref)
    here = here[(here["period_start"] == pd.Timestamp(start))
                & (here["period_end"] == pd.Timestamp(end))]
    rows = []
    for row in here.sort_values(["metric", "unit", "corridor"], ascending=[False, True,
                                                                         True]).itertuples():
        what = [_(METRIC_WORDS[row.metric]) if row.metric in METRIC_WORDS else row.metric]
        if getattr(row, "series", ""):
            # English keeps the slug it showed before; the others the series' title
            what.append(str(row.series) if lang == "en"
                        else load_series_catalog().title(row.series, lang))
        if row.direction != "both":
            what.append(_(DIRECTION_TITLES.get(row.direction, row.direction)))
        corridor = catalog.corridors.get(row.corridor)
        what.append((corridor.title_in(lang) if lang != "en" else corridor.short_title)
                    if corridor else row.corridor)
        url = source_url(row.source)
        previous, previous_period = year_before(figures, row)
        change = format_change(row.value, previous, lang)
        rows.append({"Figure": ", ".join(what),
                     "Amount": format_amount(row.value, row.unit, lang),
                     "Change": _("{change} on {period}").format(
                         change=change, period=format_period(previous_period, lang))
                     if change else "",
                     "Exact": format_quantity(row.value, row.unit, lang),
                     "Quality": _(QUALITY_TITLES.get(row.quality, row.quality)),
                     "Source": url, "Citation": "" if url else row.source,
                     "Note": row.note})
    return rows


def place_history_spec(figures: pd.DataFrame, ref: FeatureRef, *, metric: str, unit: str,
                       kind: str, title: str, colour, lang: str = "en") -> dict | None:
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
    _ = gettext_for(lang)
    values = []
    for corridor, rows in here.groupby("corridor", sort=True):
        previous, run = None, 0
        for row in rows.itertuples():
            if previous is not None and row.period_start.year - previous > 1:
                run += 1  # a year without a figure: the line breaks (one line per run)
            values.append({"period": row.period_start.strftime("%Y-%m-%d"),
                           "label": format_period(row.period, lang),
                           "value": float(row.value),
                           "amount": format_amount(row.value, row.unit, lang),
                           "run": f"{corridor}#{run}"})
            previous = row.period_start.year
    return with_locale({
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "fontSize": 12}, "height": 140,
        "data": {"values": values},
        "mark": {"type": "line", "point": True,
                 "color": "#{:02X}{:02X}{:02X}".format(*list(colour)[:3])},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "title": None,
                  "axis": {"format": "%Y", "tickCount": "year"}},
            "y": {"field": "value", "type": "quantitative",
                  "title": format_unit(unit, lang),
                  "axis": {"format": "~s"} if lang == "en" else amount_axis(lang)},
            "detail": {"field": "run"},
            "tooltip": [{"field": "label", "title": _("Period")},
                        {"field": "amount", "title": _("Amount")}],
        },
    }, lang)
