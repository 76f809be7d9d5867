"""The map legend as a small SVG: colour and line style, so the corridors differ
without colour too. Titles come from our catalog and are XML-escaped all the same."""

from __future__ import annotations

import math
from collections.abc import Collection
from xml.sax.saxutils import escape

from corridors.domain.catalog import Catalog, LayerStyle
from corridors.domain.formatting import format_amount
from corridors.domain.i18n import gettext_for
from corridors.map.period_figures import MAX_SIZE_PX, size_px

ROW_PX = 22
WIDTH_PX = 240
LABEL_CHARS = 24


#: Text attributes every label shares, set once on the root (issue 17: the legend is
#: resent on every toggle, so each byte of it counts).
TEXT_ATTRS = 'font-size="13" font-family="sans-serif" fill="#1f2933"'


def _rgb(colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*list(colour)[:3])


def svg_data_uri(svg: str) -> str:
    """``svg`` as a ``data:`` URL for ``st.image``, percent-encoding only ``%`` and ``#``
    (what a data URL's body needs; non-ASCII letters stay UTF-8). Streamlit's own
    encoding of SVG markup is base64, a third larger, and the legend travels over the
    websocket again on every toggle (issue 17)."""
    return "data:image/svg+xml;charset=utf-8," + svg.replace("%", "%25").replace(
        "#", "%23").replace("\n", "%0A")


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


def _wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """Split a label into lines of at most ``width`` characters, at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def legend_svg(catalog: Catalog, visible: Collection[str], lang: str = "en") -> str:
    """Return an SVG legend of the visible layers, topmost layer first.

    Parameters
    ----------
    catalog : corridors.domain.catalog.Catalog
        Layer styles (RGB colours, line style, width in pixels).
    visible : collection of str
        Layer ids shown on the map; hidden layers are listed greyed out as "(hidden)".
    lang : str
        Language of the titles (``en``, ``ru``, ``kk``).
    """
    _ = gettext_for(lang)
    rows, top = [], 2
    for style in reversed(list(catalog.layers.values())):
        shown = style.id in visible
        lines = _wrap(style.title_in(lang) + ("" if shown else " " + _("(hidden)")))
        y = top + ROW_PX // 2
        text = "".join('<tspan x="50"' + (' dy="15"' if i else "") + f">{escape(line)}</tspan>"
                       for i, line in enumerate(lines))
        # opacity 1 is the default: only a hidden layer's row needs a group
        row = f'{_symbol(style, y)}<text y="{y + 4}">{text}</text>'
        rows.append(row if shown else f'<g opacity="0.35">{row}</g>')
        top += ROW_PX + 15 * (len(lines) - 1)
    height = top + 4
    label = escape(_("Map legend"), {'"': "&quot;"})
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
            f'width="{WIDTH_PX}" height="{height}" viewBox="0 0 {WIDTH_PX} {height}" '
            f'{TEXT_ATTRS}>' + "".join(rows) + "</svg>")


def _nice(value: float) -> float:
    """Round down to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return max(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8) if m * power <= value)


def scale_samples(max_value: float) -> list[float]:
    """Round sample values for a width legend: about 10 %, 40 % and 100 % of the maximum."""
    return sorted({_nice(max_value * share) for share in (0.1, 0.4, 1.0)} - {0.0})


def figure_legend_svg(max_value: float, unit: str, colour, lang: str = "en") -> str:
    """Legend of the period overlay: one scale for line widths and circle sizes.

    Each sample value is drawn as a line as wide as the map draws it and a circle as
    wide across, beside the amount (``3 Mt``, ``10 Mt``, ``30 Mt``).

    Parameters
    ----------
    max_value : float
        The value drawn at full size (same scale as ``corridors.map.deck.figure_layers``).
    unit : str
        Unit of the values (t, TEU or trains per period).
    colour : sequence of int
        RGB of the sample symbols.
    lang : str
        Language of the amounts and the note.
    """
    _ = gettext_for(lang)
    samples = scale_samples(max_value)
    rows, top = [], 4
    for value in samples:
        size = size_px(value, max_value)
        y = top + max(size, 16) / 2
        label = escape(format_amount(value, unit, lang))
        rows.append(
            f'<line x1="4" y1="{y}" x2="56" y2="{y}" stroke="{_rgb(colour)}" '
            f'stroke-opacity="0.6" stroke-width="{size}"/>'
            f'<circle cx="{70 + MAX_SIZE_PX / 2}" cy="{y}" r="{size / 2}" '
            f'fill="{_rgb(colour)}" fill-opacity="0.75" stroke="#000" stroke-width="1"/>'
            f'<text x="{80 + MAX_SIZE_PX}" y="{y + 4}" font-size="13" '
            f'font-family="sans-serif" fill="#1f2933">{label}</text>')
        top += max(size, 16) + 8
    y = top + 8
    # Cyrillic letters run wider than Latin ones at the same size: shorter lines
    missing = _wrap(_("thin line only: no figure for this period (missing, not zero)"),
                    30 if lang == "en" else 25)
    text = "".join(f'<tspan x="{80 + MAX_SIZE_PX}" dy="{0 if i == 0 else 15}">'
                   f'{escape(line)}</tspan>' for i, line in enumerate(missing))
    rows.append(f'<line x1="4" y1="{y}" x2="56" y2="{y}" stroke="{_rgb(colour)}" '
                f'stroke-width="2"/><text y="{y + 4}" font-size="13" '
                f'font-family="sans-serif" fill="#1f2933">{text}</text>')
    height = int(y + 15 * len(missing) + 4)
    width = WIDTH_PX + 60
    label = escape(_("Figure legend"), {'"': "&quot;"})
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            + "".join(rows) + "</svg>")
