"""Altair charts for the Timeline page (issue 6). No streamlit here.

Every chart carries its data inline (``values``, never ``url``), so it renders offline, and
keeps Vega-Embed's default actions menu (PNG and SVG export). Colours follow the map:
Okabe-Ito, the Northern Corridor vermillion and the Middle Corridor blue, read from the
catalog's layer styles when the catalog is there.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import altair as alt
import pandas as pd

from corridors.domain.catalog import Catalog
from corridors.domain.formatting import amount_axis, format_number, format_unit
from corridors.domain.i18n import N_, gettext_for
from corridors.domain.records import QUALITY_TITLES
from corridors.domain.series_catalog import SeriesCatalogError, load_series_catalog
from corridors.timeline.series import split_line_id

#: Okabe-Ito colour-blind-safe palette; vermillion and blue are the corridors' map colours
NORTHERN_RGB = (213, 94, 0)
MIDDLE_RGB = (0, 114, 178)
OTHER_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000")
EVENT_COLOUR = "#555555"
WIDTH = "container"


def _hex(rgb: Iterable[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*list(rgb)[:3])


def corridor_colours(catalog: Catalog | None = None) -> dict[str, str]:
    """Return each corridor's map colour as hex (``{"northern": "#D55E00", ...}``), from
    the catalog's layer styles; the Okabe-Ito constants only without a catalog."""
    colours = {"northern": _hex(NORTHERN_RGB), "middle": _hex(MIDDLE_RGB)}
    if catalog is not None:
        colours.update({c: _hex(catalog.layers[c].colour) for c in catalog.corridors
                        if c in catalog.layers})
    return colours


def series_colours(names: Iterable[str], catalog: Catalog | None = None,
                   ) -> tuple[list[str], list[str]]:
    """Return (domain, range) giving each corridor's first series its map colour.

    A whole-corridor series (``northern``) takes its corridor's colour; a location series
    (``middle: aktau``) takes it when it is the first of its corridor; the rest take the
    remaining Okabe-Ito colours in order.
    """
    corridor = corridor_colours(catalog)
    headline = _headline_slugs()
    # whole corridors first, headline series first: they take the corridor's colour
    names = sorted(set(names), key=lambda n: (bool(split_line_id(n)[1]),
                                               split_line_id(n)[2] not in headline, n))
    domain, colours, spare = [], [], list(OTHER_COLOURS)
    for name in names:
        owner = split_line_id(name)[0]
        if owner in corridor and corridor[owner] not in colours:
            colour = corridor[owner]
        else:
            colour = spare.pop(0) if spare else OTHER_COLOURS[len(domain) % len(OTHER_COLOURS)]
        domain.append(name)
        colours.append(colour)
    return domain, colours


