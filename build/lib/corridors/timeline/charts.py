"""Altair charts for the Timeline page (issue 6). No streamlit here.

Every chart carries its data inline (``values``, never ``url``), so it renders offline, and
keeps Vega-Embed's default actions menu (PNG and SVG export). Colours follow the map:
Okabe-Ito, the Northern Corridor vermillion and the Middle Corridor blue, read from the
catalog's layer styles when the catalog is there.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from corridors.domain.formatting import format_number

#: Okabe-Ito colour-blind-safe palette; vermillion and blue are the corridors' map colours
NORTHERN_RGB = (213, 94, 0)
MIDDLE_RGB = (0, 114, 178)
OTHER_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000")
EVENT_COLOUR = "#555555"
WIDTH = "container"


def _hex(rgb: Iterable[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*list(rgb)[:3])


def corridor_colours() -> dict[str, str]:
    """Return ``{"northern": "#D55E00", "middle": "#0072B2"}``, from the catalog if present."""
    colours = {"northern": _hex(NORTHERN_RGB), "middle": _hex(MIDDLE_RGB)}
    try:
        from corridors.domain.catalog import load_catalog

        layers = load_catalog().layers
        for corridor in colours:
            if corridor in layers:
                colours[corridor] = _hex(layers[corridor].colour)
    # the catalog is another module's file: a chart still draws (with the same constants)
    # while it is missing or being edited
    except (ImportError, OSError, KeyError, AttributeError, TypeError, ValueError):
        pass
    return colours


def series_colours(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Return (domain, range) giving each corridor's first series its map colour.

    A whole-corridor series (``northern``) takes its corridor's colour; a location series
    (``middle: aktau``) takes it when it is the first of its corridor; the rest take the
    remaining Okabe-Ito colours in order.
    """
    corridor = corridor_colours()
    names = sorted(set(names), key=lambda n: (":" in n, n))
    domain, colours, spare = [], [], list(OTHER_COLOURS)
    for name in names:
        owner = name.split(":")[0]
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


SHOWN_AS = ("full period, reported", "partial (not a full period)",
            "estimate, plan or target")


def _with_text(series: pd.DataFrame) -> pd.DataFrame:
    out = series.copy()
    out["value_text"] = out["value"].map(format_number)
    # partial wins over estimate: a partial point must never read as a full period
    out["shown_as"] = SHOWN_AS[0]
    out.loc[out["quality"] == "estimate", "shown_as"] = SHOWN_AS[2]
    out.loc[out["partial"].astype(bool), "shown_as"] = SHOWN_AS[1]
    return out


