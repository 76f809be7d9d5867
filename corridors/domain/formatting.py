"""How numbers, periods and units read for people: one rule for every table, tooltip,
legend and chart, in the reader's language.

Every function takes ``locale`` (``en``, ``ru`` or ``kk``; English by default, whose
output is unchanged from before the interface had languages). Numbers and dates come from
Babel's CLDR data: ``1 234 567,5`` in Russian and Kazakh (no-break spaces), ``1,234,567.5``
in English. Machine formats (the canonical CSV, JSON) keep exact values and English; see
``corridors.ingest.canonical.format_value``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from corridors.domain.i18n import DEFAULT_LANGUAGE, normalise_language

#: Units as each language writes them (the canonical codes stay ``t``/``TEU``/``trains``).
UNIT_NAMES = {
    "en": {"t": "t", "TEU": "TEU", "trains": "trains"},
    "ru": {"t": "т", "TEU": "ДФЭ", "trains": "поездов"},
    "kk": {"t": "т", "TEU": "TEU", "trains": "пойыз"},
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KK_ROMAN = {1: "І", 2: "ІІ", 3: "ІІІ", 4: "IV"}  # Kazakh writes І (Cyrillic), as CLDR does


def _lang(locale: str | None) -> str:
    return normalise_language(locale) or DEFAULT_LANGUAGE


def format_number(value: float | None, locale: str = "en", decimals: int | None = None) -> str:
    """``1485000.0`` -> ``1,485,000`` (``1 485 000`` in ``ru``/``kk``); ``12.5`` -> ``12.5``
    (``12,5``): one decimal is kept below 100, where it still matters, unless ``decimals``
    says how many; missing (None or NaN) -> ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if decimals is None:
        decimals = 1 if abs(value) < 100 and value != int(value) else 0
    lang = _lang(locale)
    if lang == "en":
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(value, decimals), format=pattern, locale=lang)


def format_unit(unit: str, locale: str = "en") -> str:
    """A canonical unit as the language writes it: ``TEU`` -> ``ДФЭ`` in Russian."""
    return UNIT_NAMES[_lang(locale)].get(unit, unit)


def format_quantity(value: float | None, unit: str, locale: str = "en") -> str:
    """A number with its unit: ``1,485,000 t``; ``56,500 TEU``; ``2.5 trains``; in Russian
    ``1 485 000 т``, ``56 500 ДФЭ``."""
    text = format_number(value, locale)
    return f"{text} {format_unit(unit, locale)}" if text else ""


def _date(label: str) -> dt.date:
    year, _, month = label.partition("-")
    return dt.date(int(year), int(month or 1), 1)


def format_period(label: str, locale: str = "en") -> str:
    """A canonical period label for people in the language.

    ``2024`` -> ``2024``; ``2024-Q1`` -> ``Q1 2024`` / ``I кв. 2024`` / ``2024 ж. І тоқсан``;
    ``2024-H1`` -> ``H1 2024`` / ``I пол. 2024`` / ``2024 ж. І жартыжылдық``; ``2024-05`` ->
    ``May 2024`` / ``май 2024 г.`` / ``2024 ж. мамыр``; a range ``2024-01..2024-11`` -> CLDR's
    interval (``Jan – Nov 2024``). English keeps the canonical label where it is already
    plain (``2024-Q1``, ``2024-05``); anything unrecognised is returned unchanged.
    """
    lang = _lang(locale)
    if lang == "en" or re.fullmatch(r"\d{4}", label):
        return label
    from babel.dates import format_interval, format_skeleton

    if m := re.fullmatch(r"(\d{4})-Q([1-4])", label):
        year, quarter = int(m[1]), int(m[2])
        if lang == "ru":
            return f"{_ROMAN[quarter]} кв. {year}"
        return format_skeleton("yQQQQ", dt.date(year, 3 * quarter - 2, 1),
                               locale=lang).replace("\u202f", " ")
    if m := re.fullmatch(r"(\d{4})-H([12])", label):
        year, half = int(m[1]), int(m[2])
        if lang == "ru":
            return f"{_ROMAN[half]} пол. {year}"
        return f"{year} ж. {_KK_ROMAN[half]} жартыжылдық"
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return format_skeleton("yMMMM", _date(label), locale=lang).replace("\u202f", " ")
    if m := re.fullmatch(r"(\d{4}-\d{2})\.\.(\d{4}-\d{2})", label):
        return format_interval(_date(m[1]), _date(m[2]), "yMMM",
                               locale=lang).replace("\u202f", " ")
    return label


