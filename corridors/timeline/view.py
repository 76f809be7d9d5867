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
from corridors.domain.formatting import format_date, format_period, format_quantity, format_unit
from corridors.domain.i18n import N_, gettext_for, translator
from corridors.domain.records import PERIOD_KIND_TITLES, QUALITY_TITLES
from corridors.domain.selection import selection_location
from corridors.ingest import neutralise_formula
from corridors.timeline.chart_locale import with_locale
from corridors.timeline.charts import (
    series_title,
    share_chart,
    timeline_chart,
    utilisation_chart,
    yoy_chart,
)
from corridors.timeline.comparisons import share_from_series, utilisation, year_on_year
from corridors.timeline.series import build_series

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


def location_options(figures: pd.DataFrame, catalog: Catalog,
                     lang: str = "en") -> dict[str, str]:
    """Selectable locations that have figures: ``{location id: title}``, whole corridors
    first (key ``""``), then places by title; titles in ``lang``."""
    _ = gettext_for(lang)
    options = {WHOLE_CORRIDORS: _("Both corridors (whole routes)")}
    titled = {}
    for corridor, location in figures[["corridor", "location"]].drop_duplicates().itertuples(
            index=False):
        if location and location not in titled:
            try:
                titled[location] = catalog.location_title(corridor, location, lang)
            except UnknownLocationError:
                titled[location] = location
    options.update(sorted(titled.items(), key=lambda item: item[1]))
    return options


def selection_from_param(text: str, options: dict[str, str]) -> str:
    """The location named by a map selection (``node:dostyk``, ``segment:middle:a--b``,
    ``route:middle:btk``) or a bare id, if it has figures; else whole corridors."""
    location = selection_location(text) or WHOLE_CORRIDORS
    return location if location in options else WHOLE_CORRIDORS


def without_plans(frame: pd.DataFrame, today=None) -> pd.DataFrame:
    """Leave out figures of periods that have not begun (plans, targets, forecasts)."""
    if frame.empty:
        return frame
    today = pd.Timestamp(today or pd.Timestamp.now().normalize())
    return frame[frame["period_start"] <= today]


def missing_corridors(figures: pd.DataFrame, catalog: Catalog, *, location: str,
                      metric: str, unit: str, lang: str = "en",
                      ) -> tuple[list[str], list[str]]:
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
        if lang == "en":  # the sentence as it was before the languages
            offer = (f"; it has figures in {', '.join(others)}" if others
                     else "; it has none in any unit")
            notes.append(f"The {corridor.title} has no {metric} figure in {unit} here{offer}.")
            continue
        _ = gettext_for(lang)
        names = {"corridor": corridor.title_in(lang), "unit": format_unit(unit, lang),
                 "others": ", ".join(format_unit(u, lang) for u in others)}
        template = (MISSING_SENTENCES[metric][bool(others)] if metric in MISSING_SENTENCES
                    else MISSING_SENTENCES["volume"][bool(others)])
        notes.append(_(template).format(**names))
    return notes, units


