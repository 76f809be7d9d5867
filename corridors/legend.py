"""The map legend as a small SVG: colour and line style, so the corridors differ
without colour too. Titles come from our catalog and are XML-escaped all the same."""

from __future__ import annotations

from collections.abc import Collection
from xml.sax.saxutils import escape

from corridors.catalog import Catalog, LayerStyle

ROW_PX = 22
WIDTH_PX = 260


def _rgb(colour) -> str:
    return "rgb({},{},{})".format(*list(colour)[:3])


def _symbol(style: LayerStyle, y: int) -> str:
    """One legend symbol centred on ``y`` (pixels), drawn like the layer on the map."""
    if style.kind == "line":
        dash = ' stroke-dasharray="8 5"' if style.line_style == "dashed" else ""
        return (f'<line x1="4" y1="{y}" x2="40" y2="{y}" stroke="{_rgb(style.colour)}" '
                f'stroke-width="{style.width}"{dash}/>')
    if style.kind == "point":
        return (f'<circle cx="22" cy="{y}" r="5" fill="{_rgb(style.fill_colour)}" '
                f'stroke="{_rgb(style.colour)}" stroke-width="2"/>')
    return (f'<rect x="6" y="{y - 7}" width="32" height="14" fill="{_rgb(style.fill_colour)}" '
            f'stroke="{_rgb(style.colour)}" stroke-width="{style.width}"/>')


def legend_svg(catalog: Catalog, visible: Collection[str]) -> str:
    """Return an SVG legend of the visible layers, topmost layer first.

    Parameters
    ----------
    catalog : corridors.catalog.Catalog
        Layer styles (RGB colours, line style, width in pixels).
    visible : collection of str
        Layer ids shown on the map; hidden layers are listed greyed out as "(hidden)".
    """
    styles = list(reversed(list(catalog.layers.values())))
    rows = []
    for i, style in enumerate(styles):
        y = ROW_PX * i + ROW_PX // 2 + 2
        shown = style.id in visible
        label = escape(style.title) + ("" if shown else " (hidden)")
        opacity = "1" if shown else "0.35"
        rows.append(f'<g opacity="{opacity}">{_symbol(style, y)}'
                    f'<text x="50" y="{y + 4}" font-size="13" font-family="sans-serif" '
                    f'fill="#1f2933">{label}</text></g>')
    height = ROW_PX * len(styles) + 4
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Map legend" '
            f'width="{WIDTH_PX}" height="{height}" viewBox="0 0 {WIDTH_PX} {height}">'
            + "".join(rows) + "</svg>")
