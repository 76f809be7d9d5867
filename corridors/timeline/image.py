"""The Timeline's charts as PNG or SVG, rendered on the server by vl-convert (offline).

vl-convert embeds the Vega-Lite compiler and its fonts, so nothing is fetched. The
spec is the one the Timeline page shows (``corridors.timeline.view.chart_specs``), with
the same texts; only the ``"container"`` width of the page becomes a fixed width.
"""

from __future__ import annotations

import copy

import pandas as pd
import vl_convert

from corridors.domain.catalog import Catalog
from corridors.timeline.events import load_events
from corridors.timeline.view import build_timeline, chart_specs, location_options

CHARTS = ("main", "yoy", "side")
FORMATS = {"chart-png": "image/png", "chart-svg": "image/svg+xml"}
WIDTH_PX = 960  # the width a page of the Timeline gives its chart on a laptop
PNG_SCALE = 2  # a PNG at twice the CSS size stays sharp on a slide


class ChartImageError(ValueError):
    """The requested chart does not exist for this selection, or the format is unknown."""


def _fixed_width(spec: dict, width: int) -> dict:
    """A copy of ``spec`` with every ``"container"`` width replaced by ``width`` px."""
    fixed = copy.deepcopy(spec)
    stack = [fixed]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("width") == "container":
                node["width"] = width
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return fixed


def render_chart(spec: dict, fmt: str = "chart-png", *, width: int = WIDTH_PX) -> bytes:
    """Render one Vega-Lite spec (data inline) as PNG or SVG bytes."""
    fixed = _fixed_width(spec, width)
    if fmt == "chart-png":
        return vl_convert.vegalite_to_png(fixed, scale=PNG_SCALE)
    if fmt == "chart-svg":
        return vl_convert.vegalite_to_svg(fixed).encode("utf-8")
    raise ChartImageError(f"unknown chart format {fmt!r}; choose from {', '.join(FORMATS)}")


def timeline_specs(figures: pd.DataFrame, catalog: Catalog, *, location: str = "",
                   metric: str = "volume", unit: str = "t", granularity: str = "year",
                   show_events: bool = True, show_plans: bool = False,
                   lang: str = "en") -> dict[str, dict]:
    """The Timeline page's specs for one selection of ``figures``
    (``Store.current_figures``), as the page builds them (texts in ``lang``)."""
    options = location_options(figures, catalog, lang)
    if location not in options:
        raise ChartImageError(f"no figures for location {location!r}; locations with "
                              f"figures: {', '.join(o or '(whole corridors)' for o in options)}")
    view = build_timeline(figures, location=location, metric=metric, unit=unit,
                          granularity=granularity, title=options[location],
                          show_plans=show_plans, catalog=catalog, lang=lang)
    return chart_specs(view, load_events() if show_events else None, location=location,
                       metric=metric, catalog=catalog, lang=lang)


def chart_image(figures: pd.DataFrame, catalog: Catalog, *, chart: str = "main",
                fmt: str = "chart-png", **selection) -> bytes:
    """One Timeline chart of ``figures`` (``Store.current_figures``) as image bytes;
    ``selection`` as for :func:`timeline_specs`."""
    specs = timeline_specs(figures, catalog, **selection)
    if chart not in specs:
        raise ChartImageError(f"no {chart!r} chart for this selection; charts: "
                              f"{', '.join(specs)}")
    return render_chart(specs[chart], fmt)