def build_timeline(figures: pd.DataFrame, *, location: str, metric: str, unit: str,
                   granularity: str, title: str, show_plans: bool = True,
                   catalog: Catalog | None = None, lang: str = "en") -> TimelineView:
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
    show_plans : bool
        Keep figures of periods that have not begun (plans and targets, such as 2030).
    catalog : Catalog, optional
        For the sentences about a corridor that has no figure in this unit.
    lang : str
        Language of the notes (``en``, ``ru``, ``kk``); the frames stay canonical.
    """
    series = build_series(figures, location=location, metric=metric, unit=unit,
                          granularity=granularity)
    capacity = (build_series(figures, location=location, metric="capacity", unit=unit,
                             granularity=granularity) if metric == "volume" else series.iloc[0:0])
    if not show_plans:
        series, capacity = without_plans(series), without_plans(capacity)
    share = (share_from_series(series, unit)
             if location == WHOLE_CORRIDORS and metric == "volume" else pd.DataFrame())
    util = utilisation(series, capacity) if not capacity.empty else pd.DataFrame()
    notes, other_units = (missing_corridors(figures, catalog, location=location,
                                            metric=metric, unit=unit, lang=lang)
                          if catalog is not None else ([], []))
    t = translator(lang)
    if series.attrs.get("left_out"):
        count = int(series.attrs["left_out"])
        notes.append(t.ngettext(
            "{n} figure covers periods that do not fit {kinds} (coarser, or spanning two "
            "periods) and is not drawn; choose another granularity to see it.",
            "{n} figures cover periods that do not fit {kinds} (coarser, or spanning two "
            "periods) and are not drawn; choose another granularity to see them.",
            count).format(n=count, kinds=t.gettext(PERIOD_KIND_TITLES[granularity]).lower()))
    if series["partial"].any():
        notes.append(t.gettext("Hollow diamonds are partial: a year-to-date range or a "
                               "period only partly covered. They are never added to full "
                               "periods."))
    reported = series[series["quality"] == "reported"]
    if len(reported) < len(series):
        notes.append(t.gettext("Hollow triangles are estimates, plans or targets (quality "
                               "'estimate'): never joined to the reported line, never in "
                               "the year-on-year change."))
    return TimelineView(title, series, capacity, year_on_year(reported), share, util,
                        int(series.attrs.get("left_out", 0)), notes, other_units)


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


#: Headers of the page's tables (msgids; ``ui.text_table`` shows them translated).
TABLE_HEADERS = (N_("Series"), N_("Period"), N_("Value"), N_("Partial"), N_("Basis"),
                 N_("Quality"), N_("Source"), N_("Note"), N_("No."), N_("Date"),
                 N_("Event"), N_("What happened"))
#: "The Northern Corridor has no volume figure in t here" (and what it has instead),
#: by metric and by whether it has figures in other units.
MISSING_SENTENCES = {
    "volume": {True: N_("The {corridor} has no volume figure in {unit} here; it has "
                        "figures in {others}."),
               False: N_("The {corridor} has no volume figure in {unit} here; it has none "
                         "in any unit.")},
    "capacity": {True: N_("The {corridor} has no capacity figure in {unit} here; it has "
                          "figures in {others}."),
                 False: N_("The {corridor} has no capacity figure in {unit} here; it has "
                           "none in any unit.")},
}


def _leaves(kind: str, n: int, t) -> str:
    """``4 quarters`` in the language of the translations ``t``, with its plural form."""
    if kind == "month":
        return t.ngettext("{n} month", "{n} months", n).format(n=n)
    if kind == "quarter":
        return t.ngettext("{n} quarter", "{n} quarters", n).format(n=n)
    if kind == "half":
        return t.ngettext("{n} half-year", "{n} half-years", n).format(n=n)
    return t.ngettext("{n} year", "{n} years", n).format(n=n)


#: The English nouns of ``corridors.timeline.series`` (``sum of 2 halves``), by kind.
_LEAF_KINDS = {"month": "month", "months": "month", "quarter": "quarter",
               "quarters": "quarter", "half": "half", "halves": "half", "year": "year",
               "years": "year"}


def basis_text(basis: str, lang: str = "en") -> str:
    """How a point was made (``sum of 4 quarters``, ``reported for 2024-Q1``...) in
    ``lang``; a text this function does not know is returned as it is."""
    if lang == "en" or not basis:
        return basis
    t = translator(lang)
    if basis == "reported for the period":
        return t.gettext("reported for the period")
    if basis == "reported cumulative range":
        return t.gettext("reported cumulative range")
    if basis.startswith("reported for "):
        return t.gettext("reported for {period}").format(
            period=format_period(basis.removeprefix("reported for "), lang))
    if basis.startswith("sum of "):
        parts = []
        for part in basis.removeprefix("sum of ").split(" and "):
            count, _sp, noun = part.partition(" ")
            kind = _LEAF_KINDS.get(noun)
            if kind is None or not count.isdigit():
                return basis
            parts.append(_leaves(kind, int(count), t))
        return t.gettext("sum of {parts}").format(parts=t.gettext(" and ").join(parts))
    return basis


def localise_points(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A copy of a series frame whose ``period_label`` (and ``previous_period``,
    ``basis``) read in ``lang``: ``I кв. 2024``, ``2024 ж. І тоқсан``. English and an
    empty frame are returned unchanged; the canonical ``period`` stays."""
    if lang == "en" or frame.empty or "period" not in frame:
        return frame
    partial = translator(lang).gettext("partial")
    out = frame.copy()
    labels = out["period"].map(lambda p: format_period(p, lang) if p else "")
    if "partial" in out:
        labels = labels.where(~out["partial"].astype(bool), labels + ", " + partial)
    out["period_label"] = labels.where(labels != "", out.get("period_label", labels))
    if "previous_period" in out:
        out["previous_period"] = out["previous_period"].map(
            lambda p: format_period(p, lang) if isinstance(p, str) else p)
    if "basis" in out:
        out["basis"] = out["basis"].map(lambda b: basis_text(b, lang)
                                        if isinstance(b, str) else b)
    return out


