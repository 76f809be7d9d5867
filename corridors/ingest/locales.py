"""Month and quarter words of English, Russian and Kazakh, from CLDR (via Babel).

The vocabulary is built once at import from Babel's locale data: every month and
quarter name in the wide and abbreviated widths, format and stand-alone contexts
(``январь``/``января``/``янв.``, ``қаңтар``/``қаң.``, ``1st quarter``/``Q1``,
``1-й кв.``, ``І тоқсан``/``І тқс.``). ``periods`` keeps its own grammar on top
(ranges, Roman numerals, year-first Kazakh order, half-years) and the project's own
extra spellings (``сент``, ``нояб``...), which are merged in here.
"""

from __future__ import annotations

import re

from babel.dates import get_month_names, get_quarter_names

LOCALES = ("en", "ru", "kk")
WIDTHS = ("wide", "abbreviated")
CONTEXTS = ("format", "stand-alone")

# Cyrillic letters that look like Latin ones in Roman numerals (Kazakh keyboards type І).
_ROMAN_LOOKALIKES = str.maketrans({"і": "i", "І": "i", "Ι": "i", "ⅰ": "i", "Ⅰ": "i",
                                    "х": "x", "Х": "x", "v": "v", "V": "v"})


def word_key(text: str) -> str:
    """A month or quarter word as periods matches it: lower case, ё as е, no dots."""
    text = text.strip().lower().replace("ё", "е").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text.replace(".", " ")).strip()


def roman_key(text: str) -> str:
    """``І``/``ІІ`` typed with Cyrillic І (or any look-alike) as Latin ``i``/``ii``."""
    return text.translate(_ROMAN_LOOKALIKES).lower()


def cldr_month_names() -> dict[str, int]:
    """Every CLDR month name of the three locales (as ``word_key``) to its number."""
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in WIDTHS:
            for context in CONTEXTS:
                for number, name in get_month_names(width, context, locale).items():
                    names[word_key(name)] = number
    return names


def cldr_quarter_names() -> dict[str, int]:
    """Every CLDR quarter name (``1st quarter``, ``1-й кв``, ``i тоқсан``) to 1..4."""
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in WIDTHS:
            for context in CONTEXTS:
                for number, name in get_quarter_names(width, context, locale).items():
                    names[roman_key(word_key(name))] = number
    return names


def cldr_labels(year: int) -> list[tuple[str, str]]:
    """``(label, canonical period)`` of every CLDR month and quarter name of ``year``.

    Each name stands before the year (``May 2024``, ``1-й кв. 2024``) and, as CLDR's
    own ``yMMMM``/``yQQQQ`` patterns write it, in the locale's order with its year word
    (``2024 ж. қаңтар``, ``январь 2024 г.``). Used by the round-trip test.
    """
    import datetime as dt

    from babel.dates import format_skeleton

    labels = []
    for locale in LOCALES:
        for width in WIDTHS:
            for context in CONTEXTS:
                for number, name in get_month_names(width, context, locale).items():
                    labels.append((f"{name} {year}", f"{year}-{number:02d}"))
                for number, name in get_quarter_names(width, context, locale).items():
                    labels.append((f"{name} {year}", f"{year}-Q{number}"))
        for month in range(1, 13):
            day = dt.date(year, month, 1)
            for skeleton in ("yMMMM", "yMMM"):
                labels.append((format_skeleton(skeleton, day, locale=locale),
                               f"{year}-{month:02d}"))
            if month % 3 == 1:
                for skeleton in ("yQQQ", "yQQQQ"):
                    labels.append((format_skeleton(skeleton, day, locale=locale),
                                   f"{year}-Q{month // 3 + 1}"))
    return labels
