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
from corridors.domain.formatting import (
    format_date,
    format_period,
    format_quantity,
    format_unit,
    with_locale,
)
from corridors.domain.i18n import N_, gettext_for, translator
from corridors.domain.records import PERIOD_KIND_TITLES, QUALITY_TITLES
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


def series_options(figures: pd.DataFrame, *, location: str, metric: str, unit: str,
                   lang: str = "en") -> dict[str, str]:
    """Series with figures for a selection: ``{slug: title}`` (titles in ``lang``),
    headline series first.

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
    return {slug: catalog.title(slug, lang) for slug in slugs}


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
        whole = location == WHOLE_CORRIDORS
        if lang == "en":  # main's English sentence
            offer = (f"it has figures in {', '.join(others)}: choose that unit to see it"
                     if others else "it has none in any unit")
            notes.append(f"The {corridor.title} has no {'whole-route ' if whole else ''}"
                         f"{metric} figure in {unit}{'' if whole else ' here'}; {offer}.")
            continue
        _ = gettext_for(lang)
        names = {"corridor": corridor.title_in(lang), "unit": format_unit(unit, lang),
                 "others": ", ".join(format_unit(u, lang) for u in others)}
        sentences = MISSING_SENTENCES.get(metric, MISSING_SENTENCES["volume"])
        notes.append(_(sentences[(whole, bool(others))]).format(**names))
    return notes, units


def build_timeline(figures: pd.DataFrame, *, location: str, metric: str, unit: str,
                   granularity: str, title: str, series=None, show_plans: bool = True,
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
    series : iterable of str, optional
        Slugs of the series to draw (one line each); None draws every series.
    show_plans : bool
        Keep figures of periods that have not begun (plans and targets, such as 2030).
    catalog : Catalog, optional
        For the sentences about a corridor that has no figure in this unit.
    lang : str
        Language of the notes (``en``, ``ru``, ``kk``); the frames stay canonical.
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
    statements = (statement_notes(figures, set(figures["corridor"]), lang)
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


#: Headers of the page's tables (msgids; ``ui.text_table`` shows them translated).
TABLE_HEADERS = (N_("Series"), N_("Period"), N_("Value"), N_("Partial"), N_("Basis"),
                 N_("Quality"), N_("Source"), N_("Note"), N_("No."), N_("Date"),
                 N_("Event"), N_("What happened"))
#: "The Northern Corridor has no volume figure in t here" (and what it has instead),
#: by metric and by whether it has figures in other units.
MISSING_SENTENCES = {
    "volume": {
        (True, True): N_("The {corridor} has no whole-route volume figure in {unit}; it has "
                         "figures in {others}: choose that unit to see it."),
        (True, False): N_("The {corridor} has no whole-route volume figure in {unit}; it "
                          "has none in any unit."),
        (False, True): N_("The {corridor} has no volume figure in {unit} here; it has "
                          "figures in {others}: choose that unit to see it."),
        (False, False): N_("The {corridor} has no volume figure in {unit} here; it has none "
                           "in any unit."),
    },
    "capacity": {
        (True, True): N_("The {corridor} has no whole-route capacity figure in {unit}; it "
                         "has figures in {others}: choose that unit to see it."),
        (True, False): N_("The {corridor} has no whole-route capacity figure in {unit}; it "
                          "has none in any unit."),
        (False, True): N_("The {corridor} has no capacity figure in {unit} here; it has "
                          "figures in {others}: choose that unit to see it."),
        (False, False): N_("The {corridor} has no capacity figure in {unit} here; it has "
                           "none in any unit."),
    },
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
    from corridors.timeline.charts import series_title  # Altair: see chart_specs

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
                lang: str = "en", validate: bool = False) -> dict[str, dict]:
    """The Timeline page's Vega-Lite specs (data inline), built once per selection.

    ``main`` always; ``yoy``; ``side`` is the Middle Corridor's share (both corridors,
    volumes) or the utilisation of capacity, or absent when neither applies. Building
    and validating Altair charts costs ~100 ms, so the page caches these dicts. Texts,
    numbers, periods and the axes' own formats are in ``lang``. ``validate`` checks the
    specs against the Vega-Lite schema (the tests do; the same dicts either way): on the
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

    def local(frame: pd.DataFrame) -> pd.DataFrame:
        return localise_points(frame, lang)

    def spec(chart) -> dict:
        return chart.to_dict(validate=validate)

    specs = {
        "main": spec(timeline_chart(local(view.series), events, capacity=local(view.capacity),
                                    title=view.title, catalog=catalog, lang=lang)),
        "yoy": spec(yoy_chart(local(view.yoy), catalog=catalog, lang=lang)),
    }
    if location == WHOLE_CORRIDORS and metric == "volume":
        specs["side"] = spec(share_chart(local(view.share), catalog=catalog, lang=lang))
    elif not view.utilisation.empty:
        specs["side"] = spec(utilisation_chart(local(view.utilisation), catalog=catalog,
                                               lang=lang))
    return {name: with_locale(built, lang) for name, built in specs.items()}
