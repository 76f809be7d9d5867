"""Everything the Timeline page shows, computed from canonical figures (no streamlit).

A *selection* is where the series come from: both corridors as whole routes (the
default), or one location (node, segment or route) on whichever corridors report it.
Values are in the chosen unit (t, TEU or trains) per period; shares and changes in percent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from corridors.domain.catalog import Catalog, UnknownLocationError
from corridors.domain.formatting import format_quantity
from corridors.domain.records import PERIOD_KIND_TITLES
from corridors.domain.selection import selection_location
from corridors.domain.series_catalog import load_series_catalog
from corridors.ingest import neutralise_formula
from corridors.timeline.comparisons import share_from_series, utilisation, year_on_year
from corridors.timeline.series import build_series
from corridors.timeline.statements import statement_notes

WHOLE_CORRIDORS = ""
CSV_COLUMNS = ["series", "period", "period_start", "period_end", "value", "unit", "partial",
               "basis", "quality", "source", "note"]


@dataclass(frozen=True)
class TimelineView:
    """The Timeline page's data: series, capacity, change, share, utilisation."""

    title: str
    series: pd.DataFrame
    capacity: pd.DataFrame
    yoy: pd.DataFrame
    share: pd.DataFrame
    utilisation: pd.DataFrame
    left_out: int
    notes: list[str] = field(default_factory=list)
    #: units in which a corridor without a figure in the chosen unit has some
    other_units: list[str] = field(default_factory=list)
    #: published statements about the corridors shown, each with what the series give
    statements: list[str] = field(default_factory=list)


def location_options(figures: pd.DataFrame, catalog: Catalog) -> dict[str, str]:
    """Selectable locations that have figures: ``{location id: title}``, whole corridors
    first (key ``""``), then places by title."""
    options = {WHOLE_CORRIDORS: "Both corridors (whole routes)"}
    titled = {}
    for corridor, location in figures[["corridor", "location"]].drop_duplicates().itertuples(
            index=False):
        if location and location not in titled:
            try:
                titled[location] = catalog.location_title(corridor, location)
            except UnknownLocationError:
                titled[location] = location
    options.update(sorted(titled.items(), key=lambda item: item[1]))
    return options


def selection_from_param(text: str, options: dict[str, str]) -> str:
    """The location named by a map selection (``node:dostyk``, ``segment:middle:a--b``,
    ``route:middle:btk``) or a bare id, if it has figures; else whole corridors."""
    location = selection_location(text) or WHOLE_CORRIDORS
    return location if location in options else WHOLE_CORRIDORS


def series_options(figures: pd.DataFrame, *, location: str, metric: str, unit: str
                   ) -> dict[str, str]:
    """Series with figures for a selection: ``{slug: title}``, headline series first.

    The choice of series to show; ``headline_series`` gives the default choice.
    """
    catalog = load_series_catalog()
    mask = ((figures["metric"] == metric) & (figures["unit"] == unit)
            & (figures["location"] == location))
    slugs = figures.loc[mask, "series"].drop_duplicates().tolist()
    headline = {slug for (_, u), slug in catalog.headlines().items() if u == unit}
    # headline series first, then the catalog's order (by corridor, closest scope first)
    order = {slug: i for i, slug in enumerate(catalog.series)}
    slugs.sort(key=lambda s: (s not in headline, order.get(s, len(order)), s))
    return {slug: catalog.title(slug) for slug in slugs}


def default_series(figures: pd.DataFrame, options: dict[str, str], unit: str, *,
                   with_plans: bool = False, today=None) -> list[str]:
    """The series a Timeline shows before the reader chooses: per corridor, its headline
    series in ``unit`` where it has figures here, else the corridor's series listed first
    in ``geodata/series.toml`` (so a corridor whose headline does not count this place
    still shows one line, never none and never all).

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures of the selection (any metric and unit).
    options : dict
        :func:`series_options` of the selection.
    unit : str
        The chosen unit.
    with_plans : bool
        Also every series with a figure for a period that has not begun (plans and
        targets: shown when the reader asks for plans).
    """
    catalog = load_series_catalog()
    headline = set(headline_series(options, unit))
    order = list(catalog.series)
    owner = {s.slug: s.corridor for s in catalog.series.values()}
    present = figures.drop_duplicates("series")
    owner.update(zip(present["series"], present["corridor"], strict=True))
    chosen = []
    for corridor in dict.fromkeys(owner.get(slug, "") for slug in options):
        mine = [slug for slug in options if owner.get(slug, "") == corridor]
        top = [slug for slug in mine if slug in headline] or sorted(
            mine, key=lambda slug: order.index(slug) if slug in order else len(order))[:1]
        chosen += top
    if with_plans:
        today = pd.Timestamp(today or pd.Timestamp.now().normalize())
        chosen += figures.loc[figures["period_start"] > today, "series"].tolist()
    return [slug for slug in options if slug in chosen]