def _inline(frame: pd.DataFrame) -> alt.Data:
    """Data as inline values (ISO dates, None for missing): no URL, no row cap."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    return alt.Data(values=records)


# The values stay English (they are the shape scale's domain and the filters' test);
# the legend and the tooltip show them in the reader's language.
SHOWN_AS = (N_("full period, reported"), N_("partial (not a full period)"),
            N_("estimate, plan or target"))
#: The y axis of the main chart by metric (``{unit}`` as the language writes it).
AXIS_TITLES = {"volume": N_("Volume ({unit})"), "capacity": N_("Capacity ({unit})")}
CAPACITY_LINE = N_("capacity (what could move)")


def _percent(value: float, lang: str, *, signed: bool = False) -> str:
    """``+12.5%`` / ``+12,5 %`` (one decimal), as the language writes percentages."""
    text = format_number(abs(value), lang, 1)
    sign = ("+" if value >= 0 else "-") if signed else ("-" if value < 0 else "")
    return sign + text + ("\u00a0%" if lang == "ru" else "%")


def _labels(values: Iterable[str], lang: str) -> str:
    """A Vega ``labelExpr`` that shows each English value in ``lang``."""
    _ = gettext_for(lang)
    cases = [f"datum.label == {v!r} ? {_(v)!r}" for v in values if _(v) != v]
    return " : ".join([*cases, "datum.label"])


def _with_text(series: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    _ = gettext_for(lang)
    out = series.copy()
    out["value_text"] = out["value"].map(lambda v: format_number(v, lang))
    # the legend names the series; its scope (what it counts) shows on hover
    scopes = {name: series_scope(name, lang) for name in out["series"].unique()}
    titles = {name: series_title(name, None, lang) for name in out["series"].unique()}
    out["series_title"] = out["series"].map(titles)
    out["scope"] = out["series"].map(scopes)
    # partial wins over estimate: a partial point must never read as a full period
    out["shown_as"] = SHOWN_AS[0]
    out.loc[out["quality"] == "estimate", "shown_as"] = SHOWN_AS[2]
    out.loc[out["partial"].astype(bool), "shown_as"] = SHOWN_AS[1]
    out["shown_as_text"] = out["shown_as"].map(_)
    out["quality_text"] = out["quality"].map(lambda q: _(QUALITY_TITLES.get(q, q)))
    if "unit" in out:
        out["unit_text"] = out["unit"].map(lambda u: format_unit(u, lang))
    return out


def _point_tooltip(extra: Iterable[alt.Tooltip] = (), lang: str = "en",
                   ) -> list[alt.Tooltip]:
    _ = gettext_for(lang)

    def shown(field: str) -> str:
        # English shows the values themselves (ids and English words, as before the
        # languages); the others their translated copies (``_with_text``)
        return f"{field}:N" if lang == "en" else f"{field}_text:N"

    return [alt.Tooltip("series_title:N", title=_("Series")),
            alt.Tooltip("scope:N", title=_("Scope")),
            alt.Tooltip("period_label:N", title=_("Period")),
            alt.Tooltip("value_text:N", title=_("Value")),
            alt.Tooltip(shown("unit"), title=_("Unit")),
            *extra,
            alt.Tooltip("basis:N", title=_("Basis")),
            alt.Tooltip(shown("shown_as"), title=_("Shown as")),
            alt.Tooltip(shown("quality"), title=_("Quality")),
            alt.Tooltip("source:N", title=_("Source")),
            alt.Tooltip("note:N", title=_("Note"))]


def _message(text: str, title: str, lang: str = "en") -> alt.Chart:
    """A chart that says why there is nothing to draw (rather than an empty frame).

    Kazakh and Russian sentences run longer than the English: they are broken into lines
    of about 48 characters, which fit a half-width chart."""
    wrap = {} if lang == "en" else {"lineBreak": "\n"}
    if wrap:
        text = "\n".join(textwrap.wrap(text, 48))
    data = alt.Data(values=[{"message": text}])
    return alt.Chart(data, title=title).mark_text(size=14, color="#333333", **wrap).encode(
        text="message:N").properties(width=WIDTH, height=80)


def _series_catalog():
    """The series catalog, or None while ``geodata/series.toml`` cannot be read (a chart
    then labels lines by slug rather than failing)."""
    try:
        return load_series_catalog()
    except SeriesCatalogError:
        return None


def _headline_slugs() -> set[str]:
    catalog = _series_catalog()
    return set(catalog.headlines().values()) if catalog is not None else set()


def series_scope(name: str, lang: str = "en") -> str:
    """The scope sentence of a line's series in ``lang`` (``""`` when not catalogued)."""
    slug = split_line_id(name)[2]
    catalog = _series_catalog()
    return catalog[slug].scope_in(lang) if catalog is not None and slug in catalog else ""


def series_title(name: str, catalog: Catalog | None = None, lang: str = "en") -> str:
    """A line's legend label in ``lang``, naming its series (``geodata/series.toml``) and
    where it counts.

    ``middle / kz-mot-titr`` -> ``Middle · KZ Ministry of Transport: TITR cargo, whole
    route`` (the corridor's short title from ``catalog``; the bare series title without
    one); a located line puts the place first (``Aktau port: TITR association ...``) unless
    the series is the place's own, whose title names it already (``Aktau Sea Commercial
    Port: all cargo``). A plain place id keeps the old form: ``middle`` -> ``Middle
    Corridor``, ``middle: aktau`` -> ``Middle Corridor: Aktau port``.
    """
    owner, place, slug = split_line_id(name)
    corridor = catalog.corridors.get(owner) if catalog is not None else None
    place_id = place
    if place and catalog is not None:
        try:
            place = catalog.location_title(owner, place, lang)
        except (LookupError, ValueError):  # UnknownLocationError: the id is kept
            pass
    if slug:
        series = _series_catalog()
        found = series.series.get(slug) if series is not None else None
        title = found.title_in(lang) if found is not None else slug
        if place:
            own = found is not None and found.locations == (place_id,)
            return title if own else f"{place}: {title}"
        # the short titles (Middle, Northern) are msgids
        return f"{gettext_for(lang)(corridor.short_title)} · {title}" if corridor else title
    return (corridor.title_in(lang) if corridor else owner) + (f": {place}" if place else "")


