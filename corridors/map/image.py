"""The map as a PNG or SVG, drawn on the server with matplotlib (Agg, no network, no basemap).

The same display geometry (``static/``), layer styles (``geodata/catalog.toml``), line
widths and circle sizes (``corridors.map.period_figures.width_px``/``radius_px``) as the
deck, in Web Mercator (EPSG:3857) like the screen. Around the map: a title, what is
shown (metric, unit, period, selection), the legend (colour, line style, width scale),
an "as of" stamp naming the data revision, a sources line and the note that lines are
schematic. Widths are CSS pixels on screen; here a pixel is 1/96 inch (0.75 pt), so a
slide at 96 dpi matches the screen and an A4 page at 300 dpi prints at the same size.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import textwrap
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # never a GUI backend on a server
# SVG keeps its texts as text (searchable, editable in a vector editor), and its ids are
# stable. Set once for the process: rc_context per call would race between threads.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "corridors"})

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from pyproj import Transformer  # noqa: E402

from corridors.domain.catalog import Catalog, LayerStyle  # noqa: E402
from corridors.domain.formatting import format_period, format_quantity, format_unit  # noqa: E402
from corridors.domain.i18n import N_, gettext_for  # noqa: E402
from corridors.domain.paths import STATIC_DIR  # noqa: E402
from corridors.domain.provenance import (  # noqa: E402
    BOUNDARY_SOURCE,
    SCHEMATIC_NOTE,
    DataStamp,
    source_names,
    sources_line,
)
from corridors.domain.records import QUALITY_TITLES  # noqa: E402
from corridors.domain.selection import FeatureRef  # noqa: E402
from corridors.map.legend import scale_samples  # noqa: E402
from corridors.map.period_figures import (  # noqa: E402
    PlacedFigure,
    default_period,
    metric_unit_figures,
    place_figures,
    radius_px,
    scale_max,
    select_period,
    width_px,
)

# name -> (width px, height px, dots per inch): a 16:9 slide, A4 landscape at 300 dpi
SIZES = {"slide": (1920, 1080, 96), "a4": (3508, 2480, 300)}
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
PT_PER_PX = 0.75  # a CSS pixel is 1/96 inch, a point 1/72 inch
DASH_PX = (8, 5)  # as corridors.map.deck.DASH_PX
FIGURE_ALPHA = {"segment": 150, "node": 190}  # as corridors.map.deck.figure_layers
MISSING_NOTE = N_("thin line only: no figure for this period (missing, not zero)")
#: The image's own texts (msgids; English is the image as it was before the languages).
TITLES = {"volume": N_("Freight volume on the corridors through Kazakhstan"),
          "capacity": N_("Freight capacity on the corridors through Kazakhstan")}
BORDERS = N_("Borders: Natural Earth 1:10m admin-0 (public domain), simplified")
assert BORDERS == BOUNDARY_SOURCE  # one wording: provenance's is the English
PER_PERIOD = {"volume": N_("Volume per period ({unit})"),
              "capacity": N_("Capacity per period ({unit})")}
LEGEND_CHARS = 34  # legend labels wrap at this many characters
_RENDER_LOCK = threading.Lock()


class MapImageError(ValueError):
    """The requested view cannot be drawn (unknown period, layer, size or format)."""


@dataclass(frozen=True)
class MapView:
    """What the Map page shows: visible layer ids, metric, unit, period label, selection."""

    visible: tuple[str, ...]
    metric: str = "volume"
    unit: str = "t"
    period: str | None = None  # canonical label, e.g. "2023"; None: the map's default
    selection: FeatureRef | None = None
    lang: str = "en"  # the language of the image's texts: en, ru or kk


@dataclass(frozen=True)
class MapContent:
    """A view resolved against the data: the period's figures and the width scale."""

    view: MapView
    period_label: str | None
    placed: tuple[PlacedFigure, ...]
    max_value: float
    stamp: DataStamp
    selection_title: str = ""
    sources: tuple[str, ...] = field(default=())