def headline_series(options: dict[str, str], unit: str) -> list[str]:
    """The slugs of ``options`` that are a corridor's headline series in ``unit``."""
    headlines = set(load_series_catalog().headlines().items())
    return [slug for slug in options
            if any((key[1], value) == (unit, slug) for key, value in headlines)]


def without_plans(frame: pd.DataFrame, today=None) -> pd.DataFrame:
    """Leave out figures of periods that have not begun (plans, targets, forecasts)."""
    if frame.empty:
        return frame
    today = pd.Timestamp(today or pd.Timestamp.now().normalize())
    return frame[frame["period_start"] <= today]


def missing_corridors(figures: pd.DataFrame, catalog: Catalog, *, location: str,
                      metric: str, unit: str) -> tuple[list[str], list[str]]:
    """Sentences for each corridor with no ``metric`` figure in ``unit`` at ``location``
    (``""``: the whole corridor), naming the units in which it has some; and those units."""
    here = figures[(figures["location"] == location) & (figures["metric"] == metric)
                   & (figures["direction"] == "both")]
    corridors = (catalog.corridors if location == WHOLE_CORRIDORS
                 else {c: catalog.corridors[c] for c in here["corridor"].unique()
                       if c in catalog.corridors})
    notes, units = [], []
    for corridor_id, corridor in corridors.items():
        mine = here[here["corridor"] == corridor_id]
        if (mine["unit"] == unit).any():
            continue
        others = mine["unit"].value_counts().index.tolist()
        units += [u for u in others if u not in units]
        offer = (f"it has figures in {', '.join(others)}: choose that unit to see it"
                 if others else "it has none in any unit")
        whole = location == WHOLE_CORRIDORS
        notes.append(f"The {corridor.title} has no {'whole-route ' if whole else ''}{metric} "
                     f"figure in {unit}{'' if whole else ' here'}; {offer}.")
    return notes, units


def build_timeline(figures: pd.DataFrame, *, location: str, metric: str, unit: str,
                   granularity: str, title: str, series=None, show_plans: bool = True,
                   catalog: Catalog | None = None) -> TimelineView:
    """Compute the Timeline page's frames for one selection.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical current figures (``Store.current_figures``).
    location : str
        ``""`` for both corridors as whole routes, else a node, segment or route id.
    metric, unit, granularity : str
        ``volume``/``capacity``; ``t``/``TEU``/``trains``; year/half/quarter/month.
    title : str
        Human title of the selection, for chart titles.
    series : iterable of str, optional
        Slugs of the series to draw (one line each); None draws every series.
    show_plans : bool
        Keep figures of periods that have not begun (plans and targets, such as 2030).
    catalog : Catalog, optional
        For the sentences about a corridor that has no figure in this unit.
    """
    every = build_series(figures, location=location, metric=metric, unit=unit,
                         granularity=granularity)
    series = every if series is None else _lines_of(every, series)
    capacity = (build_series(figures, location=location, metric="capacity", unit=unit,
                             granularity=granularity) if metric == "volume" else series.iloc[0:0])
    if not show_plans:
        series, capacity = without_plans(series), without_plans(capacity)
        every = without_plans(every)
    # the share compares the corridors' headline series, whichever lines are drawn
    share = (share_from_series(every, unit)
             if location == WHOLE_CORRIDORS and metric == "volume" else pd.DataFrame())
    util = utilisation(series, capacity) if not capacity.empty else pd.DataFrame()
    notes, other_units = (missing_corridors(figures, catalog, location=location,
                                            metric=metric, unit=unit)
                          if catalog is not None else ([], []))
    if series.attrs.get("left_out"):
        notes.append(f"{series.attrs['left_out']} figure(s) cover periods that do not fit "
                     f"{PERIOD_KIND_TITLES[granularity].lower()} (coarser, or spanning two "
                     "periods) and are not drawn; choose another granularity to see them.")
    if series["partial"].any():
        notes.append("Hollow diamonds are partial: a year-to-date range or a period only "
                     "partly covered. They are never added to full periods.")
    reported = series[series["quality"] == "reported"]
    if len(reported) < len(series):
        notes.append("Hollow triangles are estimates, plans or targets (quality "
                     "'estimate'): never joined to the reported line, never in the "
                     "year-on-year change.")
    statements = (statement_notes(figures, set(figures["corridor"]))
                  if location == WHOLE_CORRIDORS and metric == "volume" else [])
    return TimelineView(title, series, capacity, year_on_year(reported), share, util,
                        int(series.attrs.get("left_out", 0)), notes, other_units, statements)