def _point_tooltip(extra: Iterable[alt.Tooltip] = ()) -> list[alt.Tooltip]:
    return [alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("period_label:N", title="Period"),
            alt.Tooltip("value_text:N", title="Value"),
            alt.Tooltip("unit:N", title="Unit"),
            *extra,
            alt.Tooltip("basis:N", title="Basis"),
            alt.Tooltip("shown_as:N", title="Shown as"),
            alt.Tooltip("quality:N", title="Quality"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("note:N", title="Note")]


def _message(text: str, title: str) -> alt.Chart:
    """A chart that says why there is nothing to draw (rather than an empty frame)."""
    data = alt.Data(values=[{"message": text}])
    return alt.Chart(data, title=title).mark_text(size=14, color="#333333").encode(
        text="message:N").properties(width=WIDTH, height=80)


def series_title(name: str) -> str:
    """``middle`` -> ``Middle Corridor``; ``middle: aktau`` -> ``Middle Corridor: Aktau port``
    (titles from the catalog when it knows the place, else the id as it is)."""
    titles = {"northern": "Northern Corridor", "middle": "Middle Corridor"}
    owner, _, rest = name.partition(":")
    place = rest.strip()
    if place:
        try:
            from corridors.domain.catalog import load_catalog

            place = load_catalog().location_title(owner, place)
        except (ImportError, OSError, LookupError, ValueError):  # UnknownLocationError: id kept
            pass
    return titles.get(owner, owner) + (f": {place}" if place else "")


def _colour(series_names: Iterable[str]) -> alt.Color:
    domain, colours = series_colours(series_names)
    # legend labels in words; the ids stay the data (and the colour keys)
    label_expr = " : ".join(f"datum.label == {name!r} ? {series_title(name)!r}"
                            for name in domain) + " : datum.label" if domain else "datum.label"
    return alt.Color("series:N", title="Series", scale=alt.Scale(domain=domain, range=colours),
                     legend=alt.Legend(labelExpr=label_expr))


def _time_axis(data: pd.DataFrame) -> alt.Axis:
    """Year ticks for yearly series (not "July, October, 2022"); month-year otherwise."""
    yearly = "granularity" not in data or set(data["granularity"]) <= {"year"}
    if yearly:
        return alt.Axis(format="%Y", tickCount="year")
    return alt.Axis(format="%b %Y")


def _points_layers(data: pd.DataFrame, y: alt.Y, colour: alt.Color,
                   tooltip: list[alt.Tooltip]) -> list[alt.Chart]:
    """Lines through reported full periods; points for all: partial ones hollow diamonds
    labelled "partial", estimates (plans, targets, forecasts) hollow triangles off the line."""
    base = alt.Chart(_inline(data)).encode(
        x=alt.X("period_mid:T", title="Period", axis=_time_axis(data)), y=y, color=colour,
        tooltip=tooltip)
    line = base.transform_filter(
        f"datum.shown_as == {SHOWN_AS[0]!r}").mark_line(strokeWidth=2)
    points = base.mark_point(size=70, strokeWidth=2).encode(
        fill=alt.condition(f"datum.shown_as == {SHOWN_AS[0]!r}", colour, alt.value("white")),
        shape=alt.Shape("shown_as:N", title="Point",
                        scale=alt.Scale(domain=list(SHOWN_AS),
                                        range=["circle", "diamond", "triangle-up"]),
                        legend=alt.Legend(symbolStrokeColor="#444444",
                                          symbolFillColor="white")))
    label = base.transform_filter("datum.partial").mark_text(
        dy=-12, fontSize=10, fontStyle="italic").encode(text=alt.value("partial"))
    return [line, points, label]


def _event_layers(events: pd.DataFrame) -> list[alt.Chart]:
    """Vertical rules at event dates with a short label; the source in the tooltip."""
    data = events.copy()
    # Numbers, not titles, on the chart: events cluster (2022-2024) and titles overlap.
    # The number matches the Events table under the chart; the tooltip has it all.
    data["label"] = data["number"].astype(str) if "number" in data else [
        str(i + 1) for i in range(len(data))]
    data["label_y"] = [4 + 12 * (i % 3) for i in range(len(data))]
    data["date_text"] = data["date"].dt.strftime("%Y-%m-%d")
    data["date_text"] = data["date_text"].where(data["precision"] == "day",
                                                data["date"].dt.strftime("%Y-%m"))
    data.loc[data["precision"] == "year", "date_text"] = data["date"].dt.strftime("%Y")
    tooltip = [alt.Tooltip("date_text:N", title="Date"), alt.Tooltip("title:N", title="Event"),
               alt.Tooltip("description:N", title="What happened"),
               alt.Tooltip("corridor:N", title="Corridor"),
               alt.Tooltip("source:N", title="Source")]
    base = alt.Chart(_inline(data.drop(columns=["date_end"], errors="ignore"))).encode(
        x=alt.X("date:T"), tooltip=tooltip)
    rule = base.mark_rule(color=EVENT_COLOUR, strokeDash=[2, 3], strokeWidth=1.5)
    text = base.mark_text(align="center", baseline="top", fontSize=10, fontWeight="bold",
                          color=EVENT_COLOUR).encode(
        y=alt.Y("label_y:Q", scale=None), text="label:N")
    return [rule, text]


def _events_in_view(events: pd.DataFrame, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Keep events inside the charted time span so old events do not squash the series."""
    frames = [f for f in frames if f is not None and not f.empty]
    if events is None or events.empty or not frames:
        return events if events is not None else pd.DataFrame()
    start = min(f["period_start"].min() for f in frames)
    end = max(f["period_end"].max() for f in frames)
    return events[(events["date"] >= start) & (events["date"] <= end)]


def _capacity_layers(capacity: pd.DataFrame, colour: alt.Color, y_title: str) -> list[alt.Chart]:
    """Capacity as dashed horizontal rules over each capacity figure's period."""
    data = _with_text(capacity)
    tooltip = _point_tooltip([alt.Tooltip("metric:N", title="Metric")])
    base = alt.Chart(_inline(data)).encode(
        x=alt.X("period_start:T"), x2="period_end:T",
        y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tooltip)
    return [base.mark_rule(strokeDash=[6, 4], strokeWidth=2.5, opacity=0.8)]


def timeline_chart(series: pd.DataFrame, events: pd.DataFrame | None = None, *,
                   capacity: pd.DataFrame | None = None,
                   title: str = "Corridor throughput over time") -> alt.LayerChart | alt.Chart:
    """Lines and points per series, capacity as dashed lines, events as rules.

    Parameters
    ----------
    series : pandas.DataFrame
        :func:`corridors.timeline.series.build_series` output (one unit); values in
        ``unit`` per period.
    events : pandas.DataFrame, optional
        :func:`corridors.timeline.events.load_events` output; only events inside the charted span
        are drawn, each as a vertical rule with a short label, its source in the tooltip.
    capacity : pandas.DataFrame, optional
        ``build_series(..., metric="capacity")`` in the same unit; drawn as dashed rules over
        each figure's period (capacity is a rate per year, never summed).
    title : str
        Chart title.

    Returns
    -------
    altair.LayerChart or altair.Chart
        A layered chart; a one-line message chart when there is nothing to draw.
    """
    frames = [f for f in (series, capacity) if f is not None and not f.empty]
    if not frames:
        return _message("No figures for this selection.", title)
    unit = frames[0]["unit"].iloc[0]
    y_title = f"{frames[0]['metric'].iloc[0].capitalize()} ({unit})"
    names = pd.concat([f["series"] for f in frames])
    colour = _colour(names)
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",~s"))
    layers: list[alt.Chart] = []
    if series is not None and not series.empty:
        layers += _points_layers(_with_text(series), y, colour, _point_tooltip())
    if capacity is not None and not capacity.empty:
        layers += _capacity_layers(capacity.assign(series=capacity["series"]), colour, y_title)
    shown = _events_in_view(events, frames)
    if shown is not None and not shown.empty:
        layers += _event_layers(shown)
    return alt.layer(*layers, title=title).properties(width=WIDTH, height=380)