def resolve_view(figures: pd.DataFrame, catalog: Catalog, view: MapView,
                 periods: Sequence, stamp: DataStamp) -> MapContent:
    """Find the view's period among ``periods`` and place its figures from ``figures``
    (``Store.current_figures``); a corridor switched off takes its figures with it, as
    on the page.

    ``periods`` are the periods with figures of the view's metric in its unit, in order,
    each with ``period`` (canonical label), ``label``, ``start`` and ``end``
    (``corridors.timeline.series.periods_with_data``, as the Map page's slider has them).

    Raises
    ------
    MapImageError
        A layer id is not in the catalog, or the period has no figures of the metric in
        the unit (the message lists the periods that have).
    """
    unknown = sorted(set(view.visible) - set(catalog.layers))
    if unknown:
        raise MapImageError(f"unknown layer {', '.join(unknown)}; choose from "
                            f"{', '.join(catalog.layers)}")
    chosen = metric_unit_figures(figures, view.metric, view.unit)
    by_label = {p.period: p for p in periods}
    if view.period is not None and view.period not in by_label:
        raise MapImageError(f"no {view.metric} figures in {view.unit} for period "
                            f"{view.period}; periods with figures: "
                            f"{', '.join(by_label) or 'none'}")
    period = by_label.get(view.period or (default_period(periods) if periods else ""))
    placed: list[PlacedFigure] = []
    if period is not None:
        selected = select_period(chosen, period.start, period.end, metric=view.metric,
                                 unit=view.unit)
        placed = [f for f in place_figures(selected, catalog, lang=view.lang)
                  if f.corridor in view.visible]
    title = ""
    if view.selection is not None:
        title = _selection_title(catalog, view.selection, view.lang)
    label = None
    if period is not None:
        label = period.label if view.lang == "en" else format_period(period.period, view.lang)
    return MapContent(view, label, tuple(placed),
                      scale_max(chosen, metric=view.metric, unit=view.unit), stamp, title,
                      tuple(f.source for f in placed))


def _selection_title(catalog: Catalog, ref: FeatureRef, lang: str = "en") -> str:
    if ref.kind == "node" and ref.id in catalog.nodes:
        return catalog.nodes[ref.id].name_in(lang)
    try:
        return catalog.location_title(ref.corridor, ref.id, lang)
    except LookupError:
        return ref.id


# --- geometry (display copies, EPSG:4326 -> EPSG:3857) --------------------------------

def _mercator(geometry, transformer: Transformer):
    def project(xy):
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(geometry, project)


@functools.lru_cache(maxsize=1)
def display_shapes() -> dict[str, list[tuple[dict, object]]]:
    """``file stem -> [(properties, geometry in EPSG:3857)]`` of every display file
    (read once per process: they change only with a deploy)."""
    # A transformer per call: pyproj transformers must not be shared between threads.
    transformer = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    shapes = {}
    for path in sorted(STATIC_DIR.glob("*.geojson")):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        shapes[path.stem] = [(f["properties"], _mercator(shapely.geometry.shape(f["geometry"]),
                                                            transformer))
                             for f in features]
    return shapes


def _layer_shapes(style: LayerStyle, catalog: Catalog) -> list[tuple[dict, object]]:
    stem = f"segments-{style.id}" if style.id in catalog.corridors else style.id
    return display_shapes().get(stem, [])


def _rgba(colour, alpha: int | None = None) -> tuple[float, ...]:
    values = list(colour)
    rgb = [v / 255 for v in values[:3]]
    a = alpha if alpha is not None else (values[3] if len(values) > 3 else 255)
    return (*rgb, a / 255)


def _dashes(style: LayerStyle) -> tuple:
    if style.line_style == "dashed":
        return (0, tuple(d / style.width for d in DASH_PX))  # matplotlib scales by width
    return (0, ())


# --- drawing ----------------------------------------------------------------------------

def _draw_layers(ax, catalog: Catalog, visible: Collection[str]) -> None:
    """The catalog layers in draw order, styled as the deck draws them."""
    for order, style in enumerate(catalog.layers.values()):
        if style.id not in visible:
            continue
        for _, geometry in _layer_shapes(style, catalog):
            if style.kind == "area":
                for polygon in shapely.get_parts(geometry):
                    ax.fill(*polygon.exterior.xy, facecolor=_rgba(style.fill_colour),
                            edgecolor=_rgba(style.colour), linewidth=style.width * PT_PER_PX,
                            zorder=order)
            elif style.kind == "line":
                for line in shapely.get_parts(geometry):
                    ax.plot(*line.xy, color=_rgba(style.colour), solid_capstyle="round",
                            linewidth=style.width * PT_PER_PX, linestyle=_dashes(style),
                            zorder=10 + order)
            else:
                ax.scatter([geometry.x], [geometry.y], s=(2 * 5 * PT_PER_PX) ** 2,
                           facecolor=_rgba(style.fill_colour), zorder=40,
                           edgecolor=_rgba(style.colour), linewidth=style.width * PT_PER_PX)


def _segment_lines(catalog: Catalog, figure: PlacedFigure) -> list:
    keys = [(figure.corridor, figure.location)] if figure.kind == "segment" else [
        (figure.corridor, s) for s in catalog.routes[figure.location].segments
    ] if figure.kind == "route" else []
    lines = {(p["corridor"], p["id"]): g for p, g in
             display_shapes().get(f"segments-{figure.corridor}", [])}
    return [lines[key] for key in keys if key in lines]