def _lines_of(series: pd.DataFrame, slugs) -> pd.DataFrame:
    """The rows of ``series`` that draw one of ``slugs`` (``attrs`` kept)."""
    out = series[series["slug"].isin(list(slugs))]
    out.attrs = dict(series.attrs)
    return out


def chart_data_csv(series: pd.DataFrame) -> bytes:
    """The chart's data as CSV (UTF-8), text cells neutralised against formula injection."""
    table = series.reindex(columns=CSV_COLUMNS).copy()
    for column in ("series", "basis", "quality", "source", "note"):
        table[column] = table[column].fillna("").astype(str).map(neutralise_formula)
    for column in ("period_start", "period_end"):
        table[column] = pd.to_datetime(table[column]).dt.strftime("%Y-%m-%d")
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def point_rows(series: pd.DataFrame, catalog: Catalog | None = None) -> list[dict]:
    """Rows for the page's table of chart points (text cells; value with its unit)."""
    from corridors.timeline.charts import series_title  # Altair: see chart_specs

    return [{"Series": series_title(r.series, catalog), "Period": r.period_label,
             "Value": format_quantity(r.value, r.unit), "Partial": "partial" if r.partial else "",
             "Basis": r.basis, "Quality": r.quality, "Source": r.source, "Note": r.note}
            for r in series.itertuples(index=False)]


DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def event_rows(events: pd.DataFrame) -> list[dict]:
    """Rows for the events table: the date only as precise as its source, title, source."""
    return [{"No.": r.number, "Date": r.date.strftime(DATE_FORMATS[r.precision]),
             "Event": r.title,
             "What happened": r.description, "Source": r.source}
            for r in events.itertuples(index=False)]


def chart_specs(view: TimelineView, events: pd.DataFrame | None, *,
                location: str, metric: str, catalog: Catalog | None = None,
                validate: bool = False) -> dict[str, dict]:
    """The Timeline page's Vega-Lite specs (data inline), built once per selection.

    ``main`` always; ``yoy``; ``side`` is the Middle Corridor's share (both corridors,
    volumes) or the utilisation of capacity, or absent when neither applies. Building
    Altair charts costs ~100 ms, so the page caches these dicts. ``validate`` checks
    them against the Vega-Lite schema (the tests do; the same dicts either way): on the
    page that check was a third of a cache miss at 1,000,000 figures (issue 17).
    """
    # Altair is imported here, not with this module: the Map page imports the Timeline's
    # widgets through corridors.ui and never draws a chart; Altair took 0.4 s of a fresh
    # server's first Map page (issue 17).
    from corridors.timeline.charts import (
        share_chart,
        timeline_chart,
        utilisation_chart,
        yoy_chart,
    )

    def spec(chart) -> dict:
        return chart.to_dict(validate=validate)

    specs = {
        "main": spec(timeline_chart(view.series, events, capacity=view.capacity,
                                    title=view.title, catalog=catalog)),
        "yoy": spec(yoy_chart(view.yoy, catalog=catalog)),
    }
    if location == WHOLE_CORRIDORS and metric == "volume":
        specs["side"] = spec(share_chart(view.share, catalog=catalog))
    elif not view.utilisation.empty:
        specs["side"] = spec(utilisation_chart(view.utilisation, catalog=catalog))
    return specs