def _colour(series_names: Iterable[str], catalog: Catalog | None = None,
            lang: str = "en") -> alt.Color:
    domain, colours = series_colours(series_names, catalog)
    # legend labels in words; the ids stay the data (and the colour keys)
    label_expr = " : ".join(
        f"datum.label == {name!r} ? {series_title(name, catalog, lang)!r}"
        for name in domain) + " : datum.label" if domain else "datum.label"
    _ = gettext_for(lang)
    return alt.Color("series:N", title=_("Series"),
                     scale=alt.Scale(domain=domain, range=colours),
                     legend=alt.Legend(labelExpr=label_expr, orient="bottom", columns=1,
                                       labelLimit=320))


def _time_axis(data: pd.DataFrame) -> alt.Axis:
    """Year ticks for yearly series (not "July, October, 2022"); month-year otherwise."""
    yearly = "granularity" not in data or set(data["granularity"]) <= {"year"}
    if yearly:
        return alt.Axis(format="%Y", tickCount="year")
    return alt.Axis(format="%b %Y")


def line_with_gaps(data: pd.DataFrame) -> pd.DataFrame:
    """The reported full periods of each series, each numbered by its ``run`` of
    consecutive periods: a line is drawn per run, so it breaks wherever a period has no
    figure instead of joining Aktau 2015 to 2022 across seven empty years."""
    full = data[data["shown_as"] == SHOWN_AS[0]].sort_values(["series", "period_start"])
    runs = []
    for series, part in full.groupby("series", sort=False):
        run, previous_end = 0, None
        for start, end in zip(part["period_start"], part["period_end"], strict=True):
            if previous_end is not None and start > previous_end + pd.Timedelta(days=1):
                run += 1
            runs.append(f"{series}#{run}")
            previous_end = end
    return full.assign(run=runs)


def _points_layers(data: pd.DataFrame, y: alt.Y, colour: alt.Color,
                   tooltip: list[alt.Tooltip], lang: str = "en") -> list[alt.Chart]:
    """Lines through reported full periods, broken where a period has no figure; points
    for all: partial ones hollow diamonds labelled "partial", estimates (plans, targets,
    forecasts) hollow triangles off the line."""
    _ = gettext_for(lang)
    x = alt.X("period_mid:T", title=_("Period"), axis=_time_axis(data))
    line = alt.Chart(_inline(line_with_gaps(data))).mark_line(strokeWidth=2).encode(
        x=x, y=y, color=colour, detail="run:N")
    base = alt.Chart(_inline(data)).encode(x=x, y=y, color=colour, tooltip=tooltip)
    shapes = alt.Scale(domain=list(SHOWN_AS), range=["circle", "diamond", "triangle-up"])
    points = base.mark_point(size=70, strokeWidth=2).encode(
        fill=alt.condition(f"datum.shown_as == {SHOWN_AS[0]!r}", colour, alt.value("white")),
        shape=alt.Shape("shown_as:N", title=_("Point"), scale=shapes, legend=None))
    # The legend of the point shapes comes from a layer without colour: on the points
    # layer the merged colour and fill channels left its symbols invisible.
    key = alt.Chart(_inline(data)).mark_point(size=0, opacity=0).encode(
        x=x, y=y, shape=alt.Shape("shown_as:N", title=_("Point"), scale=shapes,
                                  legend=alt.Legend(orient="bottom", columns=1,
                                                    labelExpr=_labels(SHOWN_AS, lang),
                                                    symbolSize=90, symbolOpacity=1,
                                                    symbolStrokeColor="#333333",
                                                    symbolFillColor="#dddddd",
                                                    symbolStrokeWidth=2, labelLimit=320)))
    label = base.transform_filter("datum.partial").mark_text(
        dy=-12, fontSize=10, fontStyle="italic").encode(text=alt.value(_("partial")))
    return [line, points, label, key]