def _draw_figures(ax, catalog: Catalog, content: MapContent) -> None:
    """The period's figures: widths and circle sizes on the deck's scale."""
    nodes = {p["id"]: g for p, g in display_shapes().get("nodes", [])}
    # widest first, so a narrower figure on the same stretch stays visible on top
    for figure in sorted(content.placed, key=lambda f: -f.value):
        colour = catalog.layers[figure.corridor].colour
        if figure.kind == "node" and figure.location in nodes:
            point = nodes[figure.location]
            radius = radius_px(figure.value, content.max_value) * PT_PER_PX
            ax.scatter([point.x], [point.y], s=(2 * radius) ** 2, zorder=30,
                       facecolor=_rgba(colour, FIGURE_ALPHA["node"]), edgecolor="black",
                       linewidth=PT_PER_PX)
        for line in _segment_lines(catalog, figure):
            ax.plot(*line.xy, color=_rgba(colour, FIGURE_ALPHA["segment"]), zorder=25,
                    linewidth=width_px(figure.value, content.max_value) * PT_PER_PX,
                    solid_capstyle="round", solid_joinstyle="round")


def _draw_selection(ax, catalog: Catalog, ref: FeatureRef | None) -> None:
    if ref is None:
        return
    if ref.kind == "node":
        nodes = {p["id"]: g for p, g in display_shapes().get("nodes", [])}
        if ref.id in nodes:
            ax.scatter([nodes[ref.id].x], [nodes[ref.id].y], s=(2 * 14 * PT_PER_PX) ** 2,
                       facecolor="none", edgecolor="#1f2933", linewidth=3 * PT_PER_PX,
                       zorder=45)
        return
    figure = PlacedFigure(ref.corridor, ref.id, ref.kind, "", 0, "", "", "", "", "")
    if ref.kind in ("segment", "route") and ref.corridor in catalog.corridors:
        for line in _segment_lines(catalog, figure):
            ax.plot(*line.xy, color="#1f2933", linewidth=9 * PT_PER_PX, alpha=0.35,
                    zorder=24, solid_capstyle="round")


def _extent(ax, catalog: Catalog, aspect: float) -> None:
    """Frame the corridors (all segments and nodes) with a margin, at the axes' aspect."""
    parts = [g for stem, shapes in display_shapes().items()
             if stem.startswith("segments-") or stem == "nodes" for _, g in shapes]
    xmin, ymin, xmax, ymax = shapely.GeometryCollection(parts).bounds
    width, height = (xmax - xmin) * 1.06, (ymax - ymin) * 1.12
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(cy - height / 2, cy + height / 2)


# --- the page around the map ------------------------------------------------------------

def _title(content: MapContent) -> tuple[str, str]:
    view = content.view
    if view.lang == "en":  # the image as it was before the languages
        title = f"Freight {view.metric} on the corridors through Kazakhstan"
        period = content.period_label or "no period with figures"
        subtitle = f"{view.metric.capitalize()} per period ({view.unit}), {period}"
        if content.selection_title:
            subtitle += f" · selected: {content.selection_title}"
        return title, subtitle
    _ = gettext_for(view.lang)
    title = _(TITLES.get(view.metric, TITLES["volume"]))
    period = content.period_label or _("no period with figures")
    subtitle = (_(PER_PERIOD.get(view.metric, PER_PERIOD["volume"])).format(
        unit=format_unit(view.unit, view.lang)) + f", {period}")
    if content.selection_title:
        subtitle += " · " + _("selected: {place}").format(place=content.selection_title)
    return title, subtitle


def _footer(content: MapContent) -> list[str]:
    """Data revision, the figures' sources and the schematic note, in the view's language."""
    lang = content.view.lang
    if lang == "en":
        return [f"{content.stamp.as_of()}.", sources_line(content.sources), SCHEMATIC_NOTE]
    _, stamp = gettext_for(lang), content.stamp
    names = source_names(content.sources)
    figures = (_("Figures: {sources}").format(sources=", ".join(names)) if names
               else _("Figures: none for this view"))
    return [_("Data as of revision {revision} ({date} UTC), data version {version}.").format(
                revision=stamp.revision, date=stamp.date, version=stamp.data_version),
            f"{figures}. {_(BORDERS)}.",
            _("Lines are schematic (node to node along great circles), not surveyed tracks.")]


def _label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LEGEND_CHARS))


