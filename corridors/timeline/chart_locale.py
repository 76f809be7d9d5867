"""Vega-Lite's own number and date formats in the reader's language.

Vega formats axis ticks itself (d3-format, d3-time-format), in English unless the spec
carries a ``config.locale``. These are built from Babel's CLDR data, the same source as
every other number and date on the pages (``1 234 567,5``; ``янв. 2024``), so an axis
reads like the table under it. English specs stay as they were (no locale block).
"""

from __future__ import annotations

from functools import lru_cache

from corridors.domain.i18n import DEFAULT_LANGUAGE, normalise_language


@lru_cache(maxsize=4)
def vega_locale(lang: str | None) -> dict | None:
    """``{"number": ..., "time": ...}`` for a spec's ``config.locale``; ``None`` in English."""
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        return None
    from babel import Locale

    locale = Locale.parse(lang)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    months, days = locale.months, locale.days

    def ordered(names) -> list[str]:
        return [names[k] for k in sorted(names)]

    return {
        "number": {"decimal": symbols["decimal"], "thousands": symbols["group"],
                   "grouping": [3], "currency": ["", "\u00a0₸"], "minus": "-",
                   "percent": "%"},
        "time": {
            "dateTime": "%x, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            # Monday first in CLDR's numbering, Sunday first for d3
            "days": [days["stand-alone"]["wide"][6], *ordered(
                days["stand-alone"]["wide"])[:6]],
            "shortDays": [days["stand-alone"]["abbreviated"][6], *ordered(
                days["stand-alone"]["abbreviated"])[:6]],
            "months": ordered(months["stand-alone"]["wide"]),
            "shortMonths": ordered(months["stand-alone"]["abbreviated"]),
        },
    }


def with_locale(spec: dict, lang: str | None) -> dict:
    """``spec`` with the language's number and date formats in ``config.locale``."""
    locale = vega_locale(lang)
    if locale is None:
        return spec
    config = {**spec.get("config", {}), "locale": locale}
    return {**spec, "config": config}


#: Thousands and millions on an axis, as each language shortens them (SI's ``k`` and
#: ``M`` read as English in a Kazakh or Russian chart).
_SCALE_WORDS = {"ru": ("тыс.", "млн", "млрд"), "kk": ("мың", "млн", "млрд")}


def amount_axis(lang: str | None) -> dict:
    """Vega-Lite ``axis`` properties for an axis of amounts: ``,~s`` (``2M``) in
    English, as before; ``2 млн``, ``500 тыс.`` / ``500 мың`` in Russian and Kazakh,
    the numbers in the spec's locale (``with_locale``)."""
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    if lang not in _SCALE_WORDS:
        return {"format": ",~s"}
    thousand, million, billion = _SCALE_WORDS[lang]
    value = "datum.value"
    return {"labelExpr": (
        f"abs({value}) >= 1e9 ? format({value} / 1e9, ',~r') + ' {billion}' : "
        f"abs({value}) >= 1e6 ? format({value} / 1e6, ',~r') + ' {million}' : "
        f"abs({value}) >= 1e3 ? format({value} / 1e3, ',~r') + ' {thousand}' : "
        f"format({value}, ',~r')")}