def format_date(day: dt.date, locale: str = "en") -> str:
    """A day for people: ISO ``2024-03-01`` in English (as before), CLDR's medium date
    elsewhere (``1 мар. 2024 г.``, ``2024 ж. 1 нау.``)."""
    lang = _lang(locale)
    if lang == "en":
        return day.isoformat()
    from babel.dates import format_date as babel_date

    return babel_date(day, format="medium", locale=lang).replace("\u202f", " ")


#: Thousands and millions of tonnes as each language abbreviates them.
_KILOTONNES = {"en": "kt", "ru": "тыс. т", "kk": "мың т"}
_MEGATONNES = {"en": "Mt", "ru": "млн т", "kk": "млн т"}


def format_amount(value: float | None, unit: str, locale: str = "en") -> str:
    """A quantity as a person reads it on a map or in a sentence: tonnes in kt or Mt
    (``4,119,000`` t -> ``4.1 Mt``, ``23,000,000`` t -> ``23 Mt``, ``759,000`` t ->
    ``759 kt``; in Russian ``4,1 млн т``, ``759 тыс. т``; in Kazakh ``759 мың т``), TEU
    and trains in full with thousands separators (``410,600 TEU``, ``410 600 ДФЭ``).
    Missing -> ``""``. Tables keep :func:`format_quantity` (the exact figure)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    lang = _lang(locale)
    if unit == "t" and abs(value) >= 1_000_000:
        scaled = value / 1_000_000
        return f"{format_number(scaled, lang, 0 if abs(scaled) >= 10 else 1)} {_MEGATONNES[lang]}"
    if unit == "t" and abs(value) >= 10_000:
        return f"{format_number(value / 1000, lang, 0)} {_KILOTONNES[lang]}"
    return format_quantity(value, unit, lang)


def format_change(value: float | None, previous: float | None, locale: str = "en") -> str:
    """Change in percent on an earlier value: ``+12%``, ``-48%`` (``+12 %``, ``-48 %`` in
    Russian, as CLDR writes percentages); ``""`` when either is missing or the earlier
    one is zero (no percentage of nothing)."""
    if value is None or previous is None or not previous:
        return ""
    if any(isinstance(v, float) and math.isnan(v) for v in (value, previous)):
        return ""
    change = 100.0 * (value - previous) / previous
    return f"{change:+.0f}" + _PERCENT_SIGN[_lang(locale)]


_PERCENT_SIGN = {"en": "%", "ru": "\u00a0%", "kk": "%"}  # as CLDR's percent patterns
_UNKNOWN = {"en": "unknown", "ru": "неизвестно", "kk": "белгісіз"}


def format_percent(share: float | None, locale: str = "en") -> str:
    """A share as a percentage: ``0.3`` -> ``30%``; ``0.025`` -> ``2.5%`` (one decimal
    below 10%; ``2,5 %`` in Russian, ``2,5%`` in Kazakh); None -> ``unknown``; infinity
    (a load on zero capacity) -> ``∞``."""
    lang = _lang(locale)
    if share is None:
        return _UNKNOWN[lang]
    if math.isinf(share):
        return "∞"
    value = share * 100
    decimals = 1 if value < 10 and value != int(value) else 0
    return format_number(value, lang, decimals) + _PERCENT_SIGN[lang]



def format_tonnage(value: float, unit: str, locale: str = "en") -> str:
    """Like :func:`format_quantity`, with tonnes of a million or more in Mt (``3.04 Mt``;
    ``3,04 млн т`` in Russian and Kazakh), for sentences where seven digits would not read."""
    lang = _lang(locale)
    if unit == "t" and abs(value) >= 1e6:
        return f"{format_number(value / 1e6, lang, 2)} {_MEGATONNES[lang]}"
    return format_quantity(value, unit, lang)


# --- Vega-Lite's own formats ------------------------------------------------------------
# Vega formats axis ticks itself (d3-format, d3-time-format), in English unless the spec
# carries a ``config.locale``. These come from the same CLDR data as every other number
# and date here, so an axis reads like the table under it (``1 234 567,5``; ``янв.
# 2024``); English specs stay as they were (no locale block). Used by the Timeline's
# charts and the Map's small chart of a clicked place.

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