def _legend(panel, catalog: Catalog, content: MapContent, font_pt: float) -> None:
    """Layers (colour, line style), then the width scale of the period's figures."""
    lang = content.view.lang
    _ = gettext_for(lang)
    handles = []
    for style in reversed(list(catalog.layers.values())):
        if style.id not in content.view.visible:
            continue
        style = dataclasses.replace(style, title=_label(style.title_in(lang)))
        if style.kind == "line":
            handles.append(Line2D([], [], color=_rgba(style.colour), label=style.title,
                                  linewidth=style.width * PT_PER_PX * 1.5,
                                  linestyle=_dashes(style)))
        elif style.kind == "point":
            handles.append(Line2D([], [], linestyle="none", marker="o", label=style.title,
                                  markersize=2 * 5 * PT_PER_PX,
                                  markerfacecolor=_rgba(style.fill_colour),
                                  markeredgecolor=_rgba(style.colour)))
        else:
            handles.append(Patch(facecolor=_rgba(style.fill_colour), label=style.title,
                                 edgecolor=_rgba(style.colour)))
    layers = panel.legend(handles=handles, loc="upper left", title=_("Layers"), frameon=False,
                          fontsize=font_pt, title_fontsize=font_pt * 1.1, alignment="left")
    panel.add_artist(layers)
    colour = catalog.layers["middle"].colour
    scale = [Line2D([], [], color=_rgba(colour, FIGURE_ALPHA["segment"]),
                    linewidth=width_px(value, content.max_value) * PT_PER_PX,
                    label=format_quantity(value, content.view.unit, lang))
             for value in scale_samples(content.max_value)]
    scale.append(Line2D([], [], color=_rgba(colour), linewidth=2 * PT_PER_PX,
                        label=_label(_(MISSING_NOTE))))
    metric = content.view.metric
    panel.legend(handles=scale, loc="lower left", frameon=False, fontsize=font_pt,
                 title=_(PER_PERIOD.get(metric, PER_PERIOD["volume"])).format(
                     unit=format_unit(content.view.unit, lang)),
                 title_fontsize=font_pt * 1.1, alignment="left")


def corridor_total_lines(catalog: Catalog, content: MapContent) -> list[str]:
    """Whole-corridor figures of the period, which have no place on the map: one line
    each (``Middle Corridor: 4,484,000 t (reported)``), in the view's language."""
    lang = content.view.lang
    _ = gettext_for(lang)
    return [f"{catalog.corridors[f.corridor].title_in(lang)}: "
            f"{format_quantity(f.value, f.unit, lang)} "
            f"({_(QUALITY_TITLES.get(f.quality, f.quality))})" for f in content.placed
            if f.kind == "corridor" and f.corridor in catalog.corridors]


def _corridor_totals(panel, catalog: Catalog, content: MapContent, font_pt: float) -> None:
    lines = corridor_total_lines(catalog, content)
    if not lines:
        return
    _ = gettext_for(content.view.lang)
    title = _("Whole corridor, {period}").format(period=content.period_label)
    panel.text(0.02, 0.55, "\n".join([title, *lines]), transform=panel.transAxes,
               fontsize=font_pt, color="#1f2933", va="top", linespacing=1.6)


def build_figure(content: MapContent, catalog: Catalog, size: str = "slide") -> Figure:
    """Draw the map, its legend and texts on a new matplotlib figure of ``size``."""
    if size not in SIZES:
        raise MapImageError(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    width_px_, height_px, dpi = SIZES[size]
    figure = Figure(figsize=(width_px_ / dpi, height_px / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    font_pt = 11 if size == "slide" else 9
    left, bottom, map_w, map_h = 0.02, 0.11, 0.72, 0.78
    ax = figure.add_axes((left, bottom, map_w, map_h))
    ax.set_axis_off()
    aspect = (map_w * width_px_) / (map_h * height_px)
    _draw_layers(ax, catalog, content.view.visible)
    _draw_figures(ax, catalog, content)
    _draw_selection(ax, catalog, content.view.selection)
    _extent(ax, catalog, aspect)
    panel = figure.add_axes((0.755, bottom, 0.235, map_h))
    panel.set_axis_off()
    _legend(panel, catalog, content, font_pt)
    _corridor_totals(panel, catalog, content, font_pt)
    title, subtitle = _title(content)
    figure.text(0.02, 0.955, title, fontsize=font_pt * 2, weight="bold", color="#1f2933",
                va="center")
    figure.text(0.02, 0.912, subtitle, fontsize=font_pt * 1.35, color="#323f4b", va="center")
    for row, text in enumerate(_footer(content)):
        figure.text(0.02, 0.075 - row * 0.028, text, fontsize=font_pt * 0.95,
                    color="#323f4b", va="center")
    return figure


def render_map(content: MapContent, catalog: Catalog, *, fmt: str = "png",
               size: str = "slide") -> bytes:
    """The map as PNG or SVG bytes (SVG keeps its texts as text, searchable)."""
    if fmt not in FORMATS:
        raise MapImageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    figure = build_figure(content, catalog, size)
    buffer = io.BytesIO()
    # No creation date in the file: the same view of the same revision gives the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with _RENDER_LOCK:  # download buttons render on their own threads
        figure.savefig(buffer, format=fmt, dpi=figure.dpi, metadata=metadata)
    return buffer.getvalue()