def yoy_chart(yoy: pd.DataFrame, *, title: str = "Change on the same period a year before"
              ) -> alt.LayerChart | alt.Chart:
    """Bars of year-on-year change in percent, one colour per series.

    Parameters
    ----------
    yoy : pandas.DataFrame
        :func:`corridors.timeline.comparisons.year_on_year` output; ``change_pct`` in percent.
    title : str
        Chart title.
    """
    if yoy.empty:
        return _message("No pair of full periods one year apart.", title)
    data = _with_text(yoy)
    data["previous_text"] = data["previous_value"].map(format_number)
    data["change_text"] = data["change_pct"].map("{:+.1f}%".format)
    order = data.sort_values("period_start")["period_label"].unique().tolist()
    tooltip = _point_tooltip([alt.Tooltip("previous_period:N", title="Compared with"),
                              alt.Tooltip("previous_text:N", title="Value then"),
                              alt.Tooltip("change_text:N", title="Change")])
    bars = alt.Chart(_inline(data)).mark_bar().encode(
        x=alt.X("period_label:N", title="Period", sort=order),
        xOffset="series:N",
        y=alt.Y("change_pct:Q", title="Change on a year before (%)"),
        color=_colour(data["series"]), tooltip=tooltip)
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color="#333333").encode(
        y="zero:Q")
    return alt.layer(bars, zero, title=title).properties(width=WIDTH, height=260)


def share_chart(share: pd.DataFrame, *,
                title: str = "Middle Corridor share of Middle + Northern"
                ) -> alt.LayerChart | alt.Chart:
    """The Middle Corridor's share in percent, where both corridors have comparable figures.

    Parameters
    ----------
    share : pandas.DataFrame
        :func:`corridors.timeline.comparisons.corridor_share` output; ``share_pct`` in percent.
    title : str
        Chart title.
    """
    if share.empty:
        return _message("No period where both corridors have comparable figures "
                        "in this unit.", title)
    data = share.assign(series="middle", value=share["share_pct"], basis="middle / (middle "
                        "+ northern)", note="")
    data = _with_text(data)
    data["value_text"] = data["share_pct"].map("{:.1f}%".format)
    data["middle_text"] = data["middle_value"].map(format_number)
    data["northern_text"] = data["northern_value"].map(format_number)
    tooltip = _point_tooltip([alt.Tooltip("middle_text:N", title="Middle"),
                              alt.Tooltip("northern_text:N", title="Northern")])
    y = alt.Y("value:Q", title="Middle Corridor share (%)", scale=alt.Scale(domain=[0, 100]))
    layers = _points_layers(data, y, _colour(["middle"]), tooltip)
    return alt.layer(*layers, title=title).properties(width=WIDTH, height=260)


def utilisation_chart(util: pd.DataFrame, *, title: str = "Utilisation of stated capacity"
                      ) -> alt.LayerChart | alt.Chart:
    """Volume as a percent of capacity, with a rule at 100 %.

    Parameters
    ----------
    util : pandas.DataFrame
        :func:`corridors.timeline.comparisons.utilisation` output; ``utilisation_pct`` in percent.
    title : str
        Chart title.
    """
    if util.empty:
        return _message("No period with both a volume and a capacity in this unit.", title)
    data = _with_text(util)
    data["capacity_text"] = data["capacity"].map(format_number)
    data["value"] = data["utilisation_pct"]
    data["value_text"] = data["utilisation_pct"].map("{:.1f}%".format)
    tooltip = _point_tooltip([alt.Tooltip("capacity_text:N", title="Capacity")])
    y = alt.Y("value:Q", title="Volume / capacity (%)")
    layers = _points_layers(data, y, _colour(data["series"]), tooltip)
    full = alt.Chart(alt.Data(values=[{"full": 100}])).mark_rule(
        color="#333333", strokeDash=[4, 4]).encode(y="full:Q")
    return alt.layer(*layers, full, title=title).properties(width=WIDTH, height=260)