def point_rows(series: pd.DataFrame, catalog: Catalog | None = None,
               lang: str = "en") -> list[dict]:
    """Rows for the page's table of chart points (text cells; value with its unit; our
    words, numbers and periods in ``lang``)."""
    quality = gettext_for(lang)
    partial = quality("partial")
    return [{"Series": series_title(r.series, catalog, lang), "Period": r.period_label,
             "Value": format_quantity(r.value, r.unit, lang),
             "Partial": partial if r.partial else "",
             "Basis": r.basis, "Quality": quality(QUALITY_TITLES.get(r.quality, r.quality)),
             "Source": r.source, "Note": r.note}
            for r in localise_points(series, lang).itertuples(index=False)]


DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _event_date(date: pd.Timestamp, precision: str, lang: str) -> str:
    if lang == "en" or precision == "year":
        return date.strftime(DATE_FORMATS[precision])
    if precision == "month":
        return format_period(date.strftime("%Y-%m"), lang)
    return format_date(date.date(), lang)


def event_rows(events: pd.DataFrame, lang: str = "en") -> list[dict]:
    """Rows for the events table: the date only as precise as its source (written as
    ``lang`` writes dates), title, source. Titles and descriptions are the events file's
    own (English) text."""
    return [{"No.": r.number, "Date": _event_date(r.date, r.precision, lang),
             "Event": r.title,
             "What happened": r.description, "Source": r.source}
            for r in events.itertuples(index=False)]


def chart_specs(view: TimelineView, events: pd.DataFrame | None, *,
                location: str, metric: str, catalog: Catalog | None = None,
                lang: str = "en") -> dict[str, dict]:
    """The Timeline page's Vega-Lite specs (data inline), built once per selection.

    ``main`` always; ``yoy``; ``side`` is the Middle Corridor's share (both corridors,
    volumes) or the utilisation of capacity, or absent when neither applies. Building
    and validating Altair charts costs ~100 ms, so the page caches these dicts. Texts,
    numbers, periods and the axes' own formats are in ``lang``.
    """
    def local(frame: pd.DataFrame) -> pd.DataFrame:
        return localise_points(frame, lang)

    specs = {
        "main": timeline_chart(local(view.series), events, capacity=local(view.capacity),
                               title=view.title, catalog=catalog, lang=lang).to_dict(),
        "yoy": yoy_chart(local(view.yoy), catalog=catalog, lang=lang).to_dict(),
    }
    if location == WHOLE_CORRIDORS and metric == "volume":
        specs["side"] = share_chart(local(view.share), catalog=catalog, lang=lang).to_dict()
    elif not view.utilisation.empty:
        specs["side"] = utilisation_chart(local(view.utilisation), catalog=catalog,
                                          lang=lang).to_dict()
    return {name: with_locale(spec, lang) for name, spec in specs.items()}