#: Pixel rows of the event markers, counted up from the time axis.
EVENT_ROWS = 3


def event_label_rows(dates: pd.Series, *, min_gap_days: int = 150) -> list[int]:
    """A row (0, 1, 2) per event so that numbers of events close in time stand on
    different rows and stay readable; ``dates`` in time order."""
    rows, last_in_row = [], [None] * EVENT_ROWS
    for date in dates:
        free = [r for r in range(EVENT_ROWS) if last_in_row[r] is None
                or date - last_in_row[r] >= pd.Timedelta(days=min_gap_days)]
        row = free[0] if free else min(range(EVENT_ROWS), key=lambda r: last_in_row[r])
        last_in_row[row] = date
        rows.append(row)
    return rows


def _event_layers(events: pd.DataFrame, height: int, lang: str = "en") -> list[alt.Chart]:
    """Events as small numbered markers just above the time axis (never rules across the
    plot, so the series keep their hover); title, date and source in the tooltip. The
    number matches the Events table under the chart."""
    data = events.sort_values("date").copy()
    data["label"] = data["number"].astype(str) if "number" in data else [
        str(i + 1) for i in range(len(data))]
    data["row"] = event_label_rows(data["date"])
    data["marker_y"] = [0.03 + 0.07 * r for r in data["row"]]  # share of the plot height
    data["date_text"] = data["date"].dt.strftime("%Y-%m-%d")
    data["date_text"] = data["date_text"].where(data["precision"] == "day",
                                                data["date"].dt.strftime("%Y-%m"))
    data.loc[data["precision"] == "year", "date_text"] = data["date"].dt.strftime("%Y")
    _ = gettext_for(lang)
    tooltip = [alt.Tooltip("label:N", title=_("Event no.")),
               alt.Tooltip("title:N", title=_("Event")),
               alt.Tooltip("date_text:N", title=_("Date")),
               alt.Tooltip("description:N", title=_("What happened")),
               alt.Tooltip("source:N", title=_("Source"))]
    base = alt.Chart(_inline(data.drop(columns=["date_end"], errors="ignore"))).encode(
        x=alt.X("date:T"), y=alt.Y("marker_y:Q", scale=alt.Scale(domain=[0, 1]), axis=None))
    marker = base.mark_point(shape="triangle-up", size=40, filled=True, color=EVENT_COLOUR,
                             opacity=0.8).encode(tooltip=tooltip)
    text = base.mark_text(align="left", dx=5, baseline="middle", fontSize=9,
                          color=EVENT_COLOUR).encode(text="label:N", tooltip=tooltip)
    return [marker, text]


def events_for(events: pd.DataFrame | None, corridors: Iterable[str]) -> pd.DataFrame | None:
    """The events of the corridors shown (and those that concern both)."""
    if events is None or events.empty or "corridor" not in events:
        return events
    wanted = {*corridors, "both", ""}
    return events[events["corridor"].fillna("").isin(wanted)]


def _events_in_view(events: pd.DataFrame, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Keep events inside the charted time span so old events do not squash the series."""
    frames = [f for f in frames if f is not None and not f.empty]
    if events is None or events.empty or not frames:
        return events if events is not None else pd.DataFrame()
    start = min(f["period_start"].min() for f in frames)
    end = max(f["period_end"].max() for f in frames)
    return events[(events["date"] >= start) & (events["date"] <= end)]


def _capacity_layers(capacity: pd.DataFrame, colour: alt.Color, y_title: str,
                     lang: str = "en") -> list[alt.Chart]:
    """Capacity as dashed horizontal rules over each capacity figure's period, with a
    legend entry of its own ("capacity: what could move")."""
    _ = gettext_for(lang)
    data = _with_text(capacity, lang)
    data["line"] = _(CAPACITY_LINE)
    data["metric_text"] = _("Capacity")
    tooltip = _point_tooltip([alt.Tooltip("metric:N" if lang == "en" else "metric_text:N",
                                          title=_("Metric"))], lang)
    base = alt.Chart(_inline(data)).encode(
        x=alt.X("period_start:T"), x2="period_end:T",
        y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tooltip,
        strokeDash=alt.StrokeDash("line:N", title=_("Line"), scale=alt.Scale(
            domain=[_(CAPACITY_LINE)], range=[[6, 4]]),
            legend=alt.Legend(orient="bottom", symbolStrokeColor="#333333",
                              symbolStrokeWidth=2.5, labelLimit=320)))
    return [base.mark_rule(strokeWidth=2.5, opacity=0.8)]


#: Height of the main chart with its legends under it (the plot keeps about 300 px).
CHART_HEIGHT = 470


def timeline_chart(series: pd.DataFrame, events: pd.DataFrame | None = None, *,
                   capacity: pd.DataFrame | None = None,
                   title: str = "Corridor throughput over time",
                   catalog: Catalog | None = None, lang: str = "en",
                   ) -> alt.LayerChart | alt.Chart:
    """Lines and points per series, capacity as dashed lines, events as small markers.

    Parameters
    ----------
    series : pandas.DataFrame
        :func:`corridors.timeline.series.build_series` output (one unit); values in
        ``unit`` per period.
    events : pandas.DataFrame, optional
        :func:`corridors.timeline.events.load_events` output; only events inside the charted
        span and of the corridors shown are drawn, as numbered markers above the time axis,
        their title, date and source in the tooltip.
    capacity : pandas.DataFrame, optional
        ``build_series(..., metric="capacity")`` in the same unit; drawn as dashed rules over
        each figure's period (capacity is a rate per year, never summed).
    title : str
        Chart title.
    catalog : corridors.domain.catalog.Catalog, optional
        Corridor colours and the titles of corridors and places (as the map uses them).
    lang : str
        Language of the titles, axes, legends and tooltips (``title`` is given in it).

    Returns
    -------
    altair.LayerChart or altair.Chart
        A layered chart; a one-line message chart when there is nothing to draw.
    """
    _ = gettext_for(lang)
    frames = [f for f in (series, capacity) if f is not None and not f.empty]
    if not frames:
        return _message(_("No figures for this selection."), title, lang)
    unit = frames[0]["unit"].iloc[0]
    metric = frames[0]["metric"].iloc[0]
    y_title = (_(AXIS_TITLES[metric]) if metric in AXIS_TITLES else metric.capitalize()
               + " ({unit})").format(unit=format_unit(unit, lang))
    names = pd.concat([f["series"] for f in frames])
    colour = _colour(names, catalog, lang)
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(**amount_axis(lang)))
    layers: list[alt.Chart] = []
    if series is not None and not series.empty:
        layers += _points_layers(_with_text(series, lang),
                                 y, colour, _point_tooltip(lang=lang), lang)
    if capacity is not None and not capacity.empty:
        layers += _capacity_layers(capacity, colour, y_title, lang)
    owners = {split_line_id(name)[0] for name in names}
    shown = _events_in_view(events_for(events, owners), frames)
    if shown is not None and not shown.empty:
        # the markers keep their own y scale (a share of the plot height, no axis)
        chart = alt.layer(alt.layer(*layers).resolve_scale(shape="independent"),
                          alt.layer(*_event_layers(shown, CHART_HEIGHT, lang)),
                          title=title).resolve_scale(y="independent")
    else:
        chart = alt.layer(*layers, title=title).resolve_scale(shape="independent")
    return chart.properties(width=WIDTH, height=CHART_HEIGHT)


def yoy_chart(yoy: pd.DataFrame, *, title: str | None = None,
              catalog: Catalog | None = None, lang: str = "en") -> alt.LayerChart | alt.Chart:
    """Bars of year-on-year change in percent, one colour per series.

    Parameters
    ----------
    yoy : pandas.DataFrame
        :func:`corridors.timeline.comparisons.year_on_year` output; ``change_pct`` in percent.
    title : str, optional
        Chart title (default: "Change on a year before", in ``lang``).
    """
    _ = gettext_for(lang)
    title = title or _("Change on a year before")
    if yoy.empty:
        return _message(_("No pair of full periods one year apart."), title, lang)
    data = _with_text(yoy, lang)
    data["previous_text"] = data["previous_value"].map(lambda v: format_number(v, lang))
    data["change_text"] = data["change_pct"].map(lambda v: _percent(v, lang, signed=True))
    order = data.sort_values("period_start")["period_label"].unique().tolist()
    tooltip = _point_tooltip([alt.Tooltip("previous_period:N", title=_("Compared with")),
                              alt.Tooltip("previous_text:N", title=_("Value then")),
                              alt.Tooltip("change_text:N", title=_("Change"))], lang)
    bars = alt.Chart(_inline(data)).mark_bar().encode(
        x=alt.X("period_label:N", title=_("Period"), sort=order),
        xOffset="series:N",
        y=alt.Y("change_pct:Q", title=_("Change on a year before (%)")),
        color=_colour(data["series"], catalog, lang), tooltip=tooltip)
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color="#333333").encode(
        y="zero:Q")
    return alt.layer(bars, zero, title=title).properties(width=WIDTH, height=260)


def share_chart(share: pd.DataFrame, *, title: str | None = None,
                catalog: Catalog | None = None, lang: str = "en") -> alt.LayerChart | alt.Chart:
    """The Middle Corridor's share in percent, where both corridors have comparable figures.

    Parameters
    ----------
    share : pandas.DataFrame
        :func:`corridors.timeline.comparisons.corridor_share` output; ``share_pct`` in percent.
    title : str, optional
        Chart title (default: "Middle Corridor's share of both", in ``lang``).
    """
    _ = gettext_for(lang)
    title = title or _("Middle Corridor's share of both")
    if share.empty:
        return _message(_("No period where both corridors have comparable figures "
                          "in this unit."), title, lang)
    data = share.assign(series="middle", value=share["share_pct"],
                        basis=_("middle / (middle + northern)"), note="")
    data = _with_text(data, lang)
    data["value_text"] = data["share_pct"].map(lambda v: _percent(v, lang))
    data["middle_text"] = data["middle_value"].map(lambda v: format_number(v, lang))
    data["northern_text"] = data["northern_value"].map(lambda v: format_number(v, lang))
    tooltip = _point_tooltip([alt.Tooltip("middle_text:N", title=_("Middle")),
                              alt.Tooltip("northern_text:N", title=_("Northern"))], lang)
    y = alt.Y("value:Q", title=_("Middle Corridor share (%)"),
              scale=alt.Scale(domain=[0, 100]))
    layers = _points_layers(data, y, _colour(["middle"], catalog, lang), tooltip, lang)
    return alt.layer(*layers, title=title).resolve_scale(shape="independent").properties(
        width=WIDTH, height=260)


def utilisation_chart(util: pd.DataFrame, *, title: str | None = None,
                      catalog: Catalog | None = None, lang: str = "en",
                      ) -> alt.LayerChart | alt.Chart:
    """Volume as a percent of capacity, with a rule at 100 %.

    Parameters
    ----------
    util : pandas.DataFrame
        :func:`corridors.timeline.comparisons.utilisation` output; ``utilisation_pct`` in percent.
    title : str, optional
        Chart title (default: "Use of stated capacity", in ``lang``).
    """
    _ = gettext_for(lang)
    title = title or _("Use of stated capacity")
    if util.empty:
        return _message(_("No period with both a volume and a capacity in this unit."),
                        title, lang)
    data = _with_text(util, lang)
    data["capacity_text"] = data["capacity"].map(lambda v: format_number(v, lang))
    data["value"] = data["utilisation_pct"]
    data["value_text"] = data["utilisation_pct"].map(lambda v: _percent(v, lang))
    tooltip = _point_tooltip([alt.Tooltip("capacity_text:N", title=_("Capacity"))], lang)
    y = alt.Y("value:Q", title=_("Volume / capacity (%)"))
    layers = _points_layers(data, y, _colour(data["series"], catalog, lang), tooltip, lang)
    full = alt.Chart(alt.Data(values=[{"full": 100}])).mark_rule(
        color="#333333", strokeDash=[4, 4]).encode(y="full:Q")
    return alt.layer(*layers, full, title=title).resolve_scale(shape="independent").properties(
        width=WIDTH, height=260)
